/**
 * EntraManagedRedis's transition matrix in dry-run mode: version 2 built as `pulumi preview` runs it
 * (outputs of resources the stack already has known, those of new ones unknown), against the state
 * version 1 left. Same rows and assertions as managed-matrix.test.ts.
 */
import { test } from "node:test";
import assert from "node:assert/strict";

// The mocks read the mode when first imported; static imports would load them before this line.
process.env.AZURE_REDIS_ENTRA_TEST_DRY_RUN = "1";
const m: typeof import("../infra/mocks.ts") = await import("../infra/mocks.ts");
const { checkTransition } = await import("./harness.ts");
const { MANAGED_ROWS, MANAGED_UPGRADE_ROWS } = await import("./managed-rows.ts");
assert.equal(m.DRY_RUN, true);

for (const row of [...MANAGED_ROWS, ...MANAGED_UPGRADE_ROWS]) {
  test(`EntraManagedRedis (preview): ${row.name}`, async () => {
    await checkTransition(m, row);
  });
}
