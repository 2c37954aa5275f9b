/**
 * Azure Cache for Redis passive geo-replication under Pulumi mocks (src/infra/parts/geo-replication.ts):
 * one `redis:LinkedServer` on the (Premium) cache, serverRole Secondary, after every other write to
 * the cache and before the lock; Premium, zones, replicas and persistence checked, also on an existing
 * cache from its state.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { constraint } from "../../../src/infra/rules/index.ts";
import { WORKSPACE_ID } from "./ops.ts";
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
  SUBNET_ID,
  VNET_ID,
} from "../mocks.ts";
import { namer, databaseId, cacheId, assertRefused } from "../fixtures.ts";
import { EntraRedisCache, EntraRedisInputError, type EntraRedisCacheArgs } from "../../../src/index.ts";

const next = namer("geo");
const LINK = "azure-native:redis:LinkedServer";
const LOCK = "azure-native:authorization:ManagementLockByScope";
const OTHER_SUB = "99999999-9999-4999-8999-999999999999";

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
      { ...ok, linkedCacheId: databaseId("x") },
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
