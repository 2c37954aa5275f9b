/**
 * EntraManagedRedis's `sku` is typed as precisely as EntraRedisCache's (ManagedRedisSku, an `as const`
 * object, so other Pulumi languages get it as an enum: test/infra/schema.test.ts): exactly the SKUs
 * the component accepts, azure-native's redisenterprise SkuName without the retired Enterprise ones.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as managedEnums from "@pulumi/azure-native/types/enums/redisenterprise/index.js";
import { MANAGED_SKUS } from "../../src/infra/rules/sizing.ts";
import { ManagedRedisSku } from "../../src/infra/types.ts";
import type { EntraManagedRedisArgs } from "../../src/infra/managed-redis/args.ts";

test("ManagedRedisSku is azure-native's SkuName minus the retired Enterprise SKUs, in its order", () => {
  assert.deepEqual(Object.values(ManagedRedisSku), [...MANAGED_SKUS]);
  assert.deepEqual(
    Object.values(ManagedRedisSku),
    Object.values(managedEnums.SkuName).filter((s) => !s.startsWith("Enterprise")),
  );
  // Keys are the values, as azure-native's own keys are.
  for (const [key, value] of Object.entries(ManagedRedisSku)) assert.equal(key, value);
});

test("sku takes a ManagedRedisSku and refuses any other string at compile time", () => {
  const ok: EntraManagedRedisArgs["sku"] = "Balanced_B1";
  // @ts-expect-error a retired Enterprise SKU is not a ManagedRedisSku
  const retired: EntraManagedRedisArgs["sku"] = "Enterprise_E10";
  // @ts-expect-error nor is a cache SKU
  const cache: EntraManagedRedisArgs["sku"] = "Premium";
  assert.deepEqual([ok, retired, cache], ["Balanced_B1", "Enterprise_E10", "Premium"]);
});
