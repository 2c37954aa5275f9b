// Azure Managed Redis (the successor of Azure Cache for Redis) with Microsoft Entra ID only, reachable
// through a private endpoint in a new VNet. The component creates the cluster, its database "default"
// (TLS on port 10000, access keys off), one access policy assignment per identity (written one at a
// time), the private endpoint and the private DNS zone privatelink.redis.azure.net.
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization/index.js";
import * as keyvault from "@pulumi/azure-native/keyvault/index.js";
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

// Customer-managed key for the cluster's disks (persistence, export files, OS disk): an RSA key in a
// vault in the cluster's region with soft delete and purge protection, read by a user-assigned
// identity of the cluster that has "Key Vault Crypto Service Encryption User" on the vault.
const client = authorization.getClientConfigOutput();
const vault = new keyvault.Vault("redis-keys", {
  resourceGroupName: group.name,
  location: group.location,
  properties: {
    tenantId: client.tenantId,
    sku: { family: "A", name: "standard" },
    enableRbacAuthorization: true,
    enableSoftDelete: true,
    enablePurgeProtection: true,
  },
});
const kek = new keyvault.Key("redis-kek", {
  resourceGroupName: group.name,
  vaultName: vault.name,
  properties: { kty: "RSA", keySize: 3072 },
});
const kekReader = new managedidentity.UserAssignedIdentity("redis-kek-reader", {
  resourceGroupName: group.name,
  location: group.location,
});
const kekAccess = new authorization.RoleAssignment("redis-kek-access", {
  scope: vault.id,
  principalId: kekReader.principalId,
  principalType: "ServicePrincipal",
  // Key Vault Crypto Service Encryption User: Get, Wrap Key, Unwrap Key.
  roleDefinitionId: pulumi.interpolate`/subscriptions/${client.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/e147488a-f6f5-4113-8e2d-b22465e65bf6`,
});
// The key URL waits for the role assignment, so the cluster is created only once it can read the key.
const keyUrl = pulumi.all([kek.keyUriWithVersion, kekAccess.id]).apply(([url]) => url);

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
  // The cluster's own identities: the key reader (user-assigned, which CMK requires) and a
  // system-assigned one (its principal id is the identityPrincipalId output).
  identity: { systemAssigned: true, userAssignedIdentityIds: [kekReader.id] },
  // A versioned key URL (keyUriWithVersion); the identity must be one of userAssignedIdentityIds.
  encryption: { keyUrl, userAssignedIdentityId: kekReader.id },
});

export const redisHost = redis.hostName; // <name>.<region>.redis.azure.net
export const redisPort = redis.port; // 10000
export const apiClientId = api.clientId;
// { host, port, username (object id), policy, tokenScope, cluster } for the "api" identity.
export const apiConnection = redis.connections.apply((c) => c["api"]);
export const reportsConnection = redis.connections.apply((c) => c["reports"]);
export const clusterPrincipalId = redis.identityPrincipalId;
