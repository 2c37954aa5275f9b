import { test } from "node:test";
import assert from "node:assert/strict";
import { classifyAddress, defaultPort } from "../../src/cli/commands/doctor/network.ts";
import { runCli } from "./helpers.ts";

test("classifyAddress tells private, loopback and public addresses apart", () => {
  assert.equal(classifyAddress("10.1.2.3").isPublic, false);
  assert.equal(classifyAddress("10.1.2.3").range, "private");
  assert.equal(classifyAddress("127.0.0.1").range, "loopback");
  assert.equal(classifyAddress("20.50.2.3").isPublic, true);
  assert.equal(classifyAddress("::1").range, "loopback");
});

test("defaultPort: 10000 for Azure Managed Redis host names, 6380 for Azure Cache for Redis and others", () => {
  assert.equal(defaultPort("myamr.westeurope.redis.azure.net"), 10000);
  assert.equal(defaultPort("MyAmr.WestEurope.Redis.Azure.Net."), 10000);
  assert.equal(defaultPort("old.westeurope.redisenterprise.cache.azure.net"), 10000);
  assert.equal(defaultPort("mycache.redis.cache.windows.net"), 6380);
  assert.equal(defaultPort("redis.azure.net.example.com"), 6380);
  assert.equal(defaultPort("10.0.0.4"), 6380);
});

test("doctor --host <Managed Redis host> without --port checks port 10000", async () => {
  // The workload-identity credential fails at once without its variables; the report still names the port.
  const r = await runCli(
    [
      "doctor",
      "--host",
      "nosuch-amr.westeurope.redis.azure.net",
      "--credential",
      "workload-identity",
      "--timeout",
      "2s",
      "--json",
    ],
    {
      env: { AZURE_FEDERATED_TOKEN_FILE: undefined, AZURE_CLIENT_ID: undefined, AZURE_TENANT_ID: undefined },
    },
  );
  assert.equal(r.code, 1, r.stdout + r.stderr);
  const report = JSON.parse(r.stdout) as { host: string; port: number };
  assert.equal(report.port, 10000);
});
