/**
 * EntraManagedRedis's transition matrix in `pulumi up` mode (see cache-matrix.test.ts).
 * LIFECYCLE_TABLE=1 prints the table (transition → steps → verdict).
 */
import { test } from "node:test";
import * as m from "../infra/mocks.ts";
import { checkTransition, table, type TransitionResult } from "./harness.ts";
import { MANAGED_ROWS, MANAGED_UPGRADE_ROWS } from "./managed-rows.ts";

const results: TransitionResult[] = [];
for (const row of [...MANAGED_ROWS, ...MANAGED_UPGRADE_ROWS]) {
  test(`EntraManagedRedis (up): ${row.name}`, async () => {
    results.push(...(await checkTransition(m, row)));
  });
}
test("the matrix has at least 30 everyday edits", () => {
  if (MANAGED_ROWS.length < 30) throw new Error(`only ${MANAGED_ROWS.length} rows`);
  if (process.env.LIFECYCLE_TABLE) console.log(table(results));
});
