import * as pulumi from "@pulumi/pulumi";
import * as app from "@pulumi/azure-native/app";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as network from "@pulumi/azure-native/network";
import * as resources from "@pulumi/azure-native/resources";
import { EntraManagedRedis } from "azure-redis-entra";

const config = new pulumi.Config();
const location = config.get("location") ?? "westeurope";

const resourceGroup = new resources.ResourceGroup("rg", { location });

const identity = new managedidentity.UserAssignedIdentity("api", {
  resourceGroupName: resourceGroup.name,
  location: resourceGroup.location,
});

const vnet = new network.VirtualNetwork("vnet", {
  resourceGroupName: resourceGroup.name,
  addressSpace: { addressPrefixes: ["10.60.0.0/16"] },
});
const endpoints = new network.Subnet("endpoints", {
  resourceGroupName: resourceGroup.name,
  virtualNetworkName: vnet.name,
  addressPrefix: "10.60.1.0/24",
});

const redis = new EntraManagedRedis("redis", {
  resourceGroupName: resourceGroup.name,
  location: resourceGroup.location,
  sku: "Balanced_B1",
  assignments: [{ objectId: identity.principalId, alias: "api" }],
  privateEndpoint: { subnetId: endpoints.id, virtualNetworkId: vnet.id },
});

const environment = new app.ManagedEnvironment("env", {
  resourceGroupName: resourceGroup.name,
  location: resourceGroup.location,
});

// The typo: azure-native spells it managedEnvironmentId. `pulumi preview` stops here (TS2561).
const api = new app.ContainerApp("api", {
  resourceGroupName: resourceGroup.name,
  location: resourceGroup.location,
  managedEnvironmentID: environment.id,
  identity: { type: "UserAssigned", userAssignedIdentities: [identity.id] },
  template: {
    containers: [
      {
        name: "api",
        image: "mcr.microsoft.com/k8se/quickstart:latest",
        env: [
          { name: "REDIS_HOST", value: redis.hostName },
          { name: "AZURE_CLIENT_ID", value: identity.clientId },
        ],
      },
    ],
  },
});

export const apiName = api.name;
export const redisHost = redis.hostName;
