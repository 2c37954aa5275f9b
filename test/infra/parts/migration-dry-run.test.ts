/**
 * `migrateFrom` in dry-run mode, as `pulumi preview` runs it: the cache is new too, so its resource id
 * and the cluster's name are unknown. The plan must still show every assignment of the cache on the
 * instance and the migration after them, with what is known (type, API version, flags).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { EntraManagedRedis, EntraRedisCache } from "../../../src/index.ts";

// The mocks read the mode when first imported; static imports would load them before this line.
process.env.AZURE_REDIS_ENTRA_TEST_DRY_RUN = "1";
const m: typeof import("../mocks.ts") = await import("../mocks.ts");

test("preview: the cache's identities and the migration register, the migration after every assignment", async () => {
  assert.equal(m.DRY_RUN, true);
  const cache = new EntraRedisCache("drycache", {
    resourceGroupName: m.RG,
    location: "westeurope",
    assignments: [
      { objectId: m.OID1, alias: "app" },
      { objectId: m.OID2, alias: "ops", policy: "Data Reader" },
    ],
    firewallRules: [{ cidr: "203.0.113.0/24" }],
    allowPublicNetworkAccess: true,
  });
  const managed = new EntraManagedRedis("dryamr", {
    resourceGroupName: m.RG,
    clusteringPolicy: "EnterpriseCluster",
    allowPublicNetworkAccess: true,
    migrateFrom: { cacheId: cache.resourceId, switchDns: true },
  });
  await m.settle();
  assert.deepEqual(m.failures, []);
  const migration = m.find("azure-native:resources:Resource", "dryamr-migration");
  assert.equal(migration.inputs.apiVersion, "2026-09-01");
  assert.equal(migration.inputs.resourceType, "migrations");
  assert.equal(migration.inputs.resourceName, "default");
  const props = migration.inputs.properties as Record<string, unknown>;
  assert.equal(props.sourceType, "AzureCacheForRedis");
  assert.equal(props.switchDns, true);
  assert.equal(props.skipDataMigration, false);
  for (const oid of [m.OID1, m.OID2]) {
    const a = m.find("azure-native:resources:Resource", `dryamr-assignment-${oid}`);
    assert.ok(migration.dependencies.includes(a.urn), `the migration waits for ${oid}`);
  }
  // The cache's resource id is unknown in a preview: the migration depends on the cache through it.
  const redis = m.find("azure-native:redis:Redis", "drycache-redis");
  assert.ok(migration.dependencies.includes(redis.urn), "the migration waits for the cache");
  assert.equal(await (managed.connections as unknown as { isKnown: Promise<boolean> }).isKnown, false);
});
