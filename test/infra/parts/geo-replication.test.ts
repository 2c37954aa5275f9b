/**
 * Geo-replication under Pulumi mocks. Azure Managed Redis: the Database carries `geoReplication`
 * (the group name, the other members, then its own id), with ignoreChanges on linkedDatabases; what
 * Azure documents about a member is refused before anything is registered. Azure Cache for Redis:
 * one `redis:LinkedServer` on the (Premium) cache, serverRole Secondary, after every other write to
 * the cache and before the lock; Premium, zones, replicas and persistence checked, also on an
 * existing cache from its state.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import {
  children,
  expectRejections,
  find,
  later,
  OID1,
  OID2,
  onCall,
  reset,
  RG,
  settle,
  SUB,
  SUBNET_ID,
  VNET_ID,
} from "../mocks.ts";
import {
  EntraManagedRedis,
  EntraRedisCache,
  EntraRedisInputError,
  type EntraManagedRedisArgs,
  type EntraRedisCacheArgs,
} from "../../../src/index.ts";
import { constraint } from "../../../src/infra/rules/index.ts";
import { WORKSPACE_ID } from "./ops.ts";

let n = 0;
const next = () => `geo${++n}`;
const DATABASE = "azure-native:redisenterprise:Database";
const CLUSTER = "azure-native:redisenterprise:RedisEnterprise";
const LINK = "azure-native:redis:LinkedServer";
const LOCK = "azure-native:authorization:ManagementLockByScope";
const OTHER_SUB = "99999999-9999-4999-8999-999999999999";
const dbId = (cluster: string, rg = "rg-west", sub = SUB) =>
  `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Cache/redisEnterprise/${cluster}/databases/default`;
const cacheId = (cache: string, rg = "rg-north", sub = SUB) =>
  `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Cache/Redis/${cache}`;

// ignoreChanges is sent to the engine but not shown to the mocks: read it off the registration request.
const ignoreChangesOf = new Map<string, string[]>();
type Req = { getName(): string; getIgnorechangesList(): string[] };
const monitor = pulumi.runtime.getMonitor() as unknown as {
  registerResource(req: Req, cb: unknown): unknown;
};
const register = monitor.registerResource.bind(monitor);
monitor.registerResource = (req, cb) => {
  ignoreChangesOf.set(req.getName(), req.getIgnorechangesList());
  return register(req, cb);
};

const managed = (
  geo: EntraManagedRedisArgs["geoReplication"],
  extra: Partial<EntraManagedRedisArgs> = {},
): EntraManagedRedisArgs => ({
  resourceGroupName: RG,
  sku: "Balanced_B3",
  assignments: [{ objectId: OID1, alias: "app" }],
  allowPublicNetworkAccess: true,
  geoReplication: geo,
  ...extra,
});

const premium = (geo: EntraRedisCacheArgs["geoReplication"], extra: Partial<EntraRedisCacheArgs> = {}) =>
  ({
    resourceGroupName: RG,
    sku: "Premium",
    capacity: 1,
    assignments: [{ objectId: OID1, alias: "app" }],
    allowPublicNetworkAccess: true,
    geoReplication: geo,
    ...extra,
  }) as EntraRedisCacheArgs;

function assertRefused(build: () => void, name: string, field: string, message: RegExp): void {
  assert.throws(build, (err: unknown) => {
    assert.ok(err instanceof EntraRedisInputError, String(err));
    assert.equal(err.field, field);
    assert.match(err.message, message);
    return true;
  });
  assert.deepEqual(children(name), [], "nothing registered");
}

describe("Managed Redis active geo-replication: the database", () => {
  test("first member: the group name and its own database id only", async () => {
    reset();
    const name = next();
    const c = new EntraManagedRedis(name, managed({ groupNickname: "orders-geo" }));
    await settle();
    const db = find(DATABASE, `${name}-db`);
    const cluster = find(CLUSTER, `${name}-cluster`);
    const ownCluster = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/mock/RedisEnterprise/${name}-cluster`;
    assert.deepEqual(db.inputs.geoReplication, {
      groupNickname: "orders-geo",
      linkedDatabases: [{ id: `${ownCluster}/databases/default` }],
    });
    assert.ok(db.dependencies.includes(cluster.urn));
    assert.deepEqual(ignoreChangesOf.get(`${name}-db`), ["geoReplication.linkedDatabases"]);
    // What the second member needs: the databaseId output.
    const id = await new Promise<string>((r) => c.databaseId.apply(r));
    assert.match(id, /\/mock\/Database\//);
  });

  test("second member: the other members first, then its own id; Output ids and nickname wait for their values", async () => {
    reset();
    const name = next();
    new EntraManagedRedis(
      name,
      managed(
        {
          groupNickname: later("orders-geo"),
          linkedDatabaseIds: [later(dbId("orders-west")), dbId("orders-east", "rg-east")],
        },
        { location: "northeurope" },
      ),
    );
    await settle();
    const db = find(DATABASE, `${name}-db`);
    const geo = db.inputs.geoReplication as { groupNickname: string; linkedDatabases: { id: string }[] };
    assert.equal(geo.groupNickname, "orders-geo");
    assert.deepEqual(
      geo.linkedDatabases.map((l) => l.id),
      [
        dbId("orders-west"),
        dbId("orders-east", "rg-east"),
        `/subscriptions/${SUB}/resourceGroups/${RG}/providers/mock/RedisEnterprise/${name}-cluster/databases/default`,
      ],
    );
    for (const l of geo.linkedDatabases.slice(0, 2))
      assert.ok(constraint("managed.geoReplication.linkedDatabases.id").accepts(l.id), l.id);
    assert.ok(constraint("managed.geoReplication.groupNickname").accepts(geo.groupNickname));
  });

  test("no geoReplication: no geoReplication input and no ignoreChanges", async () => {
    reset();
    const name = next();
    new EntraManagedRedis(name, managed(undefined));
    await settle();
    const db = find(DATABASE, `${name}-db`);
    assert.equal(db.inputs.geoReplication, undefined);
    assert.deepEqual(ignoreChangesOf.get(`${name}-db`), []);
  });

  test("two components linked in one program: the second's database waits for the first's", async () => {
    reset();
    const first = new EntraManagedRedis(
      "geo-west",
      managed({ groupNickname: "g1" }, { location: "westeurope" }),
    );
    // The mocks' ids aren't Azure-shaped (test/infra/mocks.ts): the first's databaseId, mapped to the
    // id Azure would give it, keeps its dependency.
    const firstId = first.databaseId.apply(() => dbId("geo-west", RG));
    new EntraManagedRedis(
      "geo-north",
      managed({ groupNickname: "g1", linkedDatabaseIds: [firstId] }, { location: "northeurope" }),
    );
    await settle();
    const westDb = find(DATABASE, "geo-west-db");
    const northDb = find(DATABASE, "geo-north-db");
    assert.ok(northDb.dependencies.includes(westDb.urn), "the join names the first database");
    const ids = (northDb.inputs.geoReplication as { linkedDatabases: { id: string }[] }).linkedDatabases.map(
      (l) => l.id,
    );
    assert.equal(ids.length, 2);
    assert.equal(ids[0], dbId("geo-west", RG));
    assert.match(ids[1], /geo-north-cluster\/databases\/default$/);
  });
});

describe("Managed Redis active geo-replication: rules, before anything is registered", () => {
  const cases: [
    string,
    EntraManagedRedisArgs["geoReplication"],
    Partial<EntraManagedRedisArgs>,
    string,
    RegExp,
  ][] = [
    [
      "a group name with an underscore",
      { groupNickname: "orders_geo" },
      {},
      "geoReplication.groupNickname",
      /is not a geo-replication group name; use 1-63 letters/,
    ],
    [
      "a group name ending in a hyphen",
      { groupNickname: "orders-" },
      {},
      "geoReplication.groupNickname",
      /group name/,
    ],
    ["a group name with --", { groupNickname: "a--b" }, {}, "geoReplication.groupNickname", /group name/],
    [
      "a group name of 64 characters",
      { groupNickname: "a".repeat(64) },
      {},
      "geoReplication.groupNickname",
      /group name/,
    ],
    [
      "no group name",
      { linkedDatabaseIds: [dbId("x")] } as never,
      {},
      "geoReplication.groupNickname",
      /is missing/,
    ],
    [
      "a cluster id instead of a database id",
      { groupNickname: "g", linkedDatabaseIds: [dbId("x").replace("/databases/default", "")] },
      {},
      "geoReplication.linkedDatabaseIds[0]",
      /is not an Azure Managed Redis database id.*not its resourceId/,
    ],
    [
      "a cache id",
      { groupNickname: "g", linkedDatabaseIds: [cacheId("c")] },
      {},
      "geoReplication.linkedDatabaseIds[0]",
      /database id/,
    ],
    [
      "a database other than default",
      { groupNickname: "g", linkedDatabaseIds: [dbId("x").replace(/default$/, "db1")] },
      {},
      "geoReplication.linkedDatabaseIds[0]",
      /database id/,
    ],
    [
      "the same id twice (other case)",
      { groupNickname: "g", linkedDatabaseIds: [dbId("x"), dbId("X")] },
      {},
      "geoReplication.linkedDatabaseIds[1]",
      /is listed twice \(also geoReplication.linkedDatabaseIds\[0\]\)/,
    ],
    [
      "five other members",
      { groupNickname: "g", linkedDatabaseIds: ["a", "b", "c", "d", "e"].map((c) => dbId(c)) },
      {},
      "geoReplication.linkedDatabaseIds",
      /at most five members/,
    ],
    [
      "its own database",
      { groupNickname: "g", linkedDatabaseIds: [dbId("mine", RG)] },
      { clusterName: "mine" },
      "geoReplication.linkedDatabaseIds[0]",
      /is this component's own database; leave it out/,
    ],
    [
      "not a list",
      { groupNickname: "g", linkedDatabaseIds: dbId("x") as never },
      {},
      "geoReplication.linkedDatabaseIds",
      /is not a list/,
    ],
    [
      "the default SKU (Balanced_B1)",
      { groupNickname: "g" },
      { sku: undefined },
      "sku",
      /Balanced_B1 \(the default\).*doesn't support active geo-replication/,
    ],
    [
      "Balanced_B0",
      { groupNickname: "g" },
      { sku: "Balanced_B0" },
      "sku",
      /doesn't support active geo-replication/,
    ],
    [
      "no high availability",
      { groupNickname: "g" },
      { highAvailability: false },
      "highAvailability",
      /needs high availability/,
    ],
    [
      "AOF persistence",
      { groupNickname: "g" },
      { persistence: { aofEnabled: true } },
      "persistence",
      /can't be combined with active geo-replication/,
    ],
    [
      "RDB persistence",
      { groupNickname: "g" },
      { persistence: { rdbEnabled: true, rdbFrequency: "6h" } },
      "persistence",
      /persistence/,
    ],
    [
      "RedisBloom",
      { groupNickname: "g" },
      { modules: [{ name: "RediSearch" }, { name: "RedisBloom" }] },
      "modules[1].name",
      /isn't supported with active geo-replication \(geoReplication\); use only RediSearch and RedisJSON/,
    ],
    [
      "Flash Optimized without NoEviction",
      { groupNickname: "g" },
      { sku: "FlashOptimized_A250" },
      "evictionPolicy",
      /NoEviction, the only eviction policy/,
    ],
    ["not an object", "orders-geo" as never, {}, "geoReplication", /is not an object/],
  ];
  for (const [what, geo, extra, field, message] of cases) {
    test(`${what}: refused naming ${field}`, () => {
      const name = next();
      assertRefused(() => new EntraManagedRedis(name, managed(geo, extra)), name, field, message);
    });
  }

  test("what Azure accepts passes: RediSearch and RedisJSON, Flash with NoEviction, no persistence object", async () => {
    reset();
    const a = next();
    new EntraManagedRedis(
      a,
      managed(
        { groupNickname: "g" },
        {
          modules: [{ name: "RediSearch" }, { name: "RedisJSON" }],
          clusteringPolicy: "EnterpriseCluster",
          evictionPolicy: "NoEviction",
        },
      ),
    );
    const b = next();
    new EntraManagedRedis(
      b,
      managed(
        { groupNickname: "g" },
        { sku: "FlashOptimized_A250", evictionPolicy: "NoEviction", persistence: { aofEnabled: false } },
      ),
    );
    await settle();
    find(DATABASE, `${a}-db`);
    find(DATABASE, `${b}-db`);
  });

  test("a bad Output id or group name: no child is registered", async () => {
    reset();
    const name = next();
    const failures = await expectRejections(() => {
      new EntraManagedRedis(
        name,
        managed({ groupNickname: later("bad_name"), linkedDatabaseIds: [later("not-an-id")] }),
      );
    });
    assert.deepEqual(children(name).slice(1), [], "only the component itself");
    const fields = failures
      .filter((f): f is EntraRedisInputError => f instanceof EntraRedisInputError)
      .map((f) => f.field);
    assert.ok(
      fields.includes("geoReplication.groupNickname") ||
        fields.includes("geoReplication.linkedDatabaseIds[0]"),
      fields.join(),
    );
  });

  test("a misspelled key is refused with the right name", () => {
    const name = next();
    assertRefused(
      () => new EntraManagedRedis(name, managed({ groupName: "g" } as never)),
      name,
      "geoReplication.groupName",
      /groupNickname/,
    );
  });
});

const OLD_RG = "rg-legacy";
function existingCache(state: { redisConfiguration?: Record<string, string>; [key: string]: unknown }): void {
  onCall((token, inputs) =>
    token === "azure-native:redis:getRedis"
      ? {
          id: cacheId(String(inputs.name), OLD_RG),
          name: inputs.name,
          location: "westeurope",
          hostName: `${String(inputs.name)}.redis.cache.windows.net`,
          sslPort: 6380,
          redisVersion: "6.0",
          enableNonSslPort: false,
          disableAccessKeyAuthentication: true,
          publicNetworkAccess: "Enabled",
          sku: { name: "Premium", family: "P", capacity: 1 },
          ...state,
          redisConfiguration: { aadEnabled: "true", ...(state.redisConfiguration ?? {}) },
        }
      : undefined,
  );
}

describe("Azure Cache for Redis passive geo-replication: the link", () => {
  test("one LinkedServer on the cache: Secondary, the linked cache's name, after every other write, before the lock", async () => {
    reset();
    const name = next();
    new EntraRedisCache(
      name,
      premium(
        { linkedCacheId: cacheId("orders-north"), linkedCacheLocation: "northeurope" },
        {
          customPolicies: [{ name: "Readers Plus", permissions: "+@read ~app:*" }],
          assignments: [
            { objectId: OID1, alias: "app", policy: "Readers Plus" },
            { objectId: OID2, alias: "ops", policy: "Data Reader" },
          ],
          firewallRules: [{ cidr: "203.0.113.0/24" }],
          privateEndpoint: { subnetId: SUBNET_ID, virtualNetworkId: VNET_ID },
          diagnostics: { workspaceId: WORKSPACE_ID },
          patchSchedule: [{ dayOfWeek: "Sunday", startHourUtc: 2 }],
          lock: "CanNotDelete",
        },
      ),
    );
    await settle();
    const link = find(LINK, `${name}-geo-link`);
    // Azure's default would make the geo-primary zone redundant in a zonal region: NoZones is sent.
    assert.equal(find("azure-native:redis:Redis", `${name}-redis`).inputs.zonalAllocationPolicy, "NoZones");
    assert.deepEqual(link.inputs, {
      name: `${name}-redis`,
      resourceGroupName: RG,
      linkedServerName: "orders-north",
      linkedRedisCacheId: cacheId("orders-north"),
      linkedRedisCacheLocation: "northeurope",
      serverRole: "Secondary",
    });
    const all = children(name).slice(1);
    const at = all.findIndex((r) => r.type === LINK);
    for (const before of all.slice(0, at))
      assert.ok(link.dependencies.includes(before.urn), `the link waits for ${before.name}`);
    for (const w of all.filter((r) => /AccessPolicy|FirewallRule|PatchSchedule/.test(r.type)))
      assert.ok(all.indexOf(w) < at, `${w.name} is registered before the link`);
    const lock = find(LOCK, `${name}-lock`);
    assert.equal(all[all.length - 1], lock);
    assert.ok(lock.dependencies.includes(link.urn), "the lock waits for the link (and is deleted first)");
    for (const s of ["linkedRedisCacheId", "linkedRedisCacheLocation", "serverRole"] as const)
      assert.ok(constraint(`cache.linkedServer.${s}`).accepts(link.inputs[s]), s);
  });

  test("the link's id and location as Outputs (the other region's component), name from the id", async () => {
    reset();
    const name = next();
    new EntraRedisCache(
      name,
      premium({ linkedCacheId: later(cacheId("far-cache")), linkedCacheLocation: later("swedencentral") }),
    );
    await settle();
    const link = find(LINK, `${name}-geo-link`);
    assert.equal(link.inputs.linkedServerName, "far-cache");
    assert.equal(link.inputs.linkedRedisCacheId, cacheId("far-cache"));
    assert.equal(link.inputs.linkedRedisCacheLocation, "swedencentral");
  });

  test("an existing Premium cache can be the geo-primary: checked from its state, link on its own name and group", async () => {
    reset();
    existingCache({});
    const name = next();
    new EntraRedisCache(name, {
      existingCache: { name: "legacy", resourceGroupName: OLD_RG },
      assignments: [{ objectId: OID1, alias: "app" }],
      geoReplication: { linkedCacheId: cacheId("legacy-dr"), linkedCacheLocation: "northeurope" },
    });
    await settle();
    const link = find(LINK, `${name}-geo-link`);
    assert.equal(link.inputs.name, "legacy");
    assert.equal(link.inputs.resourceGroupName, OLD_RG);
    onCall(() => undefined);
  });

  test("no geoReplication, no link", async () => {
    reset();
    const name = next();
    new EntraRedisCache(name, premium(undefined));
    await settle();
    assert.equal(children(name).filter((r) => r.type === LINK).length, 0);
  });
});

describe("Azure Cache for Redis passive geo-replication: rules", () => {
  const ok = { linkedCacheId: cacheId("dr"), linkedCacheLocation: "northeurope" };
  const cases: [
    string,
    EntraRedisCacheArgs["geoReplication"],
    Partial<EntraRedisCacheArgs>,
    string,
    RegExp,
  ][] = [
    ["a Standard cache", ok, { sku: "Standard" }, "sku", /passive geo-replication is Premium only/],
    ["the default tier (Standard)", ok, { sku: undefined, capacity: undefined }, "sku", /Premium only/],
    ["zones", ok, { zones: ["1", "2"] }, "zones", /zone redundancy/],
    [
      "zonalAllocationPolicy Automatic",
      ok,
      { zonalAllocationPolicy: "Automatic" },
      "zonalAllocationPolicy",
      /makes the cache zone redundant.*use "NoZones" or leave it out/,
    ],
    ["two replicas", ok, { replicasPerPrimary: 2 }, "replicasPerPrimary", /more than one replica/],
    [
      "RDB persistence",
      ok,
      {
        redisConfiguration: {
          rdbBackupEnabled: "true",
          rdbBackupFrequency: "60",
          rdbStorageConnectionString: "x",
        },
      },
      "redisConfiguration.rdbBackupEnabled",
      /turns persistence on/,
    ],
    [
      "AOF persistence",
      ok,
      { redisConfiguration: { aofBackupEnabled: "True" } },
      "redisConfiguration.aofBackupEnabled",
      /persistence/,
    ],
    [
      "a Managed Redis id",
      { ...ok, linkedCacheId: dbId("x") },
      {},
      "geoReplication.linkedCacheId",
      /is not an Azure Cache for Redis resource id/,
    ],
    [
      "a host name",
      { ...ok, linkedCacheId: "dr.redis.cache.windows.net" },
      {},
      "geoReplication.linkedCacheId",
      /resource id/,
    ],
    [
      "no location",
      { linkedCacheId: cacheId("dr") } as never,
      {},
      "geoReplication.linkedCacheLocation",
      /is missing/,
    ],
    [
      "an empty location",
      { ...ok, linkedCacheLocation: " " },
      {},
      "geoReplication.linkedCacheLocation",
      /is empty/,
    ],
    [
      "no id",
      { linkedCacheLocation: "northeurope" } as never,
      {},
      "geoReplication.linkedCacheId",
      /is missing/,
    ],
    [
      "a server role",
      { ...ok, serverRole: "Primary" } as never,
      {},
      "geoReplication.serverRole",
      /the role is always Secondary/,
    ],
    [
      "a group nickname",
      { ...ok, groupNickname: "g" } as never,
      {},
      "geoReplication.groupNickname",
      /Azure Managed Redis/,
    ],
  ];
  for (const [what, geo, extra, field, message] of cases) {
    test(`${what}: refused naming ${field}`, () => {
      const name = next();
      assertRefused(() => new EntraRedisCache(name, premium(geo, extra)), name, field, message);
    });
  }

  test('persistence off ("false") and one replica pass', async () => {
    reset();
    const name = next();
    new EntraRedisCache(
      name,
      premium(ok, { replicasPerPrimary: 1, redisConfiguration: { rdbBackupEnabled: "false" } }),
    );
    await settle();
    find(LINK, `${name}-geo-link`);
  });

  test("a persistence setting in an Output: checked when it resolves, before any child", async () => {
    reset();
    const name = next();
    const failures = await expectRejections(() => {
      new EntraRedisCache(name, premium(ok, { redisConfiguration: { rdbBackupEnabled: later("true") } }));
    });
    assert.deepEqual(children(name).slice(1), []);
    assert.ok(
      failures.some(
        (f) => f instanceof EntraRedisInputError && f.field === "redisConfiguration.rdbBackupEnabled",
      ),
    );
  });

  test("a linked cache in another subscription: the link is refused once the cache's id is known", async () => {
    reset();
    const name = next();
    const failures = await expectRejections(() => {
      new EntraRedisCache(name, premium({ ...ok, linkedCacheId: cacheId("dr", "rg-north", OTHER_SUB) }));
    });
    assert.equal(children(name).filter((r) => r.type === LINK).length, 0, "no link");
    assert.ok(
      failures.some(
        (f) =>
          f instanceof EntraRedisInputError &&
          f.field === "geoReplication.linkedCacheId" &&
          /links caches of one subscription only/.test(f.message),
      ),
      failures.map(String).join("\n"),
    );
  });

  for (const [what, state, message] of [
    [
      "a Standard existing cache",
      { sku: { name: "Standard", family: "C", capacity: 1 } },
      /is a Standard cache, so it can't be the geo-primary/,
    ],
    ["a zone-redundant existing cache", { zones: ["1", "2"] }, /is zone redundant/],
    [
      "an existing cache Azure placed in zones itself",
      { zonalAllocationPolicy: "Automatic" },
      /is zone redundant/,
    ],
    ["an existing cache with two replicas", { replicasPerPrimary: 2 }, /has 2 replicas/],
    [
      "an existing cache with persistence",
      { redisConfiguration: { rdbBackupEnabled: "true" } },
      /has persistence on \(rdbBackupEnabled\)/,
    ],
  ] as const) {
    test(`${what}: refused from its state, nothing created`, async () => {
      reset();
      existingCache(state);
      const name = next();
      const failures = await expectRejections(() => {
        new EntraRedisCache(name, {
          existingCache: { name: "legacy", resourceGroupName: OLD_RG },
          assignments: [{ objectId: OID1, alias: "app" }],
          geoReplication: ok,
        });
      });
      onCall(() => undefined);
      assert.deepEqual(children(name).slice(1), []);
      assert.ok(
        failures.some(
          (f) =>
            f instanceof EntraRedisInputError && f.field === "existingCache.name" && message.test(f.message),
        ),
        failures.map(String).join("\n"),
      );
    });
  }
});
