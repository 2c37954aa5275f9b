/**
 * EntraRedisCache with `existingCache` under Pulumi mocks: it reads the cache (redis:getRedis), creates
 * no cache, checks Entra on / Redis 6 / no non-TLS port with the exact fix, and manages policies,
 * assignments, firewall rules and the private endpoint of that cache with the same outputs.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import {
  calls,
  children,
  expectRejections,
  find,
  later,
  OID1,
  OID2,
  onCall,
  reset,
  resources,
  RG,
  settle,
  SUB,
  SUBNET_ID,
  value,
  VNET_ID,
  cacheAssignment,
} from "./mocks.ts";
import {
  EntraRedisCache,
  EntraRedisInputError,
  REDIS_TOKEN_SCOPE,
  type EntraRedisCacheArgs,
} from "../../src/index.ts";

const OLD_RG = "rg-old";

/** Caches "in Azure", by name, as getRedis returns them (keys are never returned by GET). */
const caches: Record<string, Record<string, unknown>> = {};
function azureCache(name: string, overrides: Record<string, unknown> = {}): void {
  caches[name] = {
    id: `/subscriptions/${SUB}/resourceGroups/${OLD_RG}/providers/Microsoft.Cache/Redis/${name}`,
    name,
    location: "northeurope",
    hostName: `${name}.redis.cache.windows.net`,
    sslPort: 6380,
    port: 6379,
    redisVersion: "6.0.14",
    enableNonSslPort: false,
    minimumTlsVersion: "1.2",
    publicNetworkAccess: "Enabled",
    disableAccessKeyAuthentication: true,
    redisConfiguration: { aadEnabled: "true", maxclients: "1000" },
    sku: { name: "Standard", family: "C", capacity: 1 },
    ...overrides,
  };
}
onCall((token, inputs) => {
  if (token !== "azure-native:redis:getRedis") return undefined;
  const found = caches[inputs.name as string];
  if (!found || inputs.resourceGroupName !== OLD_RG)
    throw new Error(`cache ${String(inputs.name)} not found in ${String(inputs.resourceGroupName)}`);
  return found;
});

let n = 0;
const next = () => `existing${++n}`;
const args = (cache: string, extra: Partial<EntraRedisCacheArgs> = {}): EntraRedisCacheArgs => ({
  resourceGroupName: RG,
  existingCache: { name: cache, resourceGroupName: OLD_RG },
  assignments: [{ objectId: OID1, alias: "app" }],
  ...extra,
});

describe("existing cache: resources and outputs", () => {
  test("reads the cache, creates none, and manages policies, assignments and firewall rules on it", async () => {
    reset();
    azureCache("legacy");
    const name = next();
    const c = new EntraRedisCache(
      name,
      args("legacy", {
        customPolicies: [{ name: "Readers", permissions: "+@read allkeys" }],
        assignments: [
          { objectId: OID1, alias: "app" },
          { objectId: later(OID2), alias: "reporting", policy: "Readers" },
        ],
        firewallRules: [{ cidr: "198.51.100.0/24" }],
      }),
    );
    await settle();
    assert.deepEqual(
      calls.filter((x) => x.token === "azure-native:redis:getRedis").map((x) => x.inputs),
      [{ name: "legacy", resourceGroupName: OLD_RG }],
    );
    assert.equal(
      resources.filter((r) => r.type === "azure-native:redis:Redis").length,
      0,
      "no cache is created",
    );
    const policy = find("azure-native:redis:AccessPolicy", `${name}-policy-Readers`);
    assert.deepEqual(policy.inputs, {
      resourceGroupName: OLD_RG,
      cacheName: "legacy",
      accessPolicyName: "Readers",
      permissions: "+@read allkeys",
    });
    const a1 = cacheAssignment(name, "app");
    const a2 = cacheAssignment(name, "reporting");
    assert.deepEqual(a2.inputs, {
      resourceGroupName: OLD_RG,
      cacheName: "legacy",
      accessPolicyAssignmentName: OID2,
      accessPolicyName: "Readers",
      objectId: OID2,
      objectIdAlias: "reporting",
    });
    assert.ok(a1.dependsOn.includes(policy.urn), "assignments wait for the custom policy");
    assert.ok(a2.dependsOn.includes(a1.urn), "assignments are serialised");
    const rule = find("azure-native:redis:FirewallRule", `${name}-fw-range_198_51_100_0_198_51_100_255`);
    assert.deepEqual(rule.inputs, {
      resourceGroupName: OLD_RG,
      cacheName: "legacy",
      ruleName: "range_198_51_100_0_198_51_100_255",
      startIP: "198.51.100.0",
      endIP: "198.51.100.255",
    });

    assert.equal(await value(c.resourceName), "legacy");
    assert.equal(await value(c.resourceId), caches["legacy"].id);
    assert.equal(await value(c.hostName), "legacy.redis.cache.windows.net");
    assert.equal(await value(c.port), 6380);
    assert.equal(await value(c.tokenScope), REDIS_TOKEN_SCOPE);
    assert.deepEqual(await value(c.objectIds), [OID1, OID2]);
    assert.deepEqual((await value(c.connections))["reporting"], {
      host: "legacy.redis.cache.windows.net",
      port: 6380,
      username: OID2,
      policy: "Readers",
      tokenScope: REDIS_TOKEN_SCOPE,
      cluster: false,
    });
  });

  test("a private endpoint for the existing cache goes to resourceGroupName, in the cache's region", async () => {
    reset();
    azureCache("legacy-pe", { shardCount: 2, sku: { name: "Premium", family: "P", capacity: 1 } });
    const name = next();
    const c = new EntraRedisCache(
      name,
      args("legacy-pe", { privateEndpoint: { subnetId: SUBNET_ID, virtualNetworkId: VNET_ID } }),
    );
    await settle();
    const pe = find("azure-native:network:PrivateEndpoint", `${name}-pe`);
    assert.equal(pe.inputs.resourceGroupName, RG);
    assert.equal(pe.inputs.location, "northeurope");
    assert.deepEqual(pe.inputs.privateLinkServiceConnections, [
      { name: `${name}-pe`, privateLinkServiceId: caches["legacy-pe"].id, groupIds: ["redisCache"] },
    ]);
    find("azure-native:privatedns:PrivateZone", `${name}-dns-zone`);
    assert.equal((await value(c.connections))["app"].cluster, true, "a sharded existing cache is clustered");
  });

  test("no network arguments are needed: the existing cache keeps its own network settings", async () => {
    reset();
    azureCache("legacy-net");
    const name = next();
    new EntraRedisCache(
      name,
      args("legacy-net", { existingCache: { name: "legacy-net", resourceGroupName: later(OLD_RG) } }),
    );
    await settle();
    assert.deepEqual(
      children(name)
        .map((r) => r.type)
        .sort(),
      ["azure-native:redis:AccessPolicyAssignment", "azure-redis-entra:index:EntraRedisCache"],
    );
  });

  test("a cache that still accepts access keys gets a warning with the command that turns them off", async () => {
    reset();
    azureCache("legacy-keys", { disableAccessKeyAuthentication: false });
    const warnings: string[] = [];
    const original = pulumi.log.warn;
    pulumi.log.warn = (msg: string) => {
      warnings.push(msg);
      return Promise.resolve();
    };
    try {
      new EntraRedisCache(next(), args("legacy-keys"));
      await settle();
    } finally {
      pulumi.log.warn = original;
    }
    assert.equal(warnings.length, 1);
    assert.match(
      warnings[0],
      /still accepts access keys; .*az redis update --name legacy-keys --resource-group rg-old --set disableAccessKeyAuthentication=true/,
    );
  });
});

describe("existing cache: checks of the looked-up cache (no child created)", () => {
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    [
      "Entra authentication off",
      { redisConfiguration: { aadEnabled: "false" } },
      /existingCache\.name "CACHE" has Microsoft Entra authentication turned off; turn it on first \(`az redis update --name CACHE --resource-group rg-old --set redisConfiguration\.aad-enabled=true`, or portal: Authentication > Microsoft Entra Authentication > Enable.*\), then run pulumi up again/,
    ],
    [
      "Entra setting absent",
      { redisConfiguration: { maxclients: "1000" } },
      /has Microsoft Entra authentication turned off/,
    ],
    [
      "Redis 4",
      { redisVersion: "4.0.14" },
      /existingCache\.name "CACHE" runs Redis 4\.0\.14, which has no ACLs and so no Entra ID authentication; upgrade it to Redis 6 first \(`az redis update --name CACHE --resource-group rg-old --set redisVersion=6`/,
    ],
    [
      "non-TLS port open",
      { enableNonSslPort: true },
      /existingCache\.name "CACHE" allows non-TLS connections on port 6379; turn the non-TLS port off \(`az redis update --name CACHE --resource-group rg-old --set enableNonSslPort=false`/,
    ],
  ];
  for (const [title, overrides, message] of cases) {
    test(title, async () => {
      reset();
      const cache = `bad${++n}`;
      azureCache(cache, overrides);
      const name = next();
      const errors = await expectRejections(() => {
        new EntraRedisCache(
          name,
          args(cache, { firewallRules: [{ startIp: "203.0.113.5" }], privateEndpoint: undefined }),
        );
      });
      assert.ok(errors.length > 0);
      const expected = new RegExp(message.source.replaceAll("CACHE", cache));
      for (const err of errors) {
        assert.ok(err instanceof EntraRedisInputError, err.message);
        assert.match(err.message, expected);
      }
      assert.deepEqual(
        children(name).map((r) => r.type),
        ["azure-redis-entra:index:EntraRedisCache"],
        "nothing may be created on a cache that fails the checks",
      );
    });
  }

  test("firewall rules on a cache whose public access is Disabled", async () => {
    reset();
    azureCache("private-only", { publicNetworkAccess: "Disabled" });
    const name = next();
    const errors = await expectRejections(() => {
      new EntraRedisCache(name, args("private-only", { firewallRules: [{ startIp: "203.0.113.5" }] }));
    });
    assert.ok(errors.length > 0);
    assert.match(
      errors[0].message,
      /firewallRules "1 rule\(s\)" have no effect: public network access is Disabled on cache "private-only"/,
    );
    assert.deepEqual(
      children(name).map((r) => r.type),
      ["azure-redis-entra:index:EntraRedisCache"],
    );
  });
});

describe("existing cache: plain argument rules", () => {
  const creation: Array<[keyof EntraRedisCacheArgs, unknown]> = [
    ["location", "westeurope"],
    ["cacheName", "other"],
    ["tags", { a: "b" }],
    ["sku", "Premium"],
    ["capacity", 2],
    ["redisVersion", "6"],
    ["zones", ["1"]],
    ["zonalAllocationPolicy", "Automatic"],
    ["updateChannel", "Preview"],
    ["replicasPerPrimary", 1],
    ["shardCount", 1],
    ["redisConfiguration", { maxmemoryPolicy: "allkeys-lru" }],
    ["accessKeyAuthentication", false],
    ["allowPublicNetworkAccess", true],
  ];
  for (const [field, v] of creation) {
    test(`${field} together with existingCache`, () => {
      const name = next();
      assert.throws(
        () => new EntraRedisCache(name, { ...args("legacy"), [field]: v }),
        (err: unknown) => {
          assert.ok(err instanceof EntraRedisInputError);
          assert.equal(err.field, field);
          assert.match(
            err.message,
            new RegExp(
              `${field} .* is a creation argument, given together with existingCache; remove ${field}: an existing cache keeps its own settings`,
            ),
          );
          return true;
        },
      );
      assert.deepEqual(children(name), []);
    });
  }

  test("existingCache.name invalid", () => {
    assert.throws(
      () => new EntraRedisCache(next(), args("bad name")),
      (err: unknown) => err instanceof EntraRedisInputError && err.field === "existingCache.name",
    );
  });

  test("the other rules still apply (assignments, policies, firewall, private endpoint)", () => {
    assert.throws(
      () => new EntraRedisCache(next(), args("legacy", { assignments: [] })),
      /assignments \[\] is empty/,
    );
    assert.throws(
      () =>
        new EntraRedisCache(
          next(),
          args("legacy", { assignments: [{ objectId: OID1, alias: "app", policy: "Nope" }] }),
        ),
      /assignments\[0\]\.policy "Nope"/,
    );
    assert.throws(
      () => new EntraRedisCache(next(), args("legacy", { firewallRules: [{ startIp: "1.2.3.400" }] })),
      /firewallRules\[0\]\.startIp/,
    );
    assert.throws(
      () => new EntraRedisCache(next(), args("legacy", { privateEndpoint: { subnetId: SUBNET_ID } })),
      /privateEndpoint\.privateDnsZoneId/,
    );
  });
});
