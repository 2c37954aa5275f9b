import * as pulumi from "@pulumi/pulumi";
import * as resources from "@pulumi/azure-native/resources";
import { EntraRedisCache } from "azure-redis-entra";
import { Naming } from "./naming";

const naming = new Naming("tmpl");
const config = new pulumi.Config();
const appObjectId = config.get("appObjectId") ?? "11111111-1111-4111-8111-111111111111";

// Create an Azure Resource Group
const resourceGroup = new resources.ResourceGroup(naming.name("rg"));

const cache = new EntraRedisCache(naming.name("cache"), {
  resourceGroupName: resourceGroup.name,
  location: resourceGroup.location,
  sku: "Standard",
  capacity: 1,
  assignments: [{ objectId: appObjectId, alias: "app", policy: "Data Reader" }],
  firewallRules: [{ startIp: "203.0.113.10" }],
  allowPublicNetworkAccess: true,
});

export const redisHost = cache.hostName;
export const resourceGroupName = resourceGroup.name;
