/**
 * Every value the components send to azure-native, checked against Azure's rules (src/infra/rules/,
 * docs/azure-constraints.md): both components are built with every option under the mocks, and each
 * recorded input of each azure-native resource is either checked by a constraint of the table or
 * listed below as one the specs leave open (ids of other resources, locations, tags).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { AZURE_CONSTRAINTS, constraint } from "../../src/infra/rules/index.ts";
import { cacheConfigRule } from "../../src/infra/rules/redis-configuration.ts";
import { valuesAt } from "../../src/infra/rules/rule.ts";
import { EntraManagedRedis, EntraRedisCache } from "../../src/index.ts";
import {
  CACHE_ZONE_ID,
  MANAGED_ZONE_ID,
  OID1,
  OID2,
  OID3,
  onCall,
  reset,
  resources,
  RG,
  settle,
  SUB,
  SUBNET_ID,
  VNET_ID,
  type Recorded,
} from "./mocks.ts";
import { UAI } from "./rules/probes.ts";

/** Inputs the specs leave open: names of other resources, ids, regions, tags. */
const OPEN: Record<string, string[]> = {
  "*": ["resourceGroupName", "location", "tags.*"],
  "azure-native:network:PrivateEndpoint": [
    "subnet.id",
    // azure-native's own defaults for a SubnetArgs, filled in by the SDK
    "subnet.privateEndpointNetworkPolicies",
    "subnet.privateLinkServiceNetworkPolicies",
    "privateLinkServiceConnections[].privateLinkServiceId",
    "privateLinkServiceConnections[].groupIds[]",
  ],
  "azure-native:network:PrivateDnsZoneGroup": [
    "privateEndpointName",
    "privateDnsZoneGroupName",
    "privateDnsZoneConfigs[].name",
    "privateDnsZoneConfigs[].privateDnsZoneId",
  ],
  "azure-native:privatedns:PrivateZone": ["privateZoneName"],
  "azure-native:privatedns:VirtualNetworkLink": [
    "privateZoneName",
    "virtualNetwork.id",
    "registrationEnabled",
  ],
  "azure-native:redisenterprise:Database": ["modules[].args"],
  // The generic resource's address of a Managed Redis assignment: constants and the cluster's name
  // (managed-redis/access-api.ts), not values Azure's spec constrains.
  "azure-native:resources:Resource": [
    "apiVersion",
    "parentResourcePath",
    "resourceProviderNamespace",
    "resourceType",
  ],
};

/** Pulumi's marker of a serialised secret (sdk/nodejs/runtime/rpc.ts specialSigKey, specialSecretSig). */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_VALUE_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** The value of a secret as the mocks record it; any other value as it is. */
function unsecret(value: unknown): unknown {
  const o = value as Record<string, unknown> | null | undefined;
  return typeof o === "object" && o !== null && o[SECRET_SIG] === SECRET_VALUE_SIG ? o.value : value;
}

/** Every leaf path of an inputs object, arrays as `[]`, e.g. `sku.name`, `zones[]`. */
function leafPaths(value: unknown, prefix = ""): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => leafPaths(v, `${prefix}[]`));
  // A secret as the mocks record it ({ [SECRET_SIG]: SECRET_VALUE_SIG, value }): the value is what Azure gets.
  if (
    typeof value === "object" &&
    value !== null &&
    (value as Record<string, unknown>)[SECRET_SIG] === SECRET_VALUE_SIG
  ) {
    return leafPaths((value as { value?: unknown }).value, prefix);
  }
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => leafPaths(v, prefix === "" ? k : `${prefix}.${k}`));
  }
  return [prefix];
}

function covered(r: Recorded, path: string): boolean {
  const open = [...OPEN["*"], ...(OPEN[r.type] ?? [])];
  if (open.some((p) => p === path || (p.endsWith(".*") && path.startsWith(p.slice(0, -1))))) return true;
  if (r.type === "azure-native:redis:Redis" && path.startsWith("redisConfiguration.")) return true;
  if (r.type === "azure-native:redis:Redis" && path === "sku.capacity") return true;
  return AZURE_CONSTRAINTS.some((c) =>
    c.sends.some((s) => s.type === r.type && (s.path === path || path.startsWith(`${s.path}.`))),
  );
}

const OLD_RG = "rg-old";
onCall((token, inputs) =>
  token === "azure-native:redis:getRedis"
    ? {
        id: `/subscriptions/${SUB}/resourceGroups/${OLD_RG}/providers/Microsoft.Cache/Redis/${String(inputs.name)}`,
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

/** Builds both components with every option, and the existing-cache mode. */
async function buildEverything(): Promise<Recorded[]> {
  reset();
  new EntraRedisCache("full", {
    resourceGroupName: RG,
    location: "westeurope",
    cacheName: "full-cache-1",
    tags: { team: "platform" },
    sku: "Premium",
    capacity: 5,
    redisVersion: "6",
    zones: ["1", "2"],
    replicasPerPrimary: 2,
    shardCount: 3,
    redisConfiguration: {
      maxmemoryPolicy: "allkeys-lru",
      maxmemoryReserved: "125",
      maxmemoryDelta: "125",
      maxfragmentationmemoryReserved: "125",
      notifyKeyspaceEvents: "KEA",
      rdbBackupEnabled: "true",
      rdbBackupFrequency: "60",
      rdbBackupMaxSnapshotCount: "1",
      rdbStorageConnectionString: "DefaultEndpointsProtocol=https;AccountName=x;AccountKey=y",
      preferredDataPersistenceAuthMethod: "SAS",
      storageSubscriptionId: SUB,
    },
    accessKeyAuthentication: true,
    customPolicies: [{ name: "Reports Read", permissions: "+@read ~reports:*" }],
    assignments: [
      { objectId: OID1, alias: "app", policy: "Reports Read" },
      { objectId: OID2, alias: "ops-team", policy: "Data Owner" },
    ],
    firewallRules: [{ name: "office", cidr: "203.0.113.0/24" }, { startIp: "198.51.100.7" }],
    allowPublicNetworkAccess: true,
    privateEndpoint: { subnetId: SUBNET_ID, virtualNetworkId: VNET_ID },
    identity: { systemAssigned: true, userAssignedIdentityIds: [UAI] },
  });
  new EntraRedisCache("basic", {
    resourceGroupName: RG,
    sku: "Basic",
    capacity: 0,
    assignments: [{ objectId: OID3, alias: "app" }],
    privateEndpoint: { subnetId: SUBNET_ID, privateDnsZoneId: CACHE_ZONE_ID },
  });
  new EntraRedisCache("existing", {
    resourceGroupName: RG,
    existingCache: { name: "legacy", resourceGroupName: OLD_RG },
    assignments: [{ objectId: OID1, alias: "app" }],
    firewallRules: [{ name: "office", startIp: "198.51.100.7" }],
  });
  new EntraManagedRedis("managed", {
    resourceGroupName: RG,
    location: "westeurope",
    clusterName: "managed-cluster-1",
    tags: { team: "platform" },
    sku: "MemoryOptimized_M10",
    highAvailability: false,
    zones: ["1", "2", "3"],
    clusteringPolicy: "EnterpriseCluster",
    evictionPolicy: "NoEviction",
    persistence: { aofEnabled: true, aofFrequency: "1s" },
    modules: [{ name: "RediSearch" }, { name: "RedisBloom", args: "ERROR_RATE 0.01 INITIAL_SIZE 400" }],
    accessKeyAuthentication: true,
    assignments: [
      { objectId: OID1, alias: "app" },
      { objectId: OID2, alias: "ops-team" },
    ],
    privateEndpoint: { subnetId: SUBNET_ID, privateDnsZoneId: MANAGED_ZONE_ID },
    identity: { systemAssigned: true, userAssignedIdentityIds: [UAI] },
    encryption: {
      keyUrl: "https://contosovault.vault.azure.net/keys/contosokek/562a4bb76b524a1493a6afe8e536ee78",
      userAssignedIdentityId: UAI,
    },
  });
  // Geo-replication on both: a Premium geo-primary (LinkedServer) and a Managed Redis group member.
  new EntraRedisCache("geo-primary", {
    resourceGroupName: RG,
    sku: "Premium",
    capacity: 2,
    replicasPerPrimary: 1,
    assignments: [{ objectId: OID1, alias: "app" }],
    allowPublicNetworkAccess: true,
    geoReplication: {
      linkedCacheId: `/subscriptions/${SUB}/resourceGroups/rg-dr/providers/Microsoft.Cache/Redis/geo-secondary`,
      linkedCacheLocation: "northeurope",
    },
  });
  new EntraManagedRedis("managed-geo", {
    resourceGroupName: RG,
    sku: "Balanced_B3",
    modules: [{ name: "RedisJSON" }],
    assignments: [{ objectId: OID2, alias: "app" }],
    allowPublicNetworkAccess: true,
    geoReplication: {
      groupNickname: "orders-geo",
      linkedDatabaseIds: [
        `/subscriptions/${SUB}/resourceGroups/rg-dr/providers/Microsoft.Cache/redisEnterprise/orders-dr/databases/default`,
      ],
    },
  });
  new EntraManagedRedis("managed-rdb", {
    resourceGroupName: RG,
    persistence: { rdbEnabled: true, rdbFrequency: "12h" },
    assignments: [{ objectId: OID3, alias: "app" }],
    allowPublicNetworkAccess: true,
  });
  await settle();
  return resources.filter((r) => r.type.startsWith("azure-native:"));
}

test("every value sent to azure-native passes the constraint of the table that covers it", async () => {
  const sent = await buildEverything();
  let checked = 0;
  for (const c of AZURE_CONSTRAINTS) {
    for (const s of c.sends) {
      for (const r of sent.filter((x) => x.type === s.type)) {
        for (const v of valuesAt(r.inputs, s.path)) {
          // The component's own database id in its group comes from the mocks' cluster id, which isn't
          // Azure-shaped (mocks.ts armId); geo-replication.test.ts checks how it is derived.
          if (s.path === "geoReplication.linkedDatabases[].id" && String(v).includes("/providers/mock/"))
            continue;
          checked++;
          assert.ok(
            c.accepts(v),
            `${r.type} ${r.name} ${s.path} = ${JSON.stringify(v)} breaks ${c.id}: ${c.rule}`,
          );
        }
      }
    }
  }
  for (const r of sent.filter((x) => x.type === "azure-native:redis:Redis")) {
    const sku = r.inputs.sku as { family: "C" | "P"; capacity: number };
    assert.ok(constraint(`cache.sku.capacity.${sku.family}`).accepts(sku.capacity), `${r.name} capacity`);
    for (const [key, v] of Object.entries(
      (unsecret(r.inputs.redisConfiguration) ?? {}) as Record<string, unknown>,
    )) {
      const rule = cacheConfigRule(key);
      assert.ok(rule !== undefined, `${r.name} sends redisConfiguration.${key}, which azure-native knows`);
      assert.ok(rule.accepts(v), `${r.name} redisConfiguration.${key}`);
    }
  }
  assert.ok(checked > 60, `checked ${checked} values`);
});

test("no input is sent that the table neither checks nor lists as left open by the specs", async () => {
  const sent = await buildEverything();
  const types = new Set(sent.map((r) => r.type));
  for (const t of [
    "azure-native:redis:Redis",
    "azure-native:redis:AccessPolicy",
    "azure-native:redis:AccessPolicyAssignment",
    "azure-native:redis:FirewallRule",
    "azure-native:redis:LinkedServer",
    "azure-native:redisenterprise:RedisEnterprise",
    "azure-native:redisenterprise:Database",
    // every Managed Redis assignment, whatever its policy (issue 18)
    "azure-native:resources:Resource",
    "azure-native:network:PrivateEndpoint",
    "azure-native:privatedns:VirtualNetworkLink",
  ]) {
    assert.ok(types.has(t), `the build covers ${t}`);
  }
  const uncovered = sent.flatMap((r) =>
    leafPaths(r.inputs)
      .filter((p) => !covered(r, p))
      .map((p) => `${r.type} ${r.name}: ${p}`),
  );
  assert.deepEqual(uncovered, []);
});
