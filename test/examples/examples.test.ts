/**
 * Every example under examples/ runs under Pulumi mocks with a sample configuration: the components'
 * validation accepts its arguments, it registers the resources its README describes, and its stack
 * outputs resolve with the shape the app settings need. (The type check is `tsc -p examples/tsconfig.json`.)
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);
const SUBNET = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/hub/subnets/pe";
const ZONE = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/net/providers/Microsoft.Network/privateDnsZones/privatelink.redis.cache.windows.net";

type Result = { types: string[]; outputs: Record<string, unknown> };
type Connection = { host: string; port: number; username: string; policy: string; tokenScope: string; cluster: boolean };

async function runExample(name: string, config: Record<string, unknown> = {}): Promise<Result> {
  const script = new URL("./run-example.ts", import.meta.url).pathname;
  const { stdout } = await run(process.execPath, [script, name, JSON.stringify(config)], { timeout: 120_000 });
  const last = stdout.trim().split("\n").at(-1) ?? "";
  return JSON.parse(last) as Result;
}

test("firewall-app-service: firewall rules, assignment, app settings", async () => {
  const { types, outputs } = await runExample("firewall-app-service", { allowedOutbound: ["20.50.2.10", "20.50.3.0/24"] });
  for (const t of ["azure-native:redis:Redis", "azure-native:redis:FirewallRule", "azure-native:redis:AccessPolicyAssignment", "azure-native:web:WebApp"]) {
    assert.ok(types.includes(t), `${t} not registered`);
  }
  assert.equal(outputs["redisPort"], 6380);
  assert.match(String(outputs["appObjectId"]), /^[0-9a-f-]{36}$/);
});

test("private-link-vnet: private endpoint and a new DNS zone linked to the VNet", async () => {
  const { types, outputs } = await runExample("private-link-vnet");
  for (const t of ["azure-native:network:PrivateEndpoint", "azure-native:privatedns:PrivateZone", "azure-native:privatedns:VirtualNetworkLink"]) {
    assert.ok(types.includes(t), `${t} not registered`);
  }
  const worker = (outputs["connections"] as Record<string, Connection>)["worker"]!;
  assert.equal(worker.policy, "Data Contributor");
  assert.equal(worker.port, 6380);
});

test("custom-readonly-policy: custom policy for the reporting identity, existing DNS zone reused", async () => {
  const { types, outputs } = await runExample("custom-readonly-policy", { privateEndpointSubnetId: SUBNET, privateDnsZoneId: ZONE });
  assert.ok(types.includes("azure-native:redis:AccessPolicy"));
  assert.ok(!types.includes("azure-native:privatedns:PrivateZone"), "no new zone when privateDnsZoneId is given");
  const app = outputs["appConnection"] as Connection;
  const reporting = outputs["reportingConnection"] as Connection;
  assert.equal(app.policy, "Data Contributor");
  assert.equal(reporting.policy, "Reporting Read Only");
  assert.notEqual(app.username, reporting.username);
});

test("managed-redis: Managed Redis cluster, database and assignment; OSS cluster connection on 10000", async () => {
  const { types, outputs } = await runExample("managed-redis");
  for (const t of ["azure-native:redisenterprise:RedisEnterprise", "azure-native:redisenterprise:Database", "azure-native:redisenterprise:AccessPolicyAssignment"]) {
    assert.ok(types.includes(t), `${t} not registered`);
  }
  const api = outputs["apiConnection"] as Connection;
  assert.equal(api.port, 10000);
  assert.equal(api.cluster, true);
  assert.equal(api.policy, "default");
});

test("migrate-to-managed-redis: the same identity on both; redisTarget switches the app's settings", async () => {
  const before = await runExample("migrate-to-managed-redis");
  const after = await runExample("migrate-to-managed-redis", { redisTarget: "managed" });
  assert.ok(before.types.includes("azure-native:redis:Redis") && before.types.includes("azure-native:redisenterprise:RedisEnterprise"));
  assert.equal(before.outputs["appRedisPort"], 6380);
  assert.equal(after.outputs["appRedisPort"], 10000);
  assert.equal(before.outputs["appRedisUsername"], after.outputs["appRedisUsername"]);
});
