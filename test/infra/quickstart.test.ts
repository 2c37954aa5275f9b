/**
 * The root Pulumi program (index.ts, the quick start) under mocks: it imports, declares the resource
 * group, the app identity, the VNet and an Azure Managed Redis behind a private endpoint, and exports
 * the connections (port 10000, cluster-aware); with `publicAccess` config public access stays on.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { find, reset, resources, settle, value } from "./mocks.ts";

type Program = {
  connections: pulumi.Output<
    Record<string, { username: string; port: number; policy: string; cluster: boolean }>
  >;
  redisPort: pulumi.Output<number>;
  tokenScope: pulumi.Output<string>;
};

test("without config: Managed Redis behind a private endpoint only, app and deployer assigned, outputs exported", async () => {
  reset();
  const program = (await import("../../index.ts")) as unknown as Program;
  await settle();
  const types = resources.map((r) => r.type);
  for (const t of [
    "azure-native:resources:ResourceGroup",
    "azure-native:managedidentity:UserAssignedIdentity",
    "azure-native:network:VirtualNetwork",
    "azure-native:network:Subnet",
    "azure-redis-entra:index:EntraManagedRedis",
    "azure-native:network:PrivateEndpoint",
  ]) {
    assert.ok(types.includes(t), `${t} missing`);
  }
  assert.ok(
    !types.includes("azure-redis-entra:index:EntraRedisCache"),
    "the quick start leads with Managed Redis",
  );
  const cluster = find("azure-native:redisenterprise:RedisEnterprise", "redis-cluster");
  assert.equal(cluster.inputs.publicNetworkAccess, "Disabled");
  const connections = await value(program.connections);
  assert.deepEqual(Object.keys(connections), ["app", "deployer"]);
  assert.equal(connections["app"].policy, "Data Contributor");
  assert.equal(connections["deployer"].policy, "Data Reader");
  assert.equal(connections["deployer"].username, "d0000000-0000-4000-8000-00000000000d");
  assert.equal(connections["app"].port, 10000);
  assert.equal(
    connections["app"].cluster,
    true,
    "OSSCluster by default: the app needs a cluster-aware client",
  );
  assert.equal(await value(program.redisPort), 10000);
  assert.equal(await value(program.tokenScope), "https://redis.azure.com/.default");
});

test("with publicAccess: public network access stays on next to the private endpoint", async () => {
  reset();
  pulumi.runtime.setConfig("project:publicAccess", "true");
  // A query string makes Node evaluate the program a second time, now with the new config.
  const secondRun: string = "../../index.ts?public";
  await import(secondRun);
  await settle();
  assert.equal(
    find("azure-native:redisenterprise:RedisEnterprise", "redis-cluster").inputs.publicNetworkAccess,
    "Enabled",
  );
  assert.ok(resources.some((r) => r.type === "azure-native:network:PrivateEndpoint"));
});
