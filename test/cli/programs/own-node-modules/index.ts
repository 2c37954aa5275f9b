import * as pulumi from "@pulumi/pulumi";
import * as resources from "@pulumi/azure-native/resources/index.js";
import { EntraRedisCache } from "azure-redis-entra";

const group = new resources.ResourceGroup("own-rg", { location: "westeurope" });
const cache = new EntraRedisCache("own-cache", {
  resourceGroupName: group.name,
  location: group.location,
  sku: "Basic",
  capacity: 0,
  assignments: [{ objectId: "55555555-5555-4555-8555-555555555555", alias: "app" }],
  allowPublicNetworkAccess: true,
});

export const redisHost = cache.hostName;
export const sdkIsOne = pulumi.Resource.isInstance(group);
