/**
 * doctor's endpoint step (src/cli/commands/doctor/endpoint.ts): an app pointed at a cache name that a migration
 * switched to Managed Redis, at a cache still on Azure Cache for Redis, or at Managed Redis itself is
 * told what it sees and what to change.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { endpointStep, readHello } from "../../src/cli/commands/doctor/endpoint.ts";

const HELLO_AMR = [
  "server",
  "redis",
  "version",
  "7.4.2",
  "proto",
  2,
  "id",
  7,
  "mode",
  "cluster",
  "role",
  "master",
  "modules",
  [],
];
const HELLO_ACR = [
  "server",
  "redis",
  "version",
  "6.0.14",
  "proto",
  2,
  "id",
  7,
  "mode",
  "standalone",
  "role",
  "master",
  "modules",
  [],
];

test("readHello takes version and mode from a RESP2 HELLO reply; anything else gives nothing", () => {
  assert.deepEqual(readHello(HELLO_AMR), { version: "7.4.2", mode: "cluster" });
  assert.deepEqual(readHello("OK"), {});
});

test("a cache name answered by Redis 7 is a migrated endpoint: move to the Managed Redis name and port", () => {
  const step = endpointStep("shop.redis.cache.windows.net", 6380, readHello(HELLO_AMR));
  assert.equal(step?.status, "warn");
  assert.equal(step?.problem, "migrated-endpoint");
  assert.match(step?.detail ?? "", /switched it to Azure Managed Redis/);
  assert.match(step?.fix ?? "", /port 10000/);
  assert.match(step?.fix ?? "", /cluster-aware client/, "OSS clustering: the client must change too");
  const standalone = endpointStep("shop.redis.cache.windows.net", 6380, {
    version: "7.4.2",
    mode: "standalone",
  });
  assert.doesNotMatch(standalone?.fix ?? "", /cluster-aware/);
});

test("a cache name answered by Redis 6 is the old cache: migrate it", () => {
  const step = endpointStep("shop.redis.cache.windows.net", 6380, readHello(HELLO_ACR));
  assert.equal(step?.problem, "azure-cache-for-redis");
  assert.match(step?.fix ?? "", /migrateFrom/);
});

test("a Managed Redis name passes on 10000, is warned on another port; other hosts get no step", () => {
  assert.equal(endpointStep("shop.westeurope.redis.azure.net", 10000, readHello(HELLO_AMR))?.status, "pass");
  assert.equal(
    endpointStep("shop.westeurope.redis.azure.net", 6380, readHello(HELLO_AMR))?.problem,
    "managed-port",
  );
  assert.equal(endpointStep("127.0.0.1", 6380, readHello(HELLO_AMR)), undefined);
});
