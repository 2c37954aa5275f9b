/**
 * Quick start: an Azure Cache for Redis that only Microsoft Entra ID identities can use.
 *
 * - a resource group and a user-assigned managed identity for the app (Data Contributor);
 * - you, the deploying identity, as a Data Reader for smoke tests (`azure-redis-entra doctor`);
 * - the network: with `pulumi config set --path 'allowedIps[0]' 203.0.113.10` (single IPv4 addresses
 *   or CIDR blocks), public access filtered by those firewall rules, next to the private endpoint;
 *   without it, a private endpoint in a new VNet is the only way in.
 *
 *   pulumi stack init dev && pulumi config set azure-native:location westeurope && pulumi up
 *
 * Top-level code only declares resources and exports outputs, so `azure-redis-entra preview` can
 * import this file under Pulumi's mocks.
 */
import * as pulumi from "@pulumi/pulumi";
import * as managedidentity from "@pulumi/azure-native/managedidentity/index.js";
import * as network from "@pulumi/azure-native/network/index.js";
import * as resources from "@pulumi/azure-native/resources/index.js";
import { BuiltInPolicies, currentPrincipal, EntraRedisCache } from "azure-redis-entra";

const config = new pulumi.Config();
const location = config.get("location") ?? "westeurope";
const allowedIps = config.getObject<string[]>("allowedIps") ?? [];

const group = new resources.ResourceGroup("redis-entra-quickstart", { location });

// The app's identity: its principalId (object id) is the Redis username; its clientId selects it in the app.
const app = new managedidentity.UserAssignedIdentity("app-identity", {
  resourceGroupName: group.name,
  location: group.location,
});

const vnet = new network.VirtualNetwork("vnet", {
  resourceGroupName: group.name,
  location: group.location,
  addressSpace: { addressPrefixes: ["10.50.0.0/16"] },
});
const endpoints = new network.Subnet("private-endpoints", {
  resourceGroupName: group.name,
  virtualNetworkName: vnet.name,
  addressPrefix: "10.50.1.0/24",
});

const cache = new EntraRedisCache("cache", {
  resourceGroupName: group.name,
  location: group.location,
  sku: "Standard",
  capacity: 1,
  assignments: [
    { objectId: app.principalId, alias: "app", policy: BuiltInPolicies.DataContributor },
    { objectId: currentPrincipal(), alias: "deployer", policy: BuiltInPolicies.DataReader },
  ],
  // The component creates privatelink.redis.cache.windows.net and links it to the VNet.
  privateEndpoint: { subnetId: endpoints.id, virtualNetworkId: vnet.id },
  ...(allowedIps.length > 0
    ? {
        firewallRules: allowedIps.map((ip) => (ip.includes("/") ? { cidr: ip } : { startIp: ip })),
        // Public access stays on, filtered by the rules; private endpoint traffic isn't filtered.
        allowPublicNetworkAccess: true,
      }
    : {}),
});

export const cacheName = cache.resourceName;
export const redisHost = cache.hostName;
export const redisPort = cache.port;
export const tokenScope = cache.tokenScope;
export const appClientId = app.clientId;
// alias -> { host, port, username (object id), policy, tokenScope, cluster }: wire into app settings.
export const connections = cache.connections;
