// The worked example of docs/migration.md: one app identity on an existing Azure Cache for Redis
// (EntraRedisCache) and on its replacement, Azure Managed Redis (EntraManagedRedis). The two
// declarations differ only in the component class and a few arguments; the app's settings come from
// `connections.app` of whichever instance `redisTarget` names, so switching (and rolling back) is a
// config change: `pulumi config set redisTarget managed` then `pulumi up`.
import * as pulumi from "@pulumi/pulumi";
import * as managedidentity from "@pulumi/azure-native/managedidentity/index.js";
import * as network from "@pulumi/azure-native/network/index.js";
import * as resources from "@pulumi/azure-native/resources/index.js";
import { EntraManagedRedis, EntraRedisCache } from "azure-redis-entra";

const config = new pulumi.Config();
const location = config.get("location") ?? "westeurope";
const target = config.get("redisTarget") ?? "cache"; // "cache" (before) or "managed" (after)
if (target !== "cache" && target !== "managed") {
  throw new Error(
    `redisTarget "${target}" is not "cache" or "managed"; run: pulumi config set redisTarget managed`,
  );
}

const group = new resources.ResourceGroup("redis-migration", { location });
const vnet = new network.VirtualNetwork("vnet", {
  resourceGroupName: group.name,
  location: group.location,
  addressSpace: { addressPrefixes: ["10.40.0.0/16"] },
});
const endpointSubnet = new network.Subnet("private-endpoints", {
  resourceGroupName: group.name,
  virtualNetworkName: vnet.name,
  addressPrefix: "10.40.1.0/24",
  privateEndpointNetworkPolicies: "Disabled",
});

// The same identity on both: its object id is the Redis username on both services.
const app = new managedidentity.UserAssignedIdentity("app-identity", {
  resourceGroupName: group.name,
  location: group.location,
});

// Before: Azure Cache for Redis. Protected while the migration runs: from 2026-10-01 a deleted cache
// can't be re-created, so it stays until the app has run on Managed Redis long enough.
const cache = new EntraRedisCache(
  "cache",
  {
    resourceGroupName: group.name,
    location: group.location,
    sku: "Standard", // changes: Basic/Standard/Premium + capacity ...
    capacity: 1,
    assignments: [{ objectId: app.principalId, alias: "app", policy: "Data Contributor" }],
    privateEndpoint: { subnetId: endpointSubnet.id, virtualNetworkId: vnet.id }, // zone privatelink.redis.cache.windows.net
  },
  { protect: true },
);

// After: Azure Managed Redis.
const managed = new EntraManagedRedis("managed", {
  resourceGroupName: group.name,
  location: group.location,
  sku: "Balanced_B1", // ... become a Managed Redis SKU,
  clusteringPolicy: "EnterpriseCluster", // a single endpoint: the app keeps its non-cluster client
  assignments: [{ objectId: app.principalId, alias: "app", policy: "Data Contributor" }], // the same rights as on the cache
  privateEndpoint: { subnetId: endpointSubnet.id, virtualNetworkId: vnet.id }, // zone privatelink.redis.azure.net
});

// The app's settings: same shape from either component (port 6380 before, 10000 after).
const connection = (target === "managed" ? managed.connections : cache.connections).apply((c) => {
  const found = c["app"];
  if (!found) throw new Error('no connection for alias "app"');
  return found;
});

export const redisTarget = target;
export const appClientId = app.clientId;
export const appRedisHost = connection.host;
export const appRedisPort = connection.port;
export const appRedisUsername = connection.username; // the same object id before and after
// Both components export the same output names, so the active one can be picked as a whole.
const active = target === "managed" ? managed : cache;
export const redisResourceId = active.resourceId;
export const redisPort = active.port;
export const cacheHost = cache.hostName;
export const managedHost = managed.hostName;
