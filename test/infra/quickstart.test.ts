/**
 * The root Pulumi program (index.ts, the quick start) under mocks: it imports, declares the resource
 * group, the app identity, the VNet and the cache behind a private endpoint, and exports the
 * connections; with `allowedIps` config it adds firewall rules and keeps public access filtered.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { find, reset, resources, settle, value } from "./mocks.ts";

type Program = {
  connections: pulumi.Output<Record<string, { username: string; port: number; policy: string }>>;
  redisPort: pulumi.Output<number>;
  tokenScope: pulumi.Output<string>;
};

test("without config: private endpoint only, app and deployer assigned, outputs exported", async () => {
  reset();
  const program = (await import("../../index.ts")) as unknown as Program;
  await settle();
  const types = resources.map((r) => r.type);
  for (const t of [
    "azure-native:resources:ResourceGroup",
    "azure-native:managedidentity:UserAssignedIdentity",
    "azure-native:network:VirtualNetwork",
    "azure-native:network:Subnet",
    "azure-redis-entra:index:EntraRedisCache",
    "azure-native:network:PrivateEndpoint",
  ]) {
    assert.ok(types.includes(t), `${t} missing`);
  }
  assert.equal(find("azure-native:redis:Redis", "cache-redis").inputs.publicNetworkAccess, "Disabled");
  assert.ok(!types.includes("azure-native:redis:FirewallRule"));
  const connections = await value(program.connections);
  assert.deepEqual(Object.keys(connections), ["app", "deployer"]);
  assert.equal(connections["deployer"].policy, "Data Reader");
  assert.equal(connections["deployer"].username, "d0000000-0000-4000-8000-00000000000d");
  assert.equal(await value(program.redisPort), 6380);
  assert.equal(await value(program.tokenScope), "https://redis.azure.com/.default");
});

test("with allowedIps: firewall rules, public access filtered by them", async () => {
  reset();
  pulumi.runtime.setConfig("project:allowedIps", JSON.stringify(["203.0.113.10", "198.51.100.0/24"]));
  // A query string makes Node evaluate the program a second time, now with the new config.
  const secondRun: string = "../../index.ts?allowed";
  await import(secondRun);
  await settle();
  assert.equal(find("azure-native:redis:Redis", "cache-redis").inputs.publicNetworkAccess, "Enabled");
  const rules = resources
    .filter((r) => r.type === "azure-native:redis:FirewallRule")
    .map((r) => [r.inputs.startIP, r.inputs.endIP]);
  assert.deepEqual(rules, [
    ["203.0.113.10", "203.0.113.10"],
    ["198.51.100.0", "198.51.100.255"],
  ]);
});
