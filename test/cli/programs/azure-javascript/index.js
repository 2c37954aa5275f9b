"use strict";
const pulumi = require("@pulumi/pulumi");
const resources = require("@pulumi/azure-native/resources");
const managedidentity = require("@pulumi/azure-native/managedidentity");
const { EntraManagedRedis } = require("azure-redis-entra");

const config = new pulumi.Config();

// Create an Azure Resource Group
const resourceGroup = new resources.ResourceGroup("resourceGroup", {
  location: config.get("location") || "westeurope",
});

const api = new managedidentity.UserAssignedIdentity("api", {
  resourceGroupName: resourceGroup.name,
  location: resourceGroup.location,
});

const redis = new EntraManagedRedis("redis", {
  resourceGroupName: resourceGroup.name,
  location: resourceGroup.location,
  sku: "Balanced_B1",
  clusteringPolicy: "EnterpriseCluster",
  assignments: [{ objectId: api.principalId, alias: "api" }],
  allowPublicNetworkAccess: true,
});

exports.redisHost = redis.hostName;
exports.redisPort = redis.port;
