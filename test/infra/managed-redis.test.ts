/**
 * EntraManagedRedis under Pulumi mocks: cluster, database "default", serialised assignments with
 * names derived from the aliases, private endpoint with the Managed Redis zone, outputs that match
 * EntraRedisCache's, and every input rule with plain and Output values.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import {
  CACHE_ZONE_ID,
  children,
  expectRejections,
  find,
  later,
  MANAGED_ZONE_ID,
  OID1,
  OID2,
  OID3,
  reset,
  resources,
  RG,
  settle,
  SUBNET_ID,
  value,
  VNET_ID,
  managedAssignment,
} from "./mocks.ts";
import { ACCESS_STRING_API_VERSION } from "../../src/infra/managed-redis/access-api.ts";
import { MANAGED_BUILT_IN_ACCESS } from "../../src/infra/managed-redis/access-strings.ts";
import {
  EntraManagedRedis,
  EntraRedisCache,
  EntraRedisInputError,
  REDIS_TOKEN_SCOPE,
  type EntraManagedRedisArgs,
} from "../../src/index.ts";

let n = 0;
const next = () => `amr${++n}`;

const base = (): EntraManagedRedisArgs => ({
  resourceGroupName: RG,
  assignments: [{ objectId: OID1, alias: "api" }],
  privateEndpoint: { subnetId: SUBNET_ID, virtualNetworkId: VNET_ID },
});

describe("EntraManagedRedis resources", () => {
  test("cluster: SKU, TLS 1.2, high availability on, public access off behind a private endpoint", async () => {
    reset();
    const name = next();
    new EntraManagedRedis(name, {
      ...base(),
      location: "westeurope",
      clusterName: "orders",
      tags: { env: "test" },
      zones: ["1", "2", "3"],
    });
    await settle();
    const cluster = find("azure-native:redisenterprise:RedisEnterprise", `${name}-cluster`);
    assert.deepEqual(cluster.inputs, {
      resourceGroupName: RG,
      location: "westeurope",
      clusterName: "orders",
      tags: { env: "test" },
      sku: { name: "Balanced_B1" },
      minimumTlsVersion: "1.2",
      highAvailability: "Enabled",
      zones: ["1", "2", "3"],
      publicNetworkAccess: "Disabled",
    });
  });

  test('database "default": TLS only, keys off, OSSCluster, port 10000', async () => {
    reset();
    const name = next();
    new EntraManagedRedis(name, base());
    await settle();
    const db = find("azure-native:redisenterprise:Database", `${name}-db`);
    assert.deepEqual(db.inputs, {
      resourceGroupName: RG,
      clusterName: `${name}-cluster`,
      databaseName: "default",
      clientProtocol: "Encrypted",
      port: 10000,
      clusteringPolicy: "OSSCluster",
      accessKeysAuthentication: "Disabled",
    });
    assert.ok(
      db.dependencies.includes(find("azure-native:redisenterprise:RedisEnterprise", `${name}-cluster`).urn),
    );
  });

  test("database options: clustering, eviction, deferred upgrades, persistence, modules, keys, high availability off", async () => {
    reset();
    const name = next();
    new EntraManagedRedis(name, {
      ...base(),
      sku: "MemoryOptimized_M10",
      highAvailability: false,
      clusteringPolicy: "EnterpriseCluster",
      evictionPolicy: "NoEviction",
      deferUpgrade: "Deferred",
      persistence: { rdbEnabled: true, rdbFrequency: "6h" },
      modules: [{ name: "RediSearch" }, { name: "RedisJSON", args: "" }],
      accessKeyAuthentication: true,
    });
    await settle();
    const cluster = find("azure-native:redisenterprise:RedisEnterprise", `${name}-cluster`);
    assert.deepEqual(cluster.inputs.sku, { name: "MemoryOptimized_M10" });
    assert.equal(cluster.inputs.highAvailability, "Disabled");
    const db = find("azure-native:redisenterprise:Database", `${name}-db`);
    assert.equal(db.inputs.clusteringPolicy, "EnterpriseCluster");
    assert.equal(db.inputs.evictionPolicy, "NoEviction");
    assert.equal(db.inputs.deferUpgrade, "Deferred");
    assert.deepEqual(db.inputs.persistence, { rdbEnabled: true, rdbFrequency: "6h" });
    assert.deepEqual(db.inputs.modules, [{ name: "RediSearch" }, { name: "RedisJSON", args: "" }]);
    assert.equal(db.inputs.accessKeysAuthentication, "Enabled");
  });

  test('one assignment per identity, Azure name from the object id, written one at a time; no policy is Data Contributor, "default" full access', async () => {
    reset();
    const name = next();
    new EntraManagedRedis(name, {
      ...base(),
      assignments: [
        { objectId: OID1, alias: "api" },
        { objectId: later(OID2), alias: "worker-jobs", policy: "default" },
        { objectId: OID3, alias: "reporting" },
      ],
    });
    await settle();
    const db = find("azure-native:redisenterprise:Database", `${name}-db`);
    // Keyed by object id where it is a plain value, by alias where it is an Output.
    const chain = [OID1, "worker-jobs", OID3].map((key) => managedAssignment(name, key));
    assert.deepEqual(chain[1].inputs, {
      resourceGroupName: RG,
      resourceProviderNamespace: "Microsoft.Cache",
      parentResourcePath: `redisEnterprise/${name}-cluster/databases/default`,
      resourceType: "accessPolicyAssignments",
      resourceName: OID2.replaceAll("-", ""),
      apiVersion: ACCESS_STRING_API_VERSION,
      // "default" next to identities with access strings: written out as Azure's own default, full access.
      properties: { accessPolicyName: "default", accessString: "+@all ~*", user: { objectId: OID2 } },
    });
    // No policy: Data Contributor, as on Azure Cache for Redis.
    assert.equal(
      (chain[0].inputs.properties as { accessString: string }).accessString,
      MANAGED_BUILT_IN_ACCESS["Data Contributor"],
    );
    for (const r of chain) assert.match(r.inputs.resourceName as string, /^[A-Za-z0-9]{1,60}$/);
    assert.ok(chain[0].dependencies.includes(db.urn));
    chain.forEach((r, i) => {
      if (i > 0)
        assert.ok(r.dependsOn.includes(chain[i - 1].urn), `${r.name} must wait for ${chain[i - 1].name}`);
      for (const later of chain.slice(i + 1)) assert.ok(!r.dependencies.includes(later.urn));
    });
  });

  test("private endpoint: groupId redisEnterprise, zone privatelink.redis.azure.net (global) linked to the VNet", async () => {
    reset();
    const name = next();
    new EntraManagedRedis(name, base());
    await settle();
    const cluster = find("azure-native:redisenterprise:RedisEnterprise", `${name}-cluster`);
    const pe = find("azure-native:network:PrivateEndpoint", `${name}-pe`);
    assert.deepEqual(pe.inputs.privateLinkServiceConnections, [
      {
        name: `${name}-pe`,
        privateLinkServiceId: `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/${RG}/providers/mock/RedisEnterprise/${name}-cluster`,
        groupIds: ["redisEnterprise"],
      },
    ]);
    assert.equal(pe.inputs.location, "westeurope", "the endpoint follows the cluster's location");
    assert.ok(pe.dependencies.includes(cluster.urn));
    assert.deepEqual(find("azure-native:privatedns:PrivateZone", `${name}-dns-zone`).inputs, {
      resourceGroupName: RG,
      location: "global",
      privateZoneName: "privatelink.redis.azure.net",
    });
    assert.deepEqual(
      find("azure-native:privatedns:VirtualNetworkLink", `${name}-dns-link`).inputs.virtualNetwork,
      { id: VNET_ID },
    );
    assert.deepEqual(
      find("azure-native:network:PrivateDnsZoneGroup", `${name}-pe-dns`).inputs.privateDnsZoneConfigs,
      [
        {
          name: "privatelink-redis-azure-net",
          privateDnsZoneId: `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/${RG}/providers/Microsoft.Network/privateDnsZones/privatelink.redis.azure.net`,
        },
      ],
    );
  });

  test("an existing zone id is used as is; allowPublicNetworkAccess keeps public access on next to the endpoint", async () => {
    reset();
    const name = next();
    new EntraManagedRedis(name, {
      ...base(),
      privateEndpoint: { subnetId: SUBNET_ID, privateDnsZoneId: MANAGED_ZONE_ID },
      allowPublicNetworkAccess: true,
    });
    await settle();
    assert.equal(
      find("azure-native:redisenterprise:RedisEnterprise", `${name}-cluster`).inputs.publicNetworkAccess,
      "Enabled",
    );
    assert.equal(
      resources.filter(
        (r) => r.type === "azure-native:privatedns:PrivateZone" && r.name.startsWith(`${name}-`),
      ).length,
      0,
    );
    assert.deepEqual(
      find("azure-native:network:PrivateDnsZoneGroup", `${name}-pe-dns`).inputs.privateDnsZoneConfigs,
      [{ name: "privatelink-redis-azure-net", privateDnsZoneId: MANAGED_ZONE_ID }],
    );
  });

  test("public access only: no endpoint, publicNetworkAccess Enabled", async () => {
    reset();
    const name = next();
    new EntraManagedRedis(name, {
      resourceGroupName: RG,
      assignments: [{ objectId: OID1, alias: "api" }],
      allowPublicNetworkAccess: true,
    });
    await settle();
    assert.equal(
      find("azure-native:redisenterprise:RedisEnterprise", `${name}-cluster`).inputs.publicNetworkAccess,
      "Enabled",
    );
    assert.deepEqual(
      children(name)
        .map((r) => r.type)
        .sort(),
      [
        "azure-native:redisenterprise:Database",
        "azure-native:redisenterprise:RedisEnterprise",
        "azure-native:resources:Resource",
        "azure-redis-entra:index:EntraManagedRedis",
      ],
    );
  });

  test("every child is parented to the component", async () => {
    reset();
    const name = next();
    new EntraManagedRedis(name, base());
    await settle();
    const component = find("azure-redis-entra:index:EntraManagedRedis", name);
    const kids = resources.filter((r) => r !== component && r.name.startsWith(`${name}-`));
    assert.equal(kids.length, 7);
    for (const kid of kids) assert.equal(kid.parent, component.urn);
  });
});

describe("EntraManagedRedis outputs", () => {
  test("host, port 10000, token scope, object ids, connections with the cluster flag", async () => {
    reset();
    const name = next();
    const r = new EntraManagedRedis(name, {
      ...base(),
      clusterName: "orders",
      location: "northeurope",
      assignments: [
        { objectId: OID1, alias: "api" },
        { objectId: later(OID2), alias: "worker" },
      ],
    });
    await settle();
    assert.equal(await value(r.resourceName), "orders");
    assert.match(await value(r.resourceId), /\/RedisEnterprise\//);
    assert.match(await value(r.databaseId), new RegExp(`/mock/Database/${name}-db$`));
    assert.equal(await value(r.hostName), "orders.northeurope.redis.azure.net");
    assert.equal(await value(r.port), 10000);
    assert.equal(await value(r.tokenScope), REDIS_TOKEN_SCOPE);
    assert.deepEqual(await value(r.objectIds), [OID1, OID2]);
    assert.deepEqual(await value(r.connections), {
      api: {
        host: "orders.northeurope.redis.azure.net",
        port: 10000,
        username: OID1,
        policy: "Data Contributor",
        tokenScope: REDIS_TOKEN_SCOPE,
        cluster: true,
      },
      worker: {
        host: "orders.northeurope.redis.azure.net",
        port: 10000,
        username: OID2,
        policy: "Data Contributor",
        tokenScope: REDIS_TOKEN_SCOPE,
        cluster: true,
      },
    });
  });

  test("cluster is false for EnterpriseCluster and NoCluster", async () => {
    reset();
    const a = new EntraManagedRedis(next(), { ...base(), clusteringPolicy: "EnterpriseCluster" });
    const b = new EntraManagedRedis(next(), { ...base(), clusteringPolicy: "NoCluster", sku: "Balanced_B0" });
    await settle();
    assert.equal((await value(a.connections))["api"].cluster, false);
    assert.equal((await value(b.connections))["api"].cluster, false);
  });

  test("connections have the same shape as EntraRedisCache's, so app code doesn't change", async () => {
    reset();
    const managed = new EntraManagedRedis(next(), base());
    const cache = new EntraRedisCache(next(), {
      resourceGroupName: RG,
      assignments: [{ objectId: OID1, alias: "api" }],
      allowPublicNetworkAccess: true,
    });
    await settle();
    const m = (await value(managed.connections))["api"];
    const c = (await value(cache.connections))["api"];
    assert.deepEqual(Object.keys(m).sort(), Object.keys(c).sort());
    assert.equal(m.username, c.username);
    assert.equal(m.tokenScope, c.tokenScope);
    for (const k of ["hostName", "tokenScope", "objectIds", "connections"] as const) {
      assert.ok(k in managed && k in cache, `${k} on both components`);
    }
  });
});

type Case = [title: string, args: () => EntraManagedRedisArgs, field: string, message: RegExp];

const plainCases: Case[] = [
  [
    "retired Enterprise SKU",
    () => ({ ...base(), sku: "Enterprise_E10" as never }),
    "sku",
    /"Enterprise_E10" is a retired Azure Cache for Redis Enterprise SKU; use an Azure Managed Redis SKU/,
  ],
  [
    "retired EnterpriseFlash SKU",
    () => ({ ...base(), sku: "EnterpriseFlash_F300" as never }),
    "sku",
    /retired/,
  ],
  [
    "unknown SKU",
    () => ({ ...base(), sku: "Premium" as never }),
    "sku",
    /"Premium" is not an Azure Managed Redis SKU/,
  ],
  [
    "SKU with a bad size",
    () => ({ ...base(), sku: "Balanced_Bx" as never }),
    "sku",
    /is not an Azure Managed Redis SKU/,
  ],
  [
    "policy neither built-in, custom nor default",
    () => ({ ...base(), assignments: [{ objectId: OID1, alias: "api", policy: "Readers" }] }),
    "assignments[0].policy",
    /"Readers" is not a built-in or custom access policy; use one of "default", "Data Owner"/,
  ],
  ["no assignments", () => ({ ...base(), assignments: [] }), "assignments", /is empty/],
  [
    "alias invalid",
    () => ({ ...base(), assignments: [{ objectId: OID1, alias: "my_api" }] }),
    "assignments[0].alias",
    /not a valid assignment name/,
  ],
  [
    "aliases that differ only in hyphens",
    () => ({
      ...base(),
      assignments: [
        { objectId: OID1, alias: "a-pi" },
        { objectId: OID2, alias: "api" },
      ],
    }),
    "assignments[1].alias",
    /gives the same assignment name "api" as assignments\[0\]/,
  ],
  [
    "alias whose derived name exceeds 60 characters",
    () => ({ ...base(), assignments: [{ objectId: OID1, alias: "a".repeat(61) }] }),
    "assignments[0].alias",
    /longer than the 60 characters/,
  ],
  [
    "duplicate objectId",
    () => ({
      ...base(),
      assignments: [
        { objectId: OID1, alias: "api" },
        { objectId: OID1, alias: "worker" },
      ],
    }),
    "assignments[1].objectId",
    /is already assigned/,
  ],
  [
    "objectId not a GUID",
    () => ({ ...base(), assignments: [{ objectId: "api", alias: "api" }] }),
    "assignments[0].objectId",
    /is not an object id/,
  ],
  [
    "firewall rules (not an argument)",
    () => ({ ...base(), firewallRules: [{ startIp: "10.0.0.1" }] }) as EntraManagedRedisArgs,
    "firewallRules",
    /Azure Managed Redis has no IP firewall rules/,
  ],
  [
    "no network choice",
    () => ({ resourceGroupName: RG, assignments: [{ objectId: OID1, alias: "api" }] }),
    "privateEndpoint",
    /no other network access is chosen; choose privateEndpoint \(private access\), or allowPublicNetworkAccess: true/,
  ],
  [
    "privateEndpoint without zone or VNet",
    () => ({ ...base(), privateEndpoint: { subnetId: SUBNET_ID } }),
    "privateEndpoint.privateDnsZoneId",
    /privatelink.redis.azure.net/,
  ],
  [
    "clusteringPolicy unknown",
    () => ({ ...base(), clusteringPolicy: "Sharded" as never }),
    "clusteringPolicy",
    /is not a clustering policy/,
  ],
  [
    "evictionPolicy unknown",
    () => ({ ...base(), evictionPolicy: "allkeys-lru" }),
    "evictionPolicy",
    /is not an eviction policy; use "AllKeysLFU"/,
  ],
  [
    "persistence AOF and RDB",
    () => ({ ...base(), persistence: { aofEnabled: true, rdbEnabled: true } }),
    "persistence",
    /turns on both AOF and RDB/,
  ],
  [
    "persistence frequency without enabling it",
    () => ({ ...base(), persistence: { rdbFrequency: "1h" } }),
    "persistence.rdbFrequency",
    /while rdbEnabled is not true/,
  ],
  [
    "unknown module",
    () => ({ ...base(), modules: [{ name: "RedisGraph" }] }),
    "modules[0].name",
    /is not a module Azure Managed Redis offers/,
  ],
  // Issue 19 item 1: a custom "default" was taken for the built-in full access (+@all ~*).
  ...["default", "Default", "DEFAULT"].map((name): Case => [
    `custom policy named ${JSON.stringify(name)}, assigned by that name`,
    () => ({
      ...base(),
      customPolicies: [{ name, permissions: "+@read allkeys" }],
      assignments: [{ objectId: OID1, alias: "api", policy: name }],
    }),
    "customPolicies[0].name",
    /clashes with "default", Azure Managed Redis's built-in full-access policy/,
  ]),
  ...["data owner", "DATA CONTRIBUTOR", "Data Reader"].map((name): Case => [
    `custom policy named like the built-in ${JSON.stringify(name)}`,
    () => ({ ...base(), customPolicies: [{ name, permissions: "+@read allkeys" }] }),
    "customPolicies[0].name",
    /clashes with the built-in policy "Data (Owner|Contributor|Reader)"/,
  ]),
  // Issue 19 item 13: values of the wrong type are refused, not coerced (highAvailability: "false" was Enabled).
  ...(
    [
      [
        "highAvailability",
        "false",
        /highAvailability "false" is a string, not a boolean; give true or false/,
      ],
      ["highAvailability", 0, /highAvailability 0 is a number, not a boolean/],
      ["accessKeyAuthentication", "true", /is a string, not a boolean/],
      ["allowPublicNetworkAccess", "true", /is a string, not a boolean/],
    ] as const
  ).map(([field, v, message]): Case => [
    `${field}: ${JSON.stringify(v)}`,
    () => ({ ...base(), [field]: v as never }),
    field,
    message,
  ]),
  [
    "persistence.aofEnabled as a string",
    () => ({ ...base(), persistence: { aofEnabled: "true" as never } }),
    "persistence.aofEnabled",
    /is a string, not a boolean/,
  ],
  [
    "tag value not a string",
    () => ({ ...base(), tags: { env: 1 as never } }),
    "tags.env",
    /tags\.env 1 is a number, not a string/,
  ],
  [
    "tags as a list",
    () => ({ ...base(), tags: ["env"] as never }),
    "tags",
    /tags \["env"\] is a list, not a map/,
  ],
  [
    "two tags differing only in case",
    () => ({ ...base(), tags: { Env: "a", env: "b" } }),
    "tags.env",
    /has the same name as tags\.Env apart from case/,
  ],
  [
    "resourceGroupName of the wrong type says so (was: is empty)",
    () => ({ ...base(), resourceGroupName: ["rg"] as never }),
    "resourceGroupName",
    /resourceGroupName \["rg"\] is a list, not a string/,
  ],
  [
    "assignments given as an object says so (was: is empty)",
    () => ({ ...base(), assignments: { objectId: OID1, alias: "api" } as never }),
    "assignments",
    /assignments .* is an object, not a list/,
  ],
  [
    "more assignments than the documented bound (10,000 exhausted memory)",
    () => ({
      ...base(),
      assignments: Array.from({ length: 10_000 }, (_, i) => ({
        objectId: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
        alias: `app${i}`,
      })),
    }),
    "assignments",
    /assignments "10000 assignments" are more than the 800 one component takes; split the identities/,
  ],
  [
    "clusterName invalid",
    () => ({ ...base(), clusterName: "-orders" }),
    "clusterName",
    /is not a valid name/,
  ],
];

describe("EntraManagedRedis input rules (plain values)", () => {
  for (const [title, args, field, message] of plainCases) {
    test(title, () => {
      const name = next();
      assert.throws(
        () => new EntraManagedRedis(name, args()),
        (err: unknown) => {
          assert.ok(err instanceof EntraRedisInputError, String(err));
          assert.equal(err.field, field);
          assert.match(err.message, message);
          assert.ok(err.message.startsWith(`EntraManagedRedis "${name}": ${field} `));
          return true;
        },
      );
      assert.deepEqual(children(name), []);
    });
  }
});

type OutputCase = [title: string, args: () => EntraManagedRedisArgs, message: RegExp];
const outputCases: OutputCase[] = [
  [
    "objectId Output not a GUID",
    () => ({ ...base(), assignments: [{ objectId: later("x"), alias: "api" }] }),
    /assignments\[0\]\.objectId "x" is not an object id/,
  ],
  [
    "objectId Output duplicated",
    () => ({
      ...base(),
      assignments: [
        { objectId: OID1, alias: "api" },
        { objectId: later(OID1), alias: "worker" },
      ],
    }),
    /assignments\[1\]\.objectId .* is already assigned/,
  ],
  [
    "privateDnsZoneId Output of the cache zone",
    () => ({ ...base(), privateEndpoint: { subnetId: SUBNET_ID, privateDnsZoneId: later(CACHE_ZONE_ID) } }),
    /is the zone "privatelink.redis.cache.windows.net", not "privatelink.redis.azure.net"/,
  ],
  [
    "subnetId Output not a subnet",
    () => ({ ...base(), privateEndpoint: { subnetId: later("subnet-1"), virtualNetworkId: VNET_ID } }),
    /privateEndpoint\.subnetId "subnet-1" is not a subnet resource id/,
  ],
  [
    "resourceGroupName Output empty",
    () => ({ ...base(), resourceGroupName: later("") }),
    /resourceGroupName "" is empty/,
  ],
];

describe("EntraManagedRedis input rules (Output values)", () => {
  for (const [title, args, message] of outputCases) {
    test(title, async () => {
      reset();
      const name = next();
      const errors = await expectRejections(() => {
        new EntraManagedRedis(name, args());
      });
      assert.ok(errors.length > 0);
      for (const err of errors) {
        assert.ok(err instanceof EntraRedisInputError, err.message);
        assert.match(err.message, message);
      }
      assert.deepEqual(
        children(name).map((r) => r.type),
        ["azure-redis-entra:index:EntraManagedRedis"],
      );
    });
  }
});
