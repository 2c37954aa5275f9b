// An Azure Cache for Redis shared by two identities with different rights:
// - the application writes (built-in "Data Contributor" policy);
// - a reporting job may only read keys under "reports:" and "stats:" (a custom data access policy).
// The network side reuses what a platform team already runs: a subnet for private endpoints and the
// central privatelink.redis.cache.windows.net zone, both passed in as stack configuration.
import * as pulumi from "@pulumi/pulumi";
import * as managedidentity from "@pulumi/azure-native/managedidentity/index.js";
import * as resources from "@pulumi/azure-native/resources/index.js";
import { EntraRedisCache } from "azure-redis-entra";

const config = new pulumi.Config();
const location = config.get("location") ?? "westeurope";
const subnetId = config.require("privateEndpointSubnetId");
const privateDnsZoneId = config.require("privateDnsZoneId"); // .../privateDnsZones/privatelink.redis.cache.windows.net

const group = new resources.ResourceGroup("redis-entra-reporting", { location });

const app = new managedidentity.UserAssignedIdentity("app-identity", {
  resourceGroupName: group.name,
  location: group.location,
});
const reporting = new managedidentity.UserAssignedIdentity("reporting-identity", {
  resourceGroupName: group.name,
  location: group.location,
});

const cache = new EntraRedisCache("cache", {
  resourceGroupName: group.name,
  location: group.location,
  sku: "Standard",
  capacity: 1,
  customPolicies: [
    {
      name: "Reporting Read Only",
      // Redis 6 ACL rules, checked before anything is deployed: read commands and connection commands
      // (PING, HELLO, ...), minus the slow full-keyspace ones, on two key prefixes only.
      permissions: "+@read +@connection -keys -scan ~reports:* ~stats:*",
    },
  ],
  assignments: [
    { objectId: app.principalId, alias: "app", policy: "Data Contributor" },
    { objectId: reporting.principalId, alias: "reporting", policy: "Reporting Read Only" },
  ],
  privateEndpoint: { subnetId, privateDnsZoneId },
});

export const cacheName = cache.resourceName;
export const redisHost = cache.hostName;
export const redisPort = cache.port;
// Wire these into each workload's settings: host, port, username (object id), policy, token scope.
export const appConnection = cache.connections.apply((c) => c["app"]);
export const reportingConnection = cache.connections.apply((c) => c["reporting"]);
export const appClientId = app.clientId;
export const reportingClientId = reporting.clientId;
