import * as pulumi from "@pulumi/pulumi";
import { ResourceGroup } from "@pulumi/azure-native/resources/index.js";
import { EntraManagedRedis } from "azure-redis-entra";

// Pulumi calls a default-exported function and exports what it returns.
export default async () => {
  const config = new pulumi.Config();
  const group = new ResourceGroup("esm-js-rg", { location: config.get("location") ?? "westeurope" });
  const redis = new EntraManagedRedis("esm-js-redis", {
    resourceGroupName: group.name,
    location: group.location,
    sku: "Balanced_B0",
    clusteringPolicy: "EnterpriseCluster",
    assignments: [{ objectId: "33333333-3333-4333-8333-333333333333", alias: "worker" }],
    allowPublicNetworkAccess: true,
  });
  return { redisHost: redis.hostName, redisPort: redis.port };
};
