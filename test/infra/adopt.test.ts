/**
 * Pulumi's `import` option and EntraRedisCache (docs/existing-cache.md), under mocks:
 * - on the component itself it is ignored: no child is imported;
 * - adoptExisting() through the component's `transformations` option imports the named children.
 * (Whether Azure's state matches the declared inputs is the engine's check at `pulumi up`; mocks
 * don't diff, so that part is documented, not tested here.)
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type * as pulumi from "@pulumi/pulumi";
import { cacheAssignment, find, OID1, reset, RG, settle, resources } from "./mocks.ts";
import { adoptExisting, EntraRedisCache, type EntraRedisCacheArgs } from "../../src/index.ts";

const CACHE_ID =
  "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-test/providers/Microsoft.Cache/Redis/legacy";
const ASSIGNMENT_ID = `${CACHE_ID}/accessPolicyAssignments/app`;
const args: EntraRedisCacheArgs = {
  resourceGroupName: RG,
  cacheName: "legacy",
  assignments: [{ objectId: OID1, alias: "app" }],
  firewallRules: [{ startIp: "203.0.113.1" }],
};

test("import set on the component is ignored by Pulumi: nothing is imported", async () => {
  reset();
  // ComponentResourceOptions has no `import`; a JavaScript caller could still pass it.
  new EntraRedisCache("plain", args, { import: CACHE_ID } as pulumi.ComponentResourceOptions);
  await settle();
  assert.ok(resources.length > 0);
  for (const r of resources) assert.equal(r.importId, "", `${r.name} must not be imported`);
});

test("adoptExisting imports the named children and leaves the rest to be created", async () => {
  reset();
  new EntraRedisCache("adopted", args, {
    transformations: [adoptExisting({ "adopted-redis": CACHE_ID, "adopted-assignment-app": ASSIGNMENT_ID })],
  });
  await settle();
  const cache = find("azure-native:redis:Redis", "adopted-redis");
  assert.equal(cache.importId, CACHE_ID);
  // The inputs stay the component's secure settings: the import only succeeds if Azure matches them.
  assert.equal(cache.inputs.disableAccessKeyAuthentication, true);
  assert.deepEqual(cache.inputs.redisConfiguration, { aadEnabled: "true" });
  assert.equal(
    // adopted by the name earlier releases gave the child (now keyed by object id)
    cacheAssignment("adopted", "app").importId,
    ASSIGNMENT_ID,
  );
  assert.equal(find("azure-native:redis:FirewallRule", "adopted-fw-ip_203_0_113_1").importId, "");
  assert.equal(find("azure-redis-entra:index:EntraRedisCache", "adopted").importId, "");
});

test("adoptExisting refuses a cache without the existing name (it would be replaced, i.e. deleted)", () => {
  assert.throws(
    () =>
      new EntraRedisCache(
        "unnamed",
        { ...args, cacheName: undefined },
        { transformations: [adoptExisting({ "unnamed-redis": CACHE_ID })] },
      ),
    /adoptExisting "unnamed-redis": name \(not set\) is not declared.*declare the existing name "legacy"/,
  );
  assert.throws(
    () =>
      new EntraRedisCache(
        "renamed",
        { ...args, cacheName: "other" },
        { transformations: [adoptExisting({ "renamed-redis": CACHE_ID })] },
      ),
    /name "other" differs from the name "legacy" in the import id/,
  );
});

test("adoptExisting ignores names it doesn't know, including inherited object keys", () => {
  const t = adoptExisting({ "x-redis": CACHE_ID });
  const base = {
    type: "azure-native:redis:Redis",
    props: { name: "legacy" },
    opts: {},
  } as unknown as pulumi.ResourceTransformationArgs;
  assert.equal(t({ ...base, name: "y-redis" }), undefined);
  assert.equal(t({ ...base, name: "constructor" }), undefined);
  assert.equal((t({ ...base, name: "x-redis" })?.opts as pulumi.CustomResourceOptions).import, CACHE_ID);
});
