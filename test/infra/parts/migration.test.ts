/**
 * `migrateFrom` of EntraManagedRedis under Pulumi mocks (`up` mode; the preview is
 * migration-dry-run.test.ts): the one-line move from an EntraRedisCache gives the instance the
 * cache's identities with the same rights, as Azure's assignment request example shapes them, then
 * the migration resource as Azure's Migrations_Start request examples shape it, after every
 * assignment. Disparities that Azure refuses are refused by name before anything is created.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  children,
  find,
  OID1,
  OID2,
  OID3,
  reset,
  RG,
  settle,
  SUB,
  SUBNET_ID,
  value,
  VNET_ID,
} from "../mocks.ts";
import {
  EntraManagedRedis,
  EntraRedisCache,
  EntraRedisInputError,
  type EntraManagedRedisArgs,
  type EntraRedisCacheArgs,
} from "../../../src/index.ts";
import { MIGRATION_API_VERSION } from "../../../src/infra/parts/migration.ts";
import { MANAGED_BUILT_IN_ACCESS } from "../../../src/infra/managed-redis/access-strings.ts";

const GENERIC = "azure-native:resources:Resource";

/**
 * The request bodies of Azure's examples (azure-rest-api-specs, redisenterprise stable/2026-09-01):
 * RedisEnterpriseMigrationStart.json / ...StartWithDataMigration.json (`parameters.properties`) and
 * RedisEnterpriseAccessPolicyAssignmentCreateUpdateWithCustomAccessString.json. Their field names,
 * and the values that are not the example's own ids.
 */
const MIGRATION_EXAMPLE_FIELDS = ["skipDataMigration", "sourceResourceId", "sourceType", "switchDns"];
const ASSIGNMENT_EXAMPLE_FIELDS = ["accessPolicyName", "accessString", "user"];

let n = 0;
const next = () => `mig${++n}`;

function cacheArgs(over: Partial<EntraRedisCacheArgs> = {}): EntraRedisCacheArgs {
  return {
    resourceGroupName: RG,
    location: "westeurope",
    customPolicies: [{ name: "Reports", permissions: "+@read +@connection ~report:*" }],
    assignments: [
      { objectId: OID1, alias: "app-api" }, // the cache's default: Data Contributor
      { objectId: OID2, alias: "ops", policy: "Data Reader" },
      { objectId: OID3, alias: "reports", policy: "Reports" },
    ],
    firewallRules: [{ cidr: "203.0.113.0/24" }],
    allowPublicNetworkAccess: true,
    ...over,
  };
}

function move(
  cache: EntraRedisCache,
  over: Partial<EntraManagedRedisArgs> = {},
  migrateFrom: Partial<NonNullable<EntraManagedRedisArgs["migrateFrom"]>> = {},
): EntraManagedRedisArgs {
  return {
    resourceGroupName: RG,
    clusteringPolicy: "EnterpriseCluster",
    allowPublicNetworkAccess: true,
    migrateFrom: { cacheId: cache.resourceId, switchDns: true, ...migrateFrom },
    ...over,
  };
}

describe("migrateFrom: the one-line move", () => {
  test("the instance gets every identity of the cache with the same rights, as Azure's assignment example", async () => {
    reset();
    const c = next();
    const cache = new EntraRedisCache(`${c}-cache`, cacheArgs());
    const managed = new EntraManagedRedis(`${c}-amr`, move(cache));
    await settle();
    const expected: Record<string, { objectId: string; access: string }> = {
      appapi: { objectId: OID1, access: MANAGED_BUILT_IN_ACCESS["Data Contributor"] },
      ops: { objectId: OID2, access: MANAGED_BUILT_IN_ACCESS["Data Reader"] },
      reports: { objectId: OID3, access: "+@read +@connection ~report:*" },
    };
    for (const e of Object.values(expected)) {
      // Keyed and named by object id (src/infra/assignment-names.ts), the alias stays the connection key.
      const r = find(GENERIC, `${c}-amr-assignment-${e.objectId}`);
      assert.equal(r.inputs.resourceProviderNamespace, "Microsoft.Cache");
      assert.equal(r.inputs.resourceType, "accessPolicyAssignments");
      assert.equal(r.inputs.parentResourcePath, `redisEnterprise/${c}-amr-cluster/databases/default`);
      assert.equal(r.inputs.resourceName, e.objectId.replaceAll("-", ""));
      const props = r.inputs.properties as Record<string, unknown>;
      assert.deepEqual(Object.keys(props).sort(), ASSIGNMENT_EXAMPLE_FIELDS);
      assert.deepEqual(props, {
        accessPolicyName: "default",
        accessString: e.access,
        user: { objectId: e.objectId },
      });
    }
    // Same aliases, so the apps' settings keep their keys.
    assert.deepEqual(
      Object.keys(await value(managed.connections)).sort(),
      Object.keys(await value(cache.connections)).sort(),
    );
    // The cache itself is left as it was: nothing new under it.
    assert.ok(children(`${c}-cache`).every((r) => !r.type.startsWith("azure-native:resources:")));
  });

  test("the migration resource is Azure's Migrations_Start request, after every assignment and the database", async () => {
    reset();
    const c = next();
    const cache = new EntraRedisCache(`${c}-cache`, cacheArgs());
    new EntraManagedRedis(`${c}-amr`, move(cache));
    await settle();
    const m = find(GENERIC, `${c}-amr-migration`);
    assert.equal(m.inputs.resourceProviderNamespace, "Microsoft.Cache");
    assert.equal(m.inputs.parentResourcePath, `redisEnterprise/${c}-amr-cluster`);
    assert.equal(m.inputs.resourceType, "migrations");
    assert.equal(m.inputs.resourceName, "default");
    assert.equal(m.inputs.apiVersion, MIGRATION_API_VERSION);
    assert.equal(MIGRATION_API_VERSION, "2026-09-01");
    assert.equal(m.inputs.resourceGroupName, RG);
    const props = m.inputs.properties as Record<string, unknown>;
    assert.deepEqual(Object.keys(props).sort(), MIGRATION_EXAMPLE_FIELDS);
    assert.deepEqual(props, {
      skipDataMigration: false,
      sourceResourceId: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/mock/Redis/${c}-cache-redis`,
      sourceType: "AzureCacheForRedis",
      switchDns: true,
    });
    const mine = children(`${c}-amr`).filter((r) => r.name !== `${c}-amr`);
    const assignments = mine.filter((r) => r.name.includes("-assignment-"));
    assert.equal(assignments.length, 3);
    for (const other of mine.filter((r) => r !== m)) {
      assert.ok(m.dependencies.includes(other.urn), `the migration waits for ${other.name}`);
    }
    // Registered after every other child of the instance (the lock would come after it).
    assert.equal(mine[mine.length - 1], m);
  });

  test("flags: switchDns defaults to false; skipDataMigration and forceMigrate pass through, forceMigrate only when set", async () => {
    reset();
    const c = next();
    const cache = new EntraRedisCache(`${c}-cache`, cacheArgs());
    new EntraManagedRedis(`${c}-a`, move(cache, {}, { switchDns: undefined }));
    new EntraManagedRedis(`${c}-b`, move(cache, {}, { skipDataMigration: true, forceMigrate: true }));
    await settle();
    const a = find(GENERIC, `${c}-a-migration`).inputs.properties as Record<string, unknown>;
    const b = find(GENERIC, `${c}-b-migration`).inputs.properties as Record<string, unknown>;
    assert.equal(a.switchDns, false);
    assert.equal(a.skipDataMigration, false);
    assert.equal("forceMigrate" in a, false);
    assert.equal(b.skipDataMigration, true);
    assert.equal(b.forceMigrate, true);
  });

  test("migratedEndpoint: the cache's name and port 6380 after the switch, with the instance's cluster flag; none without switchDns", async () => {
    reset();
    const c = next();
    const cache = new EntraRedisCache(`${c}-cache`, cacheArgs());
    const switched = new EntraManagedRedis(`${c}-a`, move(cache, { clusteringPolicy: "OSSCluster" }));
    const staying = new EntraManagedRedis(`${c}-b`, move(cache, {}, { switchDns: false }));
    const byId = new EntraManagedRedis(`${c}-c`, {
      resourceGroupName: RG,
      allowPublicNetworkAccess: true,
      assignments: [{ objectId: OID1, alias: "app", policy: "Data Contributor" }],
      migrateFrom: {
        cacheId: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Cache/redis/legacy`,
        switchDns: true,
      },
    });
    await settle();
    assert.deepEqual(await value(switched.migratedEndpoint), {
      host: await value(cache.hostName),
      port: 6380,
      cluster: true,
    });
    assert.equal(await value(staying.migratedEndpoint), undefined);
    assert.deepEqual(await value(byId.migratedEndpoint), {
      host: "legacy.redis.cache.windows.net",
      port: 6380,
      cluster: true, // the default clusteringPolicy, OSSCluster
    });
    assert.equal((await value(staying.connections))["app-api"].port, 10000);
    // The instance's own endpoint is unchanged: port 10000.
    assert.equal(await value(switched.port), 10000);
  });

  test("without a location, the instance goes to the cache's region", async () => {
    reset();
    const c = next();
    const cache = new EntraRedisCache(`${c}-cache`, cacheArgs({ location: "northeurope" }));
    new EntraManagedRedis(`${c}-amr`, move(cache));
    await settle();
    assert.equal(
      find("azure-native:redisenterprise:RedisEnterprise", `${c}-amr-cluster`).inputs.location,
      "northeurope",
    );
  });

  test("no migrateFrom: no migration resource", async () => {
    reset();
    const c = next();
    new EntraManagedRedis(c, {
      resourceGroupName: RG,
      allowPublicNetworkAccess: true,
      assignments: [{ objectId: OID1, alias: "app" }],
    });
    await settle();
    assert.equal(
      children(c).some((r) => r.name.endsWith("-migration")),
      false,
    );
  });
});

describe("migrateFrom: refused before anything is created", () => {
  /** Constructs, expects an EntraRedisInputError naming `field`, and checks nothing of `name` was registered. */
  async function refused(name: string, build: () => unknown, field: string, problem: RegExp): Promise<void> {
    assert.throws(build, (err: unknown) => {
      assert.ok(err instanceof EntraRedisInputError, String(err));
      assert.equal(err.field, field);
      assert.match(err.message, problem);
      return true;
    });
    await settle();
    assert.deepEqual(children(name), [], "nothing of the instance was registered");
  }

  test("a cache with a private endpoint (Azure refuses it)", async () => {
    reset();
    const c = next();
    const cache = new EntraRedisCache(
      `${c}-cache`,
      cacheArgs({ privateEndpoint: { subnetId: SUBNET_ID, virtualNetworkId: VNET_ID } }),
    );
    await refused(
      `${c}-amr`,
      () => new EntraManagedRedis(`${c}-amr`, move(cache)),
      "migrateFrom.cacheId",
      /private endpoint/,
    );
  });

  test("another region than the cache's", async () => {
    reset();
    const c = next();
    const cache = new EntraRedisCache(`${c}-cache`, cacheArgs());
    await refused(
      `${c}-amr`,
      () => new EntraManagedRedis(`${c}-amr`, move(cache, { location: "eastus" })),
      "location",
      /differs from the cache's region "westeurope"/,
    );
  });

  test("assignments that leave out an identity of the cache", async () => {
    reset();
    const c = next();
    const cache = new EntraRedisCache(`${c}-cache`, cacheArgs());
    await refused(
      `${c}-amr`,
      () =>
        new EntraManagedRedis(
          `${c}-amr`,
          move(cache, { assignments: [{ objectId: OID1, alias: "app-api", policy: "Data Contributor" }] }),
        ),
      "assignments",
      /"ops", "reports" of the cache/,
    );
  });

  test("switchDns with a private-only instance", async () => {
    reset();
    const c = next();
    const cache = new EntraRedisCache(`${c}-cache`, cacheArgs());
    await refused(
      `${c}-amr`,
      () =>
        new EntraManagedRedis(
          `${c}-amr`,
          move(cache, {
            allowPublicNetworkAccess: undefined,
            privateEndpoint: { subnetId: SUBNET_ID, virtualNetworkId: VNET_ID },
          }),
        ),
      "allowPublicNetworkAccess",
      /cut at the switch/,
    );
  });

  test("a cache id the package doesn't know, without assignments", async () => {
    reset();
    const c = next();
    const id = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Cache/redis/legacy`;
    await refused(
      c,
      () =>
        new EntraManagedRedis(c, { resourceGroupName: RG, migrateFrom: { cacheId: id, switchDns: true } }),
      "assignments",
      /not an EntraRedisCache of this program/,
    );
  });

  test("an id that is not an Azure Cache for Redis, and a flag that is not a boolean", async () => {
    reset();
    const c = next();
    const assignments = [{ objectId: OID1, alias: "app" }];
    await refused(
      c,
      () =>
        new EntraManagedRedis(c, {
          resourceGroupName: RG,
          assignments,
          migrateFrom: {
            cacheId: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Cache/redisEnterprise/x`,
          },
        }),
      "migrateFrom.cacheId",
      /is not the resource id of an Azure Cache for Redis/,
    );
    await refused(
      c,
      () =>
        new EntraManagedRedis(c, {
          resourceGroupName: RG,
          assignments,
          migrateFrom: {
            cacheId: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Cache/redis/x`,
            switchDns: "yes" as never,
          },
        }),
      "migrateFrom.switchDns",
      /is not a boolean/,
    );
  });

  test("a known cache id given by string works with explicit assignments (any other Pulumi language)", async () => {
    reset();
    const c = next();
    const id = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Cache/redis/legacy`;
    new EntraManagedRedis(c, {
      resourceGroupName: RG,
      allowPublicNetworkAccess: true,
      assignments: [{ objectId: OID1, alias: "app", policy: "Data Contributor" }],
      migrateFrom: { cacheId: id, switchDns: true },
    });
    await settle();
    const props = find(GENERIC, `${c}-migration`).inputs.properties as Record<string, unknown>;
    assert.equal(props.sourceResourceId, id);
  });
});
