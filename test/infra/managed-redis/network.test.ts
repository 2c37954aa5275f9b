/**
 * EntraManagedRedis under Pulumi mocks: the network: a private endpoint (groupId redisEnterprise)
 * with the zone privatelink.redis.azure.net, new or existing, public access on or off; the network
 * rules (no firewall rules on Managed Redis, a network choice, the endpoint's zone) with plain and
 * Output values.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import {
  CACHE_ZONE_ID,
  children,
  find,
  later,
  MANAGED_ZONE_ID,
  OID1,
  reset,
  resources,
  RG,
  settle,
  SUBNET_ID,
  VNET_ID,
} from "../mocks.ts";
import {
  namer,
  managedArgs,
  MANAGED_REDIS,
  plainRuleTests,
  outputRuleTests,
  type PlainCase,
  type OutputCase,
} from "../fixtures.ts";
import { EntraManagedRedis, type EntraManagedRedisArgs } from "../../../src/index.ts";

const next = namer("amr");
type Case = PlainCase<EntraManagedRedisArgs>;

describe("EntraManagedRedis resources", () => {
  test("private endpoint: groupId redisEnterprise, zone privatelink.redis.azure.net (global) linked to the VNet", async () => {
    reset();
    const name = next();
    new EntraManagedRedis(name, managedArgs());
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
      ...managedArgs(),
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
});

const plainCases: Case[] = [
  [
    "firewall rules (not an argument)",
    () => ({ ...managedArgs(), firewallRules: [{ startIp: "10.0.0.1" }] }) as EntraManagedRedisArgs,
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
    () => ({ ...managedArgs(), privateEndpoint: { subnetId: SUBNET_ID } }),
    "privateEndpoint.privateDnsZoneId",
    /privatelink.redis.azure.net/,
  ],
];

describe("EntraManagedRedis input rules (plain values)", () => {
  plainRuleTests(MANAGED_REDIS, next, plainCases);
});

const outputCases: OutputCase<EntraManagedRedisArgs>[] = [
  [
    "privateDnsZoneId Output of the cache zone",
    () => ({
      ...managedArgs(),
      privateEndpoint: { subnetId: SUBNET_ID, privateDnsZoneId: later(CACHE_ZONE_ID) },
    }),
    /is the zone "privatelink.redis.cache.windows.net", not "privatelink.redis.azure.net"/,
  ],
  [
    "subnetId Output not a subnet",
    () => ({ ...managedArgs(), privateEndpoint: { subnetId: later("subnet-1"), virtualNetworkId: VNET_ID } }),
    /privateEndpoint\.subnetId "subnet-1" is not a subnet resource id/,
  ],
];

describe("EntraManagedRedis input rules (Output values)", () => {
  outputRuleTests(MANAGED_REDIS, next, outputCases);
});
