/**
 * EntraRedisCache under Pulumi mocks (new-cache mode): the Redis resource itself: Entra on, keys off,
 * TLS only, tags, secret storage connection strings, sku, capacity, version, zones, replicas, shards,
 * zonal allocation and update channel; every child parented to the component and named after it.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import {
  calls,
  children,
  find,
  isSecretInput,
  OID1,
  reset,
  resources,
  RG,
  settle,
  SUBNET_ID,
  value,
  VNET_ID,
  cacheAssignment,
} from "../mocks.ts";
import { namer, cacheArgs } from "../fixtures.ts";
import { EntraRedisCache, EntraRedisInputError, type EntraRedisCacheArgs } from "../../../src/index.ts";

const next = namer("cache");

describe("EntraRedisCache resources", () => {
  test("tags in a map without a prototype register as plain tags (they stalled the program)", async () => {
    reset();
    const name = next();
    const tags = Object.create(null) as Record<string, string>;
    tags.env = "test";
    new EntraRedisCache(name, { ...cacheArgs(), tags });
    await settle();
    assert.deepEqual(find("azure-native:redis:Redis", `${name}-redis`).inputs.tags, { env: "test" });
  });

  test("storage connection strings given as plain strings are registered as secrets (issue 19 item 5)", async () => {
    reset();
    const secret = "DefaultEndpointsProtocol=https;AccountName=store;AccountKey=k3y==";
    for (const key of [
      "rdbStorageConnectionString",
      "aofStorageConnectionString0",
      "aofStorageConnectionString1",
    ]) {
      const name = next();
      new EntraRedisCache(name, {
        ...cacheArgs(),
        sku: "Premium",
        capacity: 1,
        redisConfiguration:
          key === "rdbStorageConnectionString"
            ? { rdbBackupEnabled: "true", rdbBackupFrequency: "60", [key]: secret }
            : { aofBackupEnabled: "true", [key]: secret },
      });
      await settle();
      const config = find("azure-native:redis:Redis", `${name}-redis`).inputs.redisConfiguration;
      assert.ok(
        isSecretInput(config),
        `${key}: redisConfiguration registered in clear: ${JSON.stringify(config)}`,
      );
    }
    const name = next();
    new EntraRedisCache(name, { ...cacheArgs(), redisConfiguration: { maxmemoryPolicy: "allkeys-lru" } });
    await settle();
    const plain = find("azure-native:redis:Redis", `${name}-redis`).inputs.redisConfiguration;
    assert.deepEqual(plain, { maxmemoryPolicy: "allkeys-lru", aadEnabled: "true" }, "no secret, no wrapping");
  });

  test("a firewall-protected cache: the Redis resource has Entra on, keys off, TLS 1.2 only, public access filtered", async () => {
    reset();
    const name = next();
    new EntraRedisCache(name, {
      ...cacheArgs(),
      location: "westeurope",
      cacheName: "my-cache",
      tags: { env: "test" },
      redisConfiguration: { maxmemoryPolicy: "allkeys-lru" },
    });
    await settle();
    const cache = find("azure-native:redis:Redis", `${name}-redis`);
    assert.deepEqual(cache.inputs, {
      resourceGroupName: RG,
      location: "westeurope",
      name: "my-cache",
      tags: { env: "test" },
      sku: { name: "Standard", family: "C", capacity: 1 },
      redisVersion: "6",
      redisConfiguration: { maxmemoryPolicy: "allkeys-lru", aadEnabled: "true" },
      disableAccessKeyAuthentication: true,
      enableNonSslPort: false,
      minimumTlsVersion: "1.2",
      publicNetworkAccess: "Enabled",
    });
    const rule = find("azure-native:redis:FirewallRule", `${name}-fw-ip_203_0_113_10`);
    assert.deepEqual(rule.inputs, {
      resourceGroupName: RG,
      cacheName: "my-cache",
      ruleName: "ip_203_0_113_10",
      startIP: "203.0.113.10",
      endIP: "203.0.113.10",
    });
    const assignment = cacheAssignment(name, "app");
    assert.deepEqual(assignment.inputs, {
      resourceGroupName: RG,
      cacheName: "my-cache",
      accessPolicyAssignmentName: OID1,
      accessPolicyName: "Data Contributor",
      objectId: OID1,
      objectIdAlias: "app",
    });
    // Nothing else: no private endpoint, no key listing.
    assert.deepEqual(
      children(name)
        .map((r) => r.type)
        .sort(),
      [
        "azure-native:redis:AccessPolicyAssignment",
        "azure-native:redis:FirewallRule",
        "azure-native:redis:Redis",
        "azure-redis-entra:index:EntraRedisCache",
      ],
    );
    assert.ok(
      !calls.some((c) => /listRedisKeys|listKeys/i.test(c.token)),
      "access keys must never be fetched",
    );
  });

  test("every child is parented to the component and named after it", async () => {
    reset();
    const name = next();
    new EntraRedisCache(name, {
      ...cacheArgs(),
      customPolicies: [{ name: "Reader Plus", permissions: "+@read +@connection allkeys" }],
      firewallRules: [{ cidr: "10.1.0.0/16" }],
      privateEndpoint: { subnetId: SUBNET_ID, virtualNetworkId: VNET_ID },
      allowPublicNetworkAccess: true,
    });
    await settle();
    const component = find("azure-redis-entra:index:EntraRedisCache", name);
    const kids = resources.filter((r) => r !== component && r.name.startsWith(`${name}-`));
    assert.equal(kids.length, 8);
    for (const kid of kids)
      assert.equal(kid.parent, component.urn, `${kid.name} is not parented to the component`);
  });

  test("sku, capacity, version, zones, replicas, shards and keys map onto the cache", async () => {
    reset();
    const name = next();
    const c = new EntraRedisCache(name, {
      ...cacheArgs(),
      sku: "Premium",
      capacity: 2,
      redisVersion: "latest",
      zones: ["1", "2"],
      replicasPerPrimary: 2,
      shardCount: 3,
      accessKeyAuthentication: true,
    });
    await settle();
    const cache = find("azure-native:redis:Redis", `${name}-redis`);
    assert.deepEqual(cache.inputs.sku, { name: "Premium", family: "P", capacity: 2 });
    assert.equal(cache.inputs.redisVersion, "latest");
    assert.deepEqual(cache.inputs.zones, ["1", "2"]);
    assert.equal(cache.inputs.replicasPerPrimary, 2);
    assert.equal(cache.inputs.shardCount, 3);
    assert.equal(cache.inputs.disableAccessKeyAuthentication, false);
    // Entra stays on even with keys on.
    assert.deepEqual(cache.inputs.redisConfiguration, { aadEnabled: "true" });
    const conns = await value(c.connections);
    assert.equal(conns["app"].cluster, true, "a sharded Premium cache is clustered");
  });

  test("zonalAllocationPolicy and updateChannel map onto the cache; left out, neither is sent", async () => {
    reset();
    const zoned = next();
    new EntraRedisCache(zoned, {
      ...cacheArgs(),
      sku: "Premium",
      zones: ["1", "2", "3"],
      zonalAllocationPolicy: "UserDefined",
      updateChannel: "Preview",
    });
    const auto = next();
    new EntraRedisCache(auto, { ...cacheArgs(), zonalAllocationPolicy: "Automatic" });
    const plain = next();
    new EntraRedisCache(plain, cacheArgs());
    await settle();
    const z = find("azure-native:redis:Redis", `${zoned}-redis`).inputs;
    assert.equal(z.zonalAllocationPolicy, "UserDefined");
    assert.equal(z.updateChannel, "Preview");
    assert.deepEqual(z.zones, ["1", "2", "3"]);
    const a = find("azure-native:redis:Redis", `${auto}-redis`).inputs;
    assert.equal(a.zonalAllocationPolicy, "Automatic");
    assert.equal(a.zones, undefined);
    const p = find("azure-native:redis:Redis", `${plain}-redis`).inputs;
    assert.equal(p.zonalAllocationPolicy, undefined);
    assert.equal(p.updateChannel, undefined);
  });

  test("zonalAllocationPolicy must agree with zones, before anything is registered", () => {
    const cases: [Partial<EntraRedisCacheArgs>, RegExp][] = [
      [
        { zonalAllocationPolicy: "UserDefined" },
        /"UserDefined" places the cache in the zones given.*give zones/,
      ],
      [{ zonalAllocationPolicy: "UserDefined", zones: [] }, /zones is empty or missing/],
      [
        { zonalAllocationPolicy: "Automatic", zones: ["1"] },
        /contradicts zones \["1"\].*lets Azure pick.*use "UserDefined" with zones, or remove zones/,
      ],
      [{ zonalAllocationPolicy: "NoZones", zones: ["1", "2"] }, /contradicts zones.*uses no zones/],
    ];
    for (const [extra, message] of cases) {
      reset();
      const name = next();
      assert.throws(
        () => new EntraRedisCache(name, { ...cacheArgs(), sku: "Premium", ...extra }),
        (err: unknown) =>
          err instanceof EntraRedisInputError &&
          err.field === "zonalAllocationPolicy" &&
          message.test(err.message),
        JSON.stringify(extra),
      );
      assert.deepEqual(children(name), [], "nothing registered");
    }
  });

  test("Basic capacity 0 and the default tier", async () => {
    reset();
    const a = next();
    const b = next();
    new EntraRedisCache(a, { ...cacheArgs(), sku: "Basic", capacity: 0 });
    new EntraRedisCache(b, cacheArgs());
    await settle();
    assert.deepEqual(find("azure-native:redis:Redis", `${a}-redis`).inputs.sku, {
      name: "Basic",
      family: "C",
      capacity: 0,
    });
    assert.deepEqual(find("azure-native:redis:Redis", `${b}-redis`).inputs.sku, {
      name: "Standard",
      family: "C",
      capacity: 1,
    });
    assert.equal(
      find("azure-native:redis:Redis", `${b}-redis`).inputs.name,
      undefined,
      "auto-named when cacheName is omitted",
    );
  });
});
