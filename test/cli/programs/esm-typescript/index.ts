import { Config } from "@pulumi/pulumi/config.js";
import * as resources from "@pulumi/azure-native/resources/index.js";
import { BuiltInPolicies, EntraRedisCache, type EntraRedisCacheArgs } from "azure-redis-entra";

const config = new Config();
const group = new resources.ResourceGroup("esm-ts-rg", { location: config.get("location") ?? "westeurope" });

const args: EntraRedisCacheArgs = {
  resourceGroupName: group.name,
  location: group.location,
  sku: "Premium",
  capacity: 1,
  assignments: [
    { objectId: "22222222-2222-4222-8222-222222222222", alias: "owner", policy: BuiltInPolicies.DataOwner },
  ],
  firewallRules: [{ cidr: "198.51.100.0/24" }],
  allowPublicNetworkAccess: true,
};
const cache = new EntraRedisCache("esm-ts-cache", args);

export const redisHost = cache.hostName;
