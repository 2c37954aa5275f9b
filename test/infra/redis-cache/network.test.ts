/**
 * EntraRedisCache under Pulumi mocks: the network: firewall rules (address, range, CIDR; given and
 * derived names), private endpoint with a new or an existing DNS zone, and public network access as
 * the network decision sets it.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import {
  CACHE_ZONE_ID,
  children,
  find,
  later,
  OID1,
  reset,
  resources,
  RG,
  settle,
  SUBNET_ID,
  VNET_ID,
} from "../mocks.ts";
import { namer, cacheArgs } from "../fixtures.ts";
import { EntraRedisCache } from "../../../src/index.ts";

const next = namer("cache");

describe("EntraRedisCache resources", () => {
  test("firewall rules: single address, range and CIDR, with given and derived names", async () => {
    reset();
    const name = next();
    new EntraRedisCache(name, {
      ...cacheArgs(),
      firewallRules: [
        { startIp: "198.51.100.7" },
        { name: "office", startIp: "198.51.100.10", endIp: "198.51.100.20" },
        { cidr: "10.0.0.0/24" },
      ],
    });
    await settle();
    const rules = resources
      .filter((r) => r.type === "azure-native:redis:FirewallRule" && r.name.startsWith(`${name}-`))
      .map((r) => r.inputs);
    assert.deepEqual(
      rules.map((r) => [r.ruleName, r.startIP, r.endIP]),
      [
        ["ip_198_51_100_7", "198.51.100.7", "198.51.100.7"],
        ["office", "198.51.100.10", "198.51.100.20"],
        ["range_10_0_0_0_10_0_0_255", "10.0.0.0", "10.0.0.255"],
      ],
    );
  });

  test("a private endpoint with a new DNS zone linked to the VNet turns public access off", async () => {
    reset();
    const name = next();
    new EntraRedisCache(name, {
      resourceGroupName: RG,
      location: "westeurope",
      assignments: [{ objectId: OID1, alias: "app" }],
      privateEndpoint: { subnetId: SUBNET_ID, virtualNetworkId: VNET_ID },
    });
    await settle();
    const cache = find("azure-native:redis:Redis", `${name}-redis`);
    assert.equal(cache.inputs.publicNetworkAccess, "Disabled");
    const pe = find("azure-native:network:PrivateEndpoint", `${name}-pe`);
    // azure-native fills subnet defaults (network policies) into the reference; only the id matters.
    assert.equal((pe.inputs.subnet as { id: string }).id, SUBNET_ID);
    assert.deepEqual(
      { ...pe.inputs, subnet: undefined },
      {
        resourceGroupName: RG,
        location: "westeurope",
        subnet: undefined,
        privateLinkServiceConnections: [
          {
            name: `${name}-pe`,
            privateLinkServiceId: `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/${RG}/providers/mock/Redis/${name}-redis`,
            groupIds: ["redisCache"],
          },
        ],
      },
    );
    const zone = find("azure-native:privatedns:PrivateZone", `${name}-dns-zone`);
    assert.deepEqual(zone.inputs, {
      resourceGroupName: RG,
      location: "global",
      privateZoneName: "privatelink.redis.cache.windows.net",
    });
    const link = find("azure-native:privatedns:VirtualNetworkLink", `${name}-dns-link`);
    assert.deepEqual(link.inputs, {
      resourceGroupName: RG,
      privateZoneName: "privatelink.redis.cache.windows.net",
      location: "global",
      virtualNetwork: { id: VNET_ID },
      registrationEnabled: false,
    });
    const group = find("azure-native:network:PrivateDnsZoneGroup", `${name}-pe-dns`);
    assert.deepEqual(group.inputs, {
      resourceGroupName: RG,
      privateEndpointName: `${name}-pe`,
      privateDnsZoneGroupName: "default",
      privateDnsZoneConfigs: [
        {
          name: "privatelink-redis-cache-windows-net",
          privateDnsZoneId: `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/${RG}/providers/Microsoft.Network/privateDnsZones/privatelink.redis.cache.windows.net`,
        },
      ],
    });
    assert.ok(group.dependencies.includes(link.urn), "the zone group waits for the VNet link");
    assert.ok(pe.dependencies.includes(cache.urn));
  });

  test("a private endpoint with an existing zone creates no zone; Output ids are accepted", async () => {
    reset();
    const name = next();
    new EntraRedisCache(name, {
      resourceGroupName: RG,
      assignments: [{ objectId: OID1, alias: "app" }],
      privateEndpoint: { subnetId: later(SUBNET_ID), privateDnsZoneId: later(CACHE_ZONE_ID) },
    });
    await settle();
    assert.equal(
      resources.filter(
        (r) => r.type === "azure-native:privatedns:PrivateZone" && r.name.startsWith(`${name}-`),
      ).length,
      0,
    );
    const group = find("azure-native:network:PrivateDnsZoneGroup", `${name}-pe-dns`);
    assert.deepEqual(group.inputs.privateDnsZoneConfigs, [
      { name: "privatelink-redis-cache-windows-net", privateDnsZoneId: CACHE_ZONE_ID },
    ]);
    assert.equal(
      (find("azure-native:network:PrivateEndpoint", `${name}-pe`).inputs.subnet as { id: string }).id,
      SUBNET_ID,
    );
    assert.equal(find("azure-native:redis:Redis", `${name}-redis`).inputs.publicNetworkAccess, "Disabled");
  });

  test("private endpoint plus firewall rules keeps public access on when allowPublicNetworkAccess is true", async () => {
    reset();
    const name = next();
    new EntraRedisCache(name, {
      ...cacheArgs(),
      privateEndpoint: { subnetId: SUBNET_ID, privateDnsZoneId: CACHE_ZONE_ID },
      allowPublicNetworkAccess: true,
    });
    await settle();
    assert.equal(find("azure-native:redis:Redis", `${name}-redis`).inputs.publicNetworkAccess, "Enabled");
    find("azure-native:redis:FirewallRule", `${name}-fw-ip_203_0_113_10`);
    find("azure-native:network:PrivateEndpoint", `${name}-pe`);
  });

  test("internet-wide firewall rules register with the explicit allowPublicNetworkAccess: true (issue 19 item 4)", async () => {
    reset();
    const name = next();
    new EntraRedisCache(name, {
      resourceGroupName: RG,
      assignments: [{ objectId: OID1, alias: "app" }],
      firewallRules: [{ name: "anyone", cidr: "0.0.0.0/0" }],
      allowPublicNetworkAccess: true,
    });
    await settle();
    assert.equal(find("azure-native:redis:Redis", `${name}-redis`).inputs.publicNetworkAccess, "Enabled");
    const rule = find("azure-native:redis:FirewallRule", `${name}-fw-anyone`);
    assert.deepEqual([rule.inputs.startIP, rule.inputs.endIP], ["0.0.0.0", "255.255.255.255"]);
  });

  test("allowPublicNetworkAccess alone opens the cache (no rules, no endpoint)", async () => {
    reset();
    const name = next();
    new EntraRedisCache(name, {
      resourceGroupName: RG,
      assignments: [{ objectId: OID1, alias: "app" }],
      allowPublicNetworkAccess: true,
    });
    await settle();
    assert.equal(find("azure-native:redis:Redis", `${name}-redis`).inputs.publicNetworkAccess, "Enabled");
    assert.deepEqual(
      children(name)
        .map((r) => r.type)
        .sort(),
      [
        "azure-native:redis:AccessPolicyAssignment",
        "azure-native:redis:Redis",
        "azure-redis-entra:index:EntraRedisCache",
      ],
    );
  });
});
