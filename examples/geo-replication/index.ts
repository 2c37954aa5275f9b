// Two regions, one cache for the app: Azure Managed Redis active geo-replication, composed from two
// EntraManagedRedis components. The first creates the group; the second joins it with the first's
// `databaseId`. Each instance gets its own Entra assignments (Azure keeps them per instance), so the
// app's identity is assigned on both and connects to the nearer one with the same token scope.
//
// With `premiumCaches: true`, the same for Azure Cache for Redis: two Premium caches with passive
// geo-replication (the west cache the geo-primary, the north cache its read-only geo-secondary).
import * as pulumi from "@pulumi/pulumi";
import * as managedidentity from "@pulumi/azure-native/managedidentity/index.js";
import * as network from "@pulumi/azure-native/network/index.js";
import * as resources from "@pulumi/azure-native/resources/index.js";
import { EntraManagedRedis, EntraRedisCache, type EntraManagedRedisArgs } from "azure-redis-entra";

const config = new pulumi.Config();
const primaryLocation = config.get("primaryLocation") ?? "westeurope";
const secondaryLocation = config.get("secondaryLocation") ?? "northeurope";
const premiumCaches = config.getBoolean("premiumCaches") ?? false;

const west = new resources.ResourceGroup("geo-west", { location: primaryLocation });
const north = new resources.ResourceGroup("geo-north", { location: secondaryLocation });

/** A VNet per region with a subnet for private endpoints (the apps of that region run in it). */
function regionNetwork(prefix: string, group: resources.ResourceGroup, cidr: string) {
  const vnet = new network.VirtualNetwork(`${prefix}-vnet`, {
    resourceGroupName: group.name,
    location: group.location,
    addressSpace: { addressPrefixes: [`${cidr}.0.0/16`] },
  });
  const subnet = new network.Subnet(`${prefix}-endpoints`, {
    resourceGroupName: group.name,
    virtualNetworkName: vnet.name,
    addressPrefix: `${cidr}.1.0/24`,
    privateEndpointNetworkPolicies: "Disabled",
  });
  return { subnetId: subnet.id, virtualNetworkId: vnet.id };
}
const westNet = regionNetwork("west", west, "10.40");
const northNet = regionNetwork("north", north, "10.41");

// One identity for the app in both regions (a user-assigned identity can be attached to apps anywhere).
const app = new managedidentity.UserAssignedIdentity("app-identity", {
  resourceGroupName: west.name,
  location: west.location,
});

/**
 * A value of `component` that resolves only once every child of the component exists (its
 * assignments included): Pulumi waits for a component's children when an input depends on the
 * component. The join (and the passive link) writes to the other instance; Azure takes one write per
 * instance at a time, so it waits for that instance's own writes.
 */
function whenDone(component: pulumi.ComponentResource, value: pulumi.Output<string>): pulumi.Output<string> {
  return pulumi.all([value, component.urn]).apply(([v]) => v);
}

// Every member of a group: the same SKU, clustering policy, eviction policy and modules (Azure refuses
// a join otherwise; the component checks each member's own side: no Balanced B0/B1, high availability
// on, no persistence, only RediSearch and RedisJSON).
const member: Omit<
  EntraManagedRedisArgs,
  "resourceGroupName" | "location" | "geoReplication" | "privateEndpoint"
> = {
  sku: "Balanced_B3",
  clusteringPolicy: "EnterpriseCluster",
  evictionPolicy: "NoEviction",
  modules: [{ name: "RedisJSON" }],
  assignments: [{ objectId: app.principalId, alias: "app" }],
};
const GROUP = "orders-geo";

const redisWest = new EntraManagedRedis("redis-west", {
  ...member,
  resourceGroupName: west.name,
  location: primaryLocation,
  // Each instance is reached privately from its own region's VNet (its own privatelink zone).
  privateEndpoint: westNet,
  geoReplication: { groupNickname: GROUP },
});

const redisNorth = new EntraManagedRedis("redis-north", {
  ...member,
  resourceGroupName: north.name,
  location: secondaryLocation,
  privateEndpoint: northNet,
  // The first member's database id; the component adds its own.
  geoReplication: { groupNickname: GROUP, linkedDatabaseIds: [whenDone(redisWest, redisWest.databaseId)] },
});

// FLUSHALL and FLUSHDB are refused in a geo-replication group: flush through Azure (portal or REST).
export const westHost = redisWest.hostName;
export const northHost = redisNorth.hostName;
export const appClientId = app.clientId;
// The same username (object id) and token scope on both; host per region.
export const westConnection = redisWest.connections.apply((c) => c["app"]);
export const northConnection = redisNorth.connections.apply((c) => c["app"]);

// ---- Optional: Azure Cache for Redis Premium, passive geo-replication ----
let cacheHosts: pulumi.Output<{ primary: string; secondary: string }> | undefined;
if (premiumCaches) {
  // The geo-secondary first: an existing Premium cache, same subscription, same size or larger.
  const cacheNorth = new EntraRedisCache("cache-north", {
    resourceGroupName: north.name,
    location: secondaryLocation,
    sku: "Premium",
    capacity: 1,
    assignments: [{ objectId: app.principalId, alias: "app", policy: "Data Reader" }],
    privateEndpoint: northNet,
  });
  // The geo-primary links to it (redis:LinkedServer, after its own writes). No zones, persistence or
  // more than one replica on either cache.
  const cacheWest = new EntraRedisCache("cache-west", {
    resourceGroupName: west.name,
    location: primaryLocation,
    sku: "Premium",
    capacity: 1,
    assignments: [{ objectId: app.principalId, alias: "app", policy: "Data Contributor" }],
    // Created before the link (Azure can't add a private endpoint to a cache that is already linked).
    privateEndpoint: westNet,
    geoReplication: {
      linkedCacheId: whenDone(cacheNorth, cacheNorth.resourceId),
      linkedCacheLocation: secondaryLocation,
    },
  });
  cacheHosts = pulumi.all([cacheWest.hostName, cacheNorth.hostName]).apply(([primary, secondary]) => ({
    primary,
    secondary,
  }));
}
// The geo-secondary is read-only while linked: writes go to the primary.
export const premiumCacheHosts = cacheHosts;
