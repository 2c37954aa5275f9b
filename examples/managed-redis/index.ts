// Azure Managed Redis (the successor of Azure Cache for Redis) with Microsoft Entra ID only, reachable
// through a private endpoint in a new VNet. The component creates the cluster, its database "default"
// (TLS on port 10000, access keys off), one access policy assignment per identity (written one at a
// time), the private endpoint and the private DNS zone privatelink.redis.azure.net.
import * as pulumi from "@pulumi/pulumi";
import * as managedidentity from "@pulumi/azure-native/managedidentity/index.js";
import * as network from "@pulumi/azure-native/network/index.js";
import * as resources from "@pulumi/azure-native/resources/index.js";
import { EntraManagedRedis } from "azure-redis-entra";

const config = new pulumi.Config();
const location = config.get("location") ?? "westeurope";

const group = new resources.ResourceGroup("managed-redis-entra", { location });

const vnet = new network.VirtualNetwork("vnet", {
  resourceGroupName: group.name,
  location: group.location,
  addressSpace: { addressPrefixes: ["10.30.0.0/16"] },
});
const endpointSubnet = new network.Subnet("private-endpoints", {
  resourceGroupName: group.name,
  virtualNetworkName: vnet.name,
  addressPrefix: "10.30.1.0/24",
  privateEndpointNetworkPolicies: "Disabled",
});

const api = new managedidentity.UserAssignedIdentity("api-identity", {
  resourceGroupName: group.name,
  location: group.location,
});

// A second app that only reads: Data Reader on Managed Redis is a per-identity access string (preview
// API 2026-05-01-preview; README "Policies"). Balanced, MemoryOptimized and ComputeOptimized SKUs only.
const reports = new managedidentity.UserAssignedIdentity("reports-identity", {
  resourceGroupName: group.name,
  location: group.location,
});

const redis = new EntraManagedRedis("redis", {
  resourceGroupName: group.name,
  location: group.location,
  sku: "Balanced_B1",
  // OSSCluster (the default) needs a cluster-aware client: connectIoredisCluster or node-redis createCluster.
  // It can't be changed after creation; EnterpriseCluster keeps a single endpoint for non-cluster clients.
  clusteringPolicy: "OSSCluster",
  evictionPolicy: "AllKeysLRU",
  // Take new Redis versions later than Azure's default, within its deferral period.
  deferUpgrade: "Deferred",
  assignments: [
    { objectId: api.principalId, alias: "api", policy: "Data Contributor" },
    { objectId: reports.principalId, alias: "reports", policy: "Data Reader" },
  ],
  privateEndpoint: { subnetId: endpointSubnet.id, virtualNetworkId: vnet.id },
});

export const redisHost = redis.hostName; // <name>.<region>.redis.azure.net
export const redisPort = redis.port; // 10000
export const apiClientId = api.clientId;
// { host, port, username (object id), policy, tokenScope, cluster } for the "api" identity.
export const apiConnection = redis.connections.apply((c) => c["api"]);
export const reportsConnection = redis.connections.apply((c) => c["reports"]);
