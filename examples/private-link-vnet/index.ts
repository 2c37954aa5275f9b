// An Azure Cache for Redis reachable only through a private endpoint in a new VNet, with Microsoft
// Entra ID as the only way to authenticate. The component creates the private DNS zone
// privatelink.redis.cache.windows.net, links it to the VNet, and turns public network access off.
import * as pulumi from "@pulumi/pulumi";
import * as managedidentity from "@pulumi/azure-native/managedidentity/index.js";
import * as network from "@pulumi/azure-native/network/index.js";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights/index.js";
import * as resources from "@pulumi/azure-native/resources/index.js";
import { EntraRedisCache } from "azure-redis-entra";

const config = new pulumi.Config();
const location = config.get("location") ?? "westeurope";

const group = new resources.ResourceGroup("redis-entra-private", { location });

const vnet = new network.VirtualNetwork("vnet", {
  resourceGroupName: group.name,
  location: group.location,
  addressSpace: { addressPrefixes: ["10.20.0.0/16"] },
});

// Apps (VMs, AKS, App Service / Container Apps VNet integration) run in their own subnets of this VNet;
// the private endpoint gets one of its own.
const endpointSubnet = new network.Subnet("private-endpoints", {
  resourceGroupName: group.name,
  virtualNetworkName: vnet.name,
  addressPrefix: "10.20.1.0/24",
  privateEndpointNetworkPolicies: "Disabled",
});

const identity = new managedidentity.UserAssignedIdentity("worker-identity", {
  resourceGroupName: group.name,
  location: group.location,
});

// Where the cache's connection and Entra authentication logs and its metrics go.
const logs = new operationalinsights.Workspace("logs", {
  resourceGroupName: group.name,
  location: group.location,
  sku: { name: "PerGB2018" },
  retentionInDays: 30,
});

const cache = new EntraRedisCache("cache", {
  resourceGroupName: group.name,
  location: group.location,
  sku: "Premium",
  capacity: 1,
  zones: ["1", "2"],
  zonalAllocationPolicy: "UserDefined", // the zones above (Azure's default with zones, stated)
  updateChannel: "Stable", // production: monthly Redis updates after the Preview channel
  redisConfiguration: { maxmemoryPolicy: "allkeys-lru" },
  assignments: [{ objectId: identity.principalId, alias: "worker" }], // Data Contributor by default
  privateEndpoint: {
    subnetId: endpointSubnet.id,
    // No privateDnsZoneId: the component creates the zone and links it to this VNet.
    virtualNetworkId: vnet.id,
  },
  // Operations: every documented log category and AllMetrics to the workspace, the worker may read
  // the cache's metrics (control plane; its data access is the assignment above), and nobody deletes
  // the cache by accident (the lock is created last and removed first).
  diagnostics: { workspaceId: logs.id },
  roleAssignments: [
    { principalId: identity.principalId, role: "Monitoring Reader", principalType: "ServicePrincipal" },
  ],
  // Redis server updates only on Sunday nights (UTC), in the minimum five-hour window.
  patchSchedule: [{ dayOfWeek: "Sunday", startHourUtc: 1, maintenanceWindow: "PT5H" }],
  lock: "CanNotDelete",
});

export const cacheName = cache.resourceName;
export const redisHost = cache.hostName; // resolves to the private endpoint's address inside the VNet
export const redisPort = cache.port;
export const workerClientId = identity.clientId;
export const connections = cache.connections;
