/** preview's words for Azure's migration resource (EntraManagedRedis migrateFrom): what it moves, and whether the host name switches. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { describeSettings, isManagedRedisMigration } from "../../src/cli/commands/preview/summary.ts";
import type { PreviewResource } from "../../src/internal/pulumi-offline/model.ts";

const CACHE = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Cache/redis/shop";

function migration(properties: Record<string, unknown>): PreviewResource {
  return {
    type: "azure-native:resources:Resource",
    name: "amr-migration",
    custom: true,
    dependsOn: [],
    dependencies: [],
    urn: "urn:pulumi:stack::project::azure-native:resources:Resource::amr-migration",
    inputs: {
      resourceProviderNamespace: "Microsoft.Cache",
      parentResourcePath: "redisEnterprise/amr-cluster",
      resourceType: "migrations",
      resourceName: "default",
      apiVersion: "2026-09-01",
      properties: { sourceType: "AzureCacheForRedis", sourceResourceId: CACHE, ...properties },
    },
  };
}

test("the migration says what it migrates, whether the data comes and whether the host name switches", () => {
  const on = migration({ skipDataMigration: false, switchDns: true });
  assert.equal(isManagedRedisMigration(on), true);
  assert.deepEqual(describeSettings(on), [
    `migrate AzureCacheForRedis ${CACHE} (API 2026-09-01)`,
    "data copied, the cache's host name SWITCHES to this instance (switchDns)",
  ]);
  const off = describeSettings(migration({ skipDataMigration: true, switchDns: false, forceMigrate: true }));
  assert.equal(
    off[1],
    "data left behind (skipDataMigration), host name not switched (switchDns false), warnings ignored (forceMigrate)",
  );
});

test("other generic resources are not taken for a migration", () => {
  const assignment = migration({});
  assignment.inputs.resourceType = "accessPolicyAssignments";
  assert.equal(isManagedRedisMigration(assignment), false);
});
