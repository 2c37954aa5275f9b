/**
 * Quick start: an Azure Managed Redis that only Microsoft Entra ID identities can use.
 *
 * - a resource group and a user-assigned managed identity for the app (Data Contributor);
 * - you, the deploying identity, as a Data Reader for smoke tests (`azure-redis-entra doctor`);
 * - a private endpoint in a new VNet as the only way in; with `pulumi config set publicAccess true`
 *   public network access stays on too (Entra ID still required; Managed Redis has no IP firewall),
 *   so `doctor` can reach it from your machine.
 *
 * The app connects on port 10000 (TLS) with a cluster-aware client (the default clustering policy is
 * OSSCluster): `connectIoredisCluster` from `azure-redis-entra/client`. Data Contributor and Data
 * Reader are per-identity access strings on the preview API 2026-05-01-preview; `policy: "default"`
 * (full access) stays on the stable API. An Azure Cache for Redis you already run: EntraRedisCache
 * (docs/existing-cache.md, docs/migration.md).
 *
 *   pulumi stack init dev && pulumi config set location westeurope && pulumi up
 *
 * Top-level code only declares resources and exports outputs, so `azure-redis-entra preview` can
 * import this file under Pulumi's mocks.
 */
import * as pulumi from "@pulumi/pulumi";
import * as managedidentity from "@pulumi/azure-native/managedidentity/index.js";
import * as network from "@pulumi/azure-native/network/index.js";
import * as resources from "@pulumi/azure-native/resources/index.js";
import { BuiltInPolicies, currentPrincipal, EntraManagedRedis } from "azure-redis-entra";

const config = new pulumi.Config();
const location = config.get("location") ?? "westeurope";
const publicAccess = config.getBoolean("publicAccess") ?? false;

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

const redis = new EntraManagedRedis("redis", {
  resourceGroupName: group.name,
  location: group.location,
  sku: "Balanced_B1",
  assignments: [
    { objectId: app.principalId, alias: "app", policy: BuiltInPolicies.DataContributor },
    { objectId: currentPrincipal(), alias: "deployer", policy: BuiltInPolicies.DataReader },
  ],
  // The component creates privatelink.redis.azure.net and links it to the VNet.
  privateEndpoint: { subnetId: endpoints.id, virtualNetworkId: vnet.id },
  ...(publicAccess ? { allowPublicNetworkAccess: true } : {}),
});

export const redisName = redis.resourceName;
export const redisHost = redis.hostName; // <name>.<region>.redis.azure.net
export const redisPort = redis.port; // 10000
export const tokenScope = redis.tokenScope;
export const appClientId = app.clientId;
// alias -> { host, port, username (object id), policy, tokenScope, cluster }: wire into app settings.
export const connections = redis.connections;
