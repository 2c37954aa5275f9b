import * as resources from "@pulumi/azure-native/resources/index.js";
import { EntraRedisCache } from "azure-redis-entra";

enum Tier {
  Standard = "Standard",
  Premium = "Premium",
}

namespace Ids {
  export const app = "44444444-4444-4444-8444-444444444444";
}

const group = new resources.ResourceGroup("enum-rg", { location: "westeurope" });
const cache = new EntraRedisCache("enum-cache", {
  resourceGroupName: group.name,
  location: group.location,
  sku: Tier.Standard,
  capacity: 1,
  assignments: [{ objectId: Ids.app, alias: "app" }],
  allowPublicNetworkAccess: true,
});

export const tier = Tier.Standard;
export const redisHost = cache.hostName;
