/**
 * EntraRedisCache's transition matrix in `pulumi up` mode: for every everyday edit, no step Azure or
 * azure-native refuses, no identity kept by both versions loses access, no cache replaced (rows with
 * a `knownHazard` assert that the model finds exactly that hazard; README says what to do instead).
 * LIFECYCLE_TABLE=1 prints the table (transition → steps → verdict).
 */
import { test } from "node:test";
import * as m from "../infra/mocks.ts";
import { checkTransition, table, type TransitionResult } from "./harness.ts";
import { CACHE_ROWS, CACHE_UPGRADE_ROWS } from "./cache-rows.ts";

const results: TransitionResult[] = [];
for (const row of [...CACHE_ROWS, ...CACHE_UPGRADE_ROWS]) {
  test(`EntraRedisCache (up): ${row.name}`, async () => {
    results.push(...(await checkTransition(m, row)));
  });
}
test("the matrix has at least 30 everyday edits", () => {
  if (CACHE_ROWS.length < 30) throw new Error(`only ${CACHE_ROWS.length} rows`);
  if (process.env.LIFECYCLE_TABLE) console.log(table(results));
});
