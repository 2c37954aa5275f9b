// A firewall-protected Azure Cache for Redis, reachable only with Microsoft Entra ID tokens, for an
// App Service (Linux) app that runs as a user-assigned managed identity. The cache's firewall lets in
// the app's outbound addresses only; the app gets host, port, username (the identity's object id) and
// the identity's client id (for DefaultAzureCredential / ManagedIdentityCredential) as app settings.
import * as pulumi from "@pulumi/pulumi";
import * as managedidentity from "@pulumi/azure-native/managedidentity/index.js";
import * as resources from "@pulumi/azure-native/resources/index.js";
import * as web from "@pulumi/azure-native/web/index.js";
import { EntraRedisCache } from "azure-redis-entra";

const config = new pulumi.Config();
const location = config.get("location") ?? "westeurope";
// The app's outbound addresses, as single IPv4 addresses or CIDR blocks. App Service publishes them as
// `possibleOutboundIpAddresses` (az webapp show --query possibleOutboundIpAddresses); with a NAT gateway
// or a Container Apps environment with a static egress IP, give that address instead.
const allowedOutbound = config.requireObject<string[]>("allowedOutbound");

const group = new resources.ResourceGroup("redis-entra-firewall", { location });

// The app's identity: its principalId (object id) is the Redis username, its clientId selects it in the app.
const identity = new managedidentity.UserAssignedIdentity("web-identity", {
  resourceGroupName: group.name,
  location: group.location,
});

const cache = new EntraRedisCache("cache", {
  resourceGroupName: group.name,
  location: group.location,
  sku: "Standard",
  capacity: 1,
  assignments: [{ objectId: identity.principalId, alias: "web", policy: "Data Contributor" }],
  // Public network access stays on, filtered by these rules (no private endpoint here).
  firewallRules: allowedOutbound.map((entry, i) =>
    entry.includes("/")
      ? { name: `appOutbound${i}`, cidr: entry }
      : { name: `appOutbound${i}`, startIp: entry },
  ),
});

const connection = cache.connections.apply((connections) => {
  const web = connections["web"];
  if (!web) throw new Error('no connection for alias "web"');
  return web;
});

const plan = new web.AppServicePlan("plan", {
  resourceGroupName: group.name,
  location: group.location,
  kind: "linux",
  reserved: true,
  sku: { name: "B1", tier: "Basic" },
});

const app = new web.WebApp("web", {
  resourceGroupName: group.name,
  location: group.location,
  serverFarmId: plan.id,
  httpsOnly: true,
  identity: { type: "UserAssigned", userAssignedIdentities: [identity.id] },
  siteConfig: {
    linuxFxVersion: "NODE|22-lts",
    minTlsVersion: "1.2",
    appSettings: [
      { name: "REDIS_HOST", value: connection.host },
      { name: "REDIS_PORT", value: connection.port.apply(String) },
      // The Redis username is the identity's object id, not its client id.
      { name: "REDIS_USERNAME", value: connection.username },
      { name: "REDIS_TOKEN_SCOPE", value: connection.tokenScope },
      // DefaultAzureCredential picks the user-assigned identity named by AZURE_CLIENT_ID.
      { name: "AZURE_CLIENT_ID", value: identity.clientId },
    ],
  },
});

export const cacheName = cache.resourceName;
export const redisHost = cache.hostName;
export const redisPort = cache.port;
export const appObjectId = identity.principalId;
export const appClientId = identity.clientId;
export const appUrl = pulumi.interpolate`https://${app.defaultHostName}`;
