/**
 * protectData on deployed stacks of both components, in `pulumi up` mode (protect-rows.ts): a
 * replacement of the cache, cluster or database is refused by name unless the user opts in, removing
 * a component takes two updates, and the upgrade that adds the protection changes nothing in Azure.
 */
import { test } from "node:test";
import * as m from "../infra/mocks.ts";
import { checkTransition } from "./harness.ts";
import {
  CACHE_PROTECT_ROWS,
  CACHE_PROTECT_UPGRADE_ROWS,
  MANAGED_PROTECT_ROWS,
  MANAGED_PROTECT_UPGRADE_ROWS,
} from "./protect-rows.ts";

for (const row of [...CACHE_PROTECT_ROWS, ...CACHE_PROTECT_UPGRADE_ROWS])
  test(`EntraRedisCache (up): ${row.name}`, async () => {
    await checkTransition(m, row);
  });
for (const row of [...MANAGED_PROTECT_ROWS, ...MANAGED_PROTECT_UPGRADE_ROWS])
  test(`EntraManagedRedis (up): ${row.name}`, async () => {
    await checkTransition(m, row);
  });
