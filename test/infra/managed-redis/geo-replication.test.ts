/**
 * Azure Managed Redis active geo-replication under Pulumi mocks (src/infra/managed-redis/geo-replication.ts):
 * the Database carries `geoReplication` (the group name, the other members, then its own id), with
 * ignoreChanges on linkedDatabases; what Azure documents about a member is refused before anything is
 * registered.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { constraint } from "../../../src/infra/rules/index.ts";
import { children, expectRejections, find, later, OID1, reset, RG, settle, SUB } from "../mocks.ts";
import { namer, databaseId, cacheId, assertRefused } from "../fixtures.ts";
import { EntraManagedRedis, EntraRedisInputError, type EntraManagedRedisArgs } from "../../../src/index.ts";

const next = namer("geo");
const DATABASE = "azure-native:redisenterprise:Database";
const CLUSTER = "azure-native:redisenterprise:RedisEnterprise";

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
          linkedDatabaseIds: [later(databaseId("orders-west")), databaseId("orders-east", "rg-east")],
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
        databaseId("orders-west"),
        databaseId("orders-east", "rg-east"),
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
    const firstId = first.databaseId.apply(() => databaseId("geo-west", RG));
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
    assert.equal(ids[0], databaseId("geo-west", RG));
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
      { linkedDatabaseIds: [databaseId("x")] } as never,
      {},
      "geoReplication.groupNickname",
      /is missing/,
    ],
    [
      "a cluster id instead of a database id",
      { groupNickname: "g", linkedDatabaseIds: [databaseId("x").replace("/databases/default", "")] },
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
      { groupNickname: "g", linkedDatabaseIds: [databaseId("x").replace(/default$/, "db1")] },
      {},
      "geoReplication.linkedDatabaseIds[0]",
      /database id/,
    ],
    [
      "the same id twice (other case)",
      { groupNickname: "g", linkedDatabaseIds: [databaseId("x"), databaseId("X")] },
      {},
      "geoReplication.linkedDatabaseIds[1]",
      /is listed twice \(also geoReplication.linkedDatabaseIds\[0\]\)/,
    ],
    [
      "five other members",
      { groupNickname: "g", linkedDatabaseIds: ["a", "b", "c", "d", "e"].map((c) => databaseId(c)) },
      {},
      "geoReplication.linkedDatabaseIds",
      /at most five members/,
    ],
    [
      "its own database",
      { groupNickname: "g", linkedDatabaseIds: [databaseId("mine", RG)] },
      { clusterName: "mine" },
      "geoReplication.linkedDatabaseIds[0]",
      /is this component's own database; leave it out/,
    ],
    [
      "not a list",
      { groupNickname: "g", linkedDatabaseIds: databaseId("x") as never },
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
