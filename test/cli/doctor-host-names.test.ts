/**
 * doctor's one list of Azure host names (src/cli/commands/doctor/host-names.ts): the default port and
 * the endpoint step ask it, so they agree on every name (they used two lists that disagreed on the
 * sovereign clouds, the Enterprise tiers' names and a trailing dot).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { azureServiceOf } from "../../src/cli/commands/doctor/host-names.ts";
import { defaultPort } from "../../src/cli/commands/doctor/network.ts";
import { endpointStep } from "../../src/cli/commands/doctor/endpoint.ts";

const NAMES: [string, "cache" | "managed" | undefined][] = [
  ["shop.redis.cache.windows.net", "cache"],
  ["Shop.Redis.Cache.Windows.Net.", "cache"],
  ["shop.privatelink.redis.cache.windows.net", "cache"],
  ["shop.redis.cache.chinacloudapi.cn", "cache"],
  ["shop.redis.cache.usgovcloudapi.net", "cache"],
  ["shop.westeurope.redis.azure.net", "managed"],
  ["shop.westeurope.redis.azure.net.", "managed"],
  ["shop.chinanorth3.redis.azure.cn", "managed"],
  ["shop.usgovvirginia.redis.azure.us", "managed"],
  ["old.westeurope.redisenterprise.cache.azure.net", "managed"],
  ["redis.azure.net.example.com", undefined],
  ["redis.cache.windows.net", undefined],
  ["10.0.0.4", undefined],
  ["localhost", undefined],
];

test("each name's service, whatever its case or trailing dot", () => {
  for (const [host, service] of NAMES) assert.equal(azureServiceOf(host), service, host);
});

test("the default port and the endpoint step agree on every name", () => {
  for (const [host, service] of NAMES) {
    const port = defaultPort(host);
    assert.equal(port, service === "managed" ? 10000 : 6380, `${host}: port`);
    const step = endpointStep(host, port, { version: service === "managed" ? "7.4.3" : "6.0.14" });
    if (service === undefined) assert.equal(step, undefined, host);
    else {
      assert.ok(step !== undefined, host);
      // At the port doctor picks by default, a Managed Redis name is not warned about its port.
      assert.notEqual(step.problem, "managed-port", host);
      assert.match(
        step.detail,
        service === "managed" ? /Azure Managed Redis/ : /Azure Cache for Redis/,
        host,
      );
    }
  }
});
