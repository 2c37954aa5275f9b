// The worked example of docs/migration.md, both ways to move one app identity from Azure Cache for
// Redis (EntraRedisCache) to Azure Managed Redis (EntraManagedRedis), chosen by config `path`:
//
//   - "migrate" (the default): the one-line move. The cache stays as it is; EntraManagedRedis gets
//     `migrateFrom: { cacheId: cache.resourceId, switchDns: true }`, takes the cache's identities with
//     the same rights, and Azure's migration switches the cache's host name to it: the app keeps its
//     settings (host, port 6380, username) and its token.
//   - "side-by-side": the manual path, for caches Azure's migration refuses (this one has a private
//     endpoint): a second instance next to the cache, and the app's settings switched by
//     `pulumi config set redisTarget managed`.
import * as pulumi from "@pulumi/pulumi";
import * as managedidentity from "@pulumi/azure-native/managedidentity/index.js";
import * as network from "@pulumi/azure-native/network/index.js";
import * as resources from "@pulumi/azure-native/resources/index.js";
import { EntraManagedRedis, EntraRedisCache } from "azure-redis-entra";

const config = new pulumi.Config();
const location = config.get("location") ?? "westeurope";
const path = config.get("path") ?? "migrate"; // "migrate" (Azure's migration) or "side-by-side"
if (path !== "migrate" && path !== "side-by-side") {
  throw new Error(`path "${path}" is not "migrate" or "side-by-side"; run: pulumi config set path migrate`);
}
const target = config.get("redisTarget") ?? "cache"; // side-by-side: "cache" (before) or "managed" (after)
if (target !== "cache" && target !== "managed") {
  throw new Error(
    `redisTarget "${target}" is not "cache" or "managed"; run: pulumi config set redisTarget managed`,
  );
}
// migrate: the public address the app reaches the cache from (the cache's firewall lets it in).
const appOutboundIp = config.get("appOutboundIp") ?? "203.0.113.10";

const group = new resources.ResourceGroup("redis-migration", { location });
// The same identity on both: its object id is the Redis username on both services.
const app = new managedidentity.UserAssignedIdentity("app-identity", {
  resourceGroupName: group.name,
  location: group.location,
});

/** What the app's settings and the stack's outputs are made of, whichever path. */
interface Outcome {
  connection: pulumi.Output<{ host: string; port: number; username: string }>;
  cacheHost: pulumi.Output<string>;
  managedHost: pulumi.Output<string>;
}

function appConnection(connections: EntraRedisCache["connections"]): Outcome["connection"] {
  return connections.apply((c) => {
    const found = c["app"];
    if (!found) throw new Error('no connection for alias "app"');
    return found;
  });
}

/** The one-line move: Azure's migration, identities included, host name kept. */
function migrate(): Outcome {
  // The cache as it was: reached publicly, filtered by its firewall (Azure migrates no cache with a
  // private endpoint). Its cache is protected (protectData, the default): a deleted cache can't be
  // the target of an Undo. The finish sets protectData: false in an update before removing it.
  const cache = new EntraRedisCache("cache", {
    resourceGroupName: group.name,
    location: group.location,
    sku: "Standard",
    capacity: 1,
    assignments: [{ objectId: app.principalId, alias: "app" }], // the cache's default: Data Contributor
    firewallRules: [{ startIp: appOutboundIp }],
    allowPublicNetworkAccess: true,
  });
  // Its successor. Without `assignments` it takes the cache's (alias "app", Data Contributor); without
  // `location` the cache's region. EnterpriseCluster: one endpoint, so the app's non-cluster client
  // keeps working behind the old name; public access, because that is how the app reaches the cache.
  const managed = new EntraManagedRedis("managed", {
    resourceGroupName: group.name,
    clusteringPolicy: "EnterpriseCluster",
    allowPublicNetworkAccess: true,
    migrateFrom: { cacheId: cache.resourceId, switchDns: true }, // the one line
  });
  // The app keeps the cache's settings: after the switch they lead to Managed Redis. Moving it to
  // managed.connections (port 10000) is the finish (docs/migration.md).
  return {
    connection: appConnection(cache.connections),
    cacheHost: cache.hostName,
    managedHost: managed.hostName,
  };
}

/** The manual path: both instances side by side, the app's settings switched by `redisTarget`. */
function sideBySide(): Outcome {
  // The app reaches both privately.
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

  // Before: Azure Cache for Redis. Its cache is protected (protectData, the default) while the
  // migration runs: from 2026-10-01 a deleted cache can't be re-created, so it stays until the app has
  // run on Managed Redis long enough (then protectData: false in one update, the removal in the next).
  const cache = new EntraRedisCache("cache", {
    resourceGroupName: group.name,
    location: group.location,
    sku: "Standard", // changes: Basic/Standard/Premium + capacity ...
    capacity: 1,
    assignments: [{ objectId: app.principalId, alias: "app", policy: "Data Contributor" }],
    privateEndpoint: { subnetId: endpointSubnet.id, virtualNetworkId: vnet.id }, // zone privatelink.redis.cache.windows.net
  });

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
  return {
    connection: appConnection(target === "managed" ? managed.connections : cache.connections),
    cacheHost: cache.hostName,
    managedHost: managed.hostName,
  };
}

const outcome = path === "migrate" ? migrate() : sideBySide();

export const migrationPath = path;
export const redisTarget =
  path === "side-by-side" ? target : "cache (switched to Managed Redis by the migration)";
export const appClientId = app.clientId;
export const appRedisHost = outcome.connection.host;
export const appRedisPort = outcome.connection.port;
export const appRedisUsername = outcome.connection.username; // the same object id before and after
export const cacheHost = outcome.cacheHost;
export const managedHost = outcome.managedHost;
