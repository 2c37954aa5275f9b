/**
 * The constraints of docs/azure-constraints.md probed through the components: for every constraint on
 * a value a user gives, each valid value of test/infra/rules/probes.ts is accepted by the component and
 * each invalid one is refused with an EntraRedisInputError naming that field, before anything is
 * registered. Also: generated names from awkward component names, and existingCache without a
 * top-level resourceGroupName.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { AZURE_CONSTRAINTS } from "../../src/infra/rules/index.ts";
import { CACHE_CONFIG_RULES } from "../../src/infra/rules/redis-configuration.ts";
import {
  EntraManagedRedis,
  EntraRedisCache,
  EntraRedisInputError,
  type EntraManagedRedisArgs,
  type EntraRedisCacheArgs,
} from "../../src/index.ts";
import {
  cacheAssignment,
  children,
  find,
  OID1,
  onCall,
  reset,
  resources,
  RG,
  settle,
  SUB,
  SUBNET_ID,
  VNET_ID,
} from "./mocks.ts";
import { PROBES, UAI } from "./rules/probes.ts";

const KEY_URL = "https://contosovault.vault.azure.net/keys/contosokek/562a4bb76b524a1493a6afe8e536ee78";

const cacheBase = (): EntraRedisCacheArgs => ({
  resourceGroupName: RG,
  assignments: [{ objectId: OID1, alias: "app" }],
  allowPublicNetworkAccess: true,
});
const managedBase = (): EntraManagedRedisArgs => ({
  resourceGroupName: RG,
  assignments: [{ objectId: OID1, alias: "app" }],
  allowPublicNetworkAccess: true,
});

type Build = (v: unknown) => (name?: string) => unknown;
const cache =
  (f: (v: unknown) => Partial<Record<string, unknown>>): Build =>
  (v) =>
  (name = next()) =>
    new EntraRedisCache(name, { ...cacheBase(), ...f(v) });
const managed =
  (f: (v: unknown) => Partial<Record<string, unknown>>): Build =>
  (v) =>
  (name = next()) =>
    new EntraManagedRedis(name, { ...managedBase(), ...f(v) });

let n = 0;
const next = () => `spec${++n}`;

/** How a user gives the value of each constraint, and the field the error names. */
const THROUGH: Record<string, { build: Build; field: string }> = {
  "cache.name": { build: cache((v) => ({ cacheName: v })), field: "cacheName" },
  "cache.sku.name": { build: cache((v) => ({ sku: v })), field: "sku" },
  "cache.sku.capacity.C": { build: cache((v) => ({ sku: "Standard", capacity: v })), field: "capacity" },
  "cache.sku.capacity.P": { build: cache((v) => ({ sku: "Premium", capacity: v })), field: "capacity" },
  "cache.redisVersion": { build: cache((v) => ({ redisVersion: v })), field: "redisVersion" },
  "cache.zones": { build: cache((v) => ({ zones: [v] })), field: "zones[0]" },
  "cache.zonalAllocationPolicy": {
    build: cache((v) => ({ zonalAllocationPolicy: v })),
    field: "zonalAllocationPolicy",
  },
  "cache.updateChannel": { build: cache((v) => ({ updateChannel: v })), field: "updateChannel" },
  "cache.replicasPerPrimary": {
    build: cache((v) => ({ sku: "Premium", replicasPerPrimary: v })),
    field: "replicasPerPrimary",
  },
  "cache.shardCount": { build: cache((v) => ({ sku: "Premium", shardCount: v })), field: "shardCount" },
  "cache.accessPolicy.name": {
    build: cache((v) => ({
      customPolicies: [{ name: v, permissions: "+@read allkeys" }],
      assignments: [{ objectId: OID1, alias: "app" }],
    })),
    field: "customPolicies[0].name",
  },
  "cache.assignment.name": {
    build: cache((v) => ({ assignments: [{ objectId: OID1, alias: v }] })),
    field: "assignments[0].alias",
  },
  "cache.assignment.objectId": {
    build: cache((v) => ({ assignments: [{ objectId: v, alias: "app" }] })),
    field: "assignments[0].objectId",
  },
  "cache.firewallRule.name": {
    build: cache((v) => ({ firewallRules: [{ name: v, startIp: "203.0.113.1" }] })),
    field: "firewallRules[0].name",
  },
  "cache.firewallRule.ip": {
    build: cache((v) => ({ firewallRules: [{ name: "office", startIp: v }] })),
    field: "firewallRules[0].startIp",
  },
  "cache.linkedServer.linkedRedisCacheId": {
    build: cache((v) => ({
      sku: "Premium",
      geoReplication: { linkedCacheId: v, linkedCacheLocation: "northeurope" },
    })),
    field: "geoReplication.linkedCacheId",
  },
  "cache.linkedServer.linkedRedisCacheLocation": {
    build: cache((v) => ({
      sku: "Premium",
      geoReplication: {
        linkedCacheId: `/subscriptions/${SUB}/resourceGroups/rg2/providers/Microsoft.Cache/Redis/dr`,
        linkedCacheLocation: v,
      },
    })),
    field: "geoReplication.linkedCacheLocation",
  },
  "managed.clusterName": { build: managed((v) => ({ clusterName: v })), field: "clusterName" },
  "managed.sku.name": { build: managed((v) => ({ sku: v })), field: "sku" },
  "managed.zones": { build: managed((v) => ({ zones: [v] })), field: "zones[0]" },
  "managed.clusteringPolicy": { build: managed((v) => ({ clusteringPolicy: v })), field: "clusteringPolicy" },
  "managed.deferUpgrade": { build: managed((v) => ({ deferUpgrade: v })), field: "deferUpgrade" },
  "managed.evictionPolicy": { build: managed((v) => ({ evictionPolicy: v })), field: "evictionPolicy" },
  "managed.persistence.aofFrequency": {
    build: managed((v) => ({ persistence: { aofEnabled: true, aofFrequency: v } })),
    field: "persistence.aofFrequency",
  },
  "managed.persistence.rdbFrequency": {
    build: managed((v) => ({ persistence: { rdbEnabled: true, rdbFrequency: v } })),
    field: "persistence.rdbFrequency",
  },
  "managed.persistence.oneOf": { build: managed((v) => ({ persistence: v })), field: "persistence" },
  "managed.modules.name": { build: managed((v) => ({ modules: [{ name: v }] })), field: "modules[0].name" },
  "managed.geoReplication.groupNickname": {
    build: managed((v) => ({ sku: "Balanced_B3", geoReplication: { groupNickname: v } })),
    field: "geoReplication.groupNickname",
  },
  "managed.geoReplication.linkedDatabases.id": {
    build: managed((v) => ({
      sku: "Balanced_B3",
      geoReplication: { groupNickname: "g", linkedDatabaseIds: [v] },
    })),
    field: "geoReplication.linkedDatabaseIds[0]",
  },
  "managed.assignment.objectId": {
    build: managed((v) => ({ assignments: [{ objectId: v, alias: "app" }] })),
    field: "assignments[0].objectId",
  },
  "cache.identity.userAssignedIdentities": {
    build: cache((v) => ({ identity: { userAssignedIdentityIds: [v] } })),
    field: "identity.userAssignedIdentityIds[0]",
  },
  "managed.identity.userAssignedIdentities": {
    build: managed((v) => ({ identity: { userAssignedIdentityIds: [v] } })),
    field: "identity.userAssignedIdentityIds[0]",
  },
  "managed.encryption.keyEncryptionKeyUrl": {
    build: managed((v) => ({
      identity: { userAssignedIdentityIds: [UAI] },
      encryption: { keyUrl: v, userAssignedIdentityId: UAI },
    })),
    field: "encryption.keyUrl",
  },
  "managed.encryption.userAssignedIdentityResourceId": {
    build: managed((v) => ({
      identity: { userAssignedIdentityIds: [UAI] },
      encryption: { keyUrl: KEY_URL, userAssignedIdentityId: v },
    })),
    field: "encryption.userAssignedIdentityId",
  },
};

/** Constraints on values the components fix or derive (checked on what they send, spec-conformance.test.ts). */
const SENT_ONLY = new Set(
  AZURE_CONSTRAINTS.filter((c) => c.args.startsWith("(sent") || c.args.startsWith("generated")).map(
    (c) => c.id,
  ),
);

test("every constraint on a user's value is probed through a component, or is on a value the component derives", () => {
  const derived = [
    "cache.disableAccessKeyAuthentication", // from the boolean accessKeyAuthentication
    "cache.redisConfiguration", // keys and values: the test below
    "cache.accessPolicy.permissions", // parsed as ACL rules (custom-policies tests)
    "cache.assignment.accessPolicyName", // resolved to a built-in or custom policy name
    "cache.identity.type", // from identity.systemAssigned and identity.userAssignedIdentityIds
    "managed.identity.type", // the same
    "managed.highAvailability", // from the boolean highAvailability
    "managed.accessKeysAuthentication", // from the boolean accessKeyAuthentication
    "managed.assignment.name", // the alias without hyphens (managed-redis tests)
    "managed.assignment.accessPolicyName", // "default" only
    "managed.assignment.accessString", // from the policy (managed-redis access-string tests)
  ];
  for (const c of AZURE_CONSTRAINTS) {
    assert.ok(
      c.id in THROUGH || SENT_ONLY.has(c.id) || derived.includes(c.id),
      `${c.id} is probed through a component`,
    );
  }
});

for (const [id, { build, field }] of Object.entries(THROUGH)) {
  test(`${id}: each valid value accepted, each invalid one refused naming ${field}`, () => {
    const probe = PROBES[id];
    assert.ok(probe, `${id} has probes`);
    for (const v of probe.valid) {
      reset();
      build(v)();
    }
    for (const v of probe.invalid) {
      reset();
      const name = next();
      assert.throws(
        () => build(v)(name),
        (err: unknown) => {
          assert.ok(err instanceof EntraRedisInputError, `${id} ${JSON.stringify(v)}: ${String(err)}`);
          assert.equal(err.field, field, `${id} ${JSON.stringify(v)}: ${err.message}`);
          return true;
        },
      );
      assert.deepEqual(children(name), [], "nothing registered");
    }
  });
}

test("redisConfiguration through the component: every key's values on both sides; read-only and REST names refused", () => {
  const ok: Record<string, string> = {
    rdbBackupFrequency: "1440",
    maxmemoryPolicy: "volatile-lfu",
    notifyKeyspaceEvents: "Ex",
    rdbBackupEnabled: "true",
  };
  reset();
  new EntraRedisCache(next(), { ...cacheBase(), sku: "Premium", redisConfiguration: ok });
  const bad: [Record<string, string>, string, RegExp][] = [
    [{ rdbBackupFrequency: "45" }, "redisConfiguration.rdbBackupFrequency", /"45" is not accepted: minutes/],
    [{ rdbBackupFrequency: "1h" }, "redisConfiguration.rdbBackupFrequency", /"1h" is not accepted/],
    [{ maxmemoryPolicy: "lru" }, "redisConfiguration.maxmemoryPolicy", /eviction policies/],
    [{ maxclients: "1000" }, "redisConfiguration.maxclients", /read-only/],
    [
      { "rdb-backup-frequency": "60" },
      "redisConfiguration.rdb-backup-frequency",
      /write it as rdbBackupFrequency/,
    ],
    [{ AadEnabled: "false" }, "redisConfiguration.AadEnabled", /can't be set/],
  ];
  for (const [config, field, message] of bad) {
    assert.throws(
      () => new EntraRedisCache(next(), { ...cacheBase(), redisConfiguration: config }),
      (err: unknown) =>
        err instanceof EntraRedisInputError && err.field === field && message.test(err.message),
      field,
    );
  }
  assert.equal(Object.keys(CACHE_CONFIG_RULES).length, 16);
});

test("misspelled keys are refused by both components at every level (the check runs in the component)", () => {
  const cases: [() => unknown, string][] = [
    [() => new EntraRedisCache(next(), { ...cacheBase(), skuu: "Basic" } as EntraRedisCacheArgs), "skuu"],
    [
      () =>
        new EntraRedisCache(next(), {
          ...cacheBase(),
          assignments: [{ objectId: OID1, alias: "app", polciy: "Data Reader" }],
        } as unknown as EntraRedisCacheArgs),
      "assignments[0].polciy",
    ],
    [
      () =>
        new EntraRedisCache(next(), {
          ...cacheBase(),
          existingCache: { name: "legacy", resourcegroupname: "rg-old" },
        } as unknown as EntraRedisCacheArgs),
      "existingCache.resourcegroupname",
    ],
    [
      () =>
        new EntraManagedRedis(next(), {
          ...managedBase(),
          modules: [{ name: "RedisJSON", argz: "" }],
        } as unknown as EntraManagedRedisArgs),
      "modules[0].argz",
    ],
  ];
  for (const [build, field] of cases) {
    reset();
    assert.throws(build, (err: unknown) => {
      assert.ok(err instanceof EntraRedisInputError);
      assert.equal(err.field, field);
      assert.match(
        err.message,
        /is not an argument of EntraRedisCache|is not an argument of EntraManagedRedis/,
      );
      assert.match(err.fix, /^did you mean "/);
      return true;
    });
    assert.equal(resources.length, 0, "nothing registered, not even the component");
  }
});

for (const name of [
  "my_app",
  "my.app",
  "My_App.Prod",
  "a".repeat(61),
  "team-platform-production-cache-for-orders-eu-west",
]) {
  test(`generated names from the component name ${JSON.stringify(name)} are valid Azure names`, async () => {
    reset();
    new EntraRedisCache(name, {
      ...cacheBase(),
      privateEndpoint: { subnetId: SUBNET_ID, virtualNetworkId: VNET_ID },
    });
    new EntraManagedRedis(`${name}m`, managedBase());
    await settle();
    const generated = (type: string, suffix: string, rule: string, max: number) => {
      const r = resources.find((x) => x.type === type);
      assert.ok(r, `${type} registered`);
      assert.ok(r.name.endsWith(suffix), r.name);
      // azure-native appends 8 random lower-case hex characters to the child's name
      const azureName = `${r.name}9f8e7d6c`;
      const c = AZURE_CONSTRAINTS.find((x) => x.id === rule)!;
      assert.ok(c.accepts(azureName), `${azureName} passes ${rule}`);
      assert.ok(azureName.length <= max);
    };
    generated("azure-native:redis:Redis", "redis", "cache.name", 63);
    generated("azure-native:redisenterprise:RedisEnterprise", "cluster", "managed.clusterName", 60);
    generated("azure-native:network:PrivateEndpoint", "pe", "network.privateEndpoint.name", 64);
    generated(
      "azure-native:privatedns:VirtualNetworkLink",
      "dns-link",
      "network.virtualNetworkLink.name",
      80,
    );
    const pe = resources.find((x) => x.type === "azure-native:network:PrivateEndpoint")!;
    const connection = (pe.inputs.privateLinkServiceConnections as { name: string }[])[0];
    assert.ok(
      AZURE_CONSTRAINTS.find((x) => x.id === "network.privateEndpoint.name")!.accepts(connection.name),
    );
  });
}

test("a valid component name keeps its usual child names (no URN changes for existing stacks)", async () => {
  reset();
  new EntraRedisCache("orders", {
    ...cacheBase(),
    privateEndpoint: { subnetId: SUBNET_ID, virtualNetworkId: VNET_ID },
  });
  new EntraManagedRedis("sessions", managedBase());
  new EntraRedisCache("my_named", { ...cacheBase(), cacheName: "my-named-cache" });
  await settle();
  find("azure-native:redis:Redis", "orders-redis");
  find("azure-native:network:PrivateEndpoint", "orders-pe");
  find("azure-native:privatedns:VirtualNetworkLink", "orders-dns-link");
  find("azure-native:redisenterprise:RedisEnterprise", "sessions-cluster");
  assert.equal(
    find("azure-native:redis:Redis", "my_named-redis").inputs.name,
    "my-named-cache",
    "named: not autonamed",
  );
});

test("existingCache without resourceGroupName: the private endpoint and DNS zone go to the existing cache's group", async () => {
  reset();
  onCall((token, inputs) =>
    token === "azure-native:redis:getRedis"
      ? {
          id: `/subscriptions/${SUB}/resourceGroups/rg-old/providers/Microsoft.Cache/Redis/${String(inputs.name)}`,
          name: inputs.name,
          location: "northeurope",
          hostName: `${String(inputs.name)}.redis.cache.windows.net`,
          sslPort: 6380,
          redisVersion: "6.0.14",
          enableNonSslPort: false,
          publicNetworkAccess: "Enabled",
          disableAccessKeyAuthentication: true,
          redisConfiguration: { aadEnabled: "true" },
        }
      : undefined,
  );
  new EntraRedisCache("adopted", {
    existingCache: { name: "legacy", resourceGroupName: "rg-old" },
    assignments: [{ objectId: OID1, alias: "app" }],
    privateEndpoint: { subnetId: SUBNET_ID, virtualNetworkId: VNET_ID },
  });
  await settle();
  assert.equal(find("azure-native:network:PrivateEndpoint", "adopted-pe").inputs.resourceGroupName, "rg-old");
  assert.equal(
    find("azure-native:privatedns:PrivateZone", "adopted-dns-zone").inputs.resourceGroupName,
    "rg-old",
  );
  assert.equal(cacheAssignment("adopted", "app").inputs.resourceGroupName, "rg-old");
  // a new cache still needs one
  reset();
  assert.throws(
    () =>
      new EntraRedisCache("nogroup", {
        assignments: [{ objectId: OID1, alias: "app" }],
        allowPublicNetworkAccess: true,
      }),
    /EntraRedisCache "nogroup": resourceGroupName \(not set\) is missing; give the resource group/,
  );
  // existingCache.resourceGroupName stays required
  assert.throws(
    () =>
      new EntraRedisCache("nogroup2", {
        existingCache: { name: "legacy" } as never,
        assignments: [{ objectId: OID1, alias: "app" }],
      }),
    /existingCache\.resourceGroupName \(not set\) is missing/,
  );
});
