/**
 * protectData on deployed stacks of both components, in dry-run mode (version 2 built as `pulumi
 * preview` runs it): same rows and assertions as protect-matrix.test.ts.
 */
import { test } from "node:test";
import assert from "node:assert/strict";

// The mocks read the mode when first imported; static imports would load them before this line.
process.env.AZURE_REDIS_ENTRA_TEST_DRY_RUN = "1";
const m: typeof import("../infra/mocks.ts") = await import("../infra/mocks.ts");
const { checkTransition } = await import("./harness.ts");
const rows = await import("./protect-rows.ts");
assert.equal(m.DRY_RUN, true);

for (const row of [...rows.CACHE_PROTECT_ROWS, ...rows.CACHE_PROTECT_UPGRADE_ROWS])
  test(`EntraRedisCache (preview): ${row.name}`, async () => {
    await checkTransition(m, row);
  });
for (const row of [...rows.MANAGED_PROTECT_ROWS, ...rows.MANAGED_PROTECT_UPGRADE_ROWS])
  test(`EntraManagedRedis (preview): ${row.name}`, async () => {
    await checkTransition(m, row);
  });
