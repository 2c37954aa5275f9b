/**
 * EntraManagedRedis under Pulumi mocks: the cluster (SKU, TLS 1.2, high availability, public access)
 * and its database "default" (TLS only, keys off, clustering, eviction, persistence, modules); every
 * child parented to the component.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { find, reset, resources, RG, settle } from "../mocks.ts";
import { namer, managedArgs } from "../fixtures.ts";
import { EntraManagedRedis } from "../../../src/index.ts";

const next = namer("amr");

describe("EntraManagedRedis resources", () => {
  test("cluster: SKU, TLS 1.2, high availability on, public access off behind a private endpoint", async () => {
    reset();
    const name = next();
    new EntraManagedRedis(name, {
      ...managedArgs(),
      location: "westeurope",
      clusterName: "orders",
      tags: { env: "test" },
      zones: ["1", "2", "3"],
    });
    await settle();
    const cluster = find("azure-native:redisenterprise:RedisEnterprise", `${name}-cluster`);
    assert.deepEqual(cluster.inputs, {
      resourceGroupName: RG,
      location: "westeurope",
      clusterName: "orders",
      tags: { env: "test" },
      sku: { name: "Balanced_B1" },
      minimumTlsVersion: "1.2",
      highAvailability: "Enabled",
      zones: ["1", "2", "3"],
      publicNetworkAccess: "Disabled",
    });
  });

  test('database "default": TLS only, keys off, OSSCluster, port 10000', async () => {
    reset();
    const name = next();
    new EntraManagedRedis(name, managedArgs());
    await settle();
    const db = find("azure-native:redisenterprise:Database", `${name}-db`);
    assert.deepEqual(db.inputs, {
      resourceGroupName: RG,
      clusterName: `${name}-cluster`,
      databaseName: "default",
      clientProtocol: "Encrypted",
      port: 10000,
      clusteringPolicy: "OSSCluster",
      accessKeysAuthentication: "Disabled",
    });
    assert.ok(
      db.dependencies.includes(find("azure-native:redisenterprise:RedisEnterprise", `${name}-cluster`).urn),
    );
  });

  test("database options: clustering, eviction, deferred upgrades, persistence, modules, keys, high availability off", async () => {
    reset();
    const name = next();
    new EntraManagedRedis(name, {
      ...managedArgs(),
      sku: "MemoryOptimized_M10",
      highAvailability: false,
      clusteringPolicy: "EnterpriseCluster",
      evictionPolicy: "NoEviction",
      deferUpgrade: "Deferred",
      persistence: { rdbEnabled: true, rdbFrequency: "6h" },
      modules: [{ name: "RediSearch" }, { name: "RedisJSON", args: "" }],
      accessKeyAuthentication: true,
    });
    await settle();
    const cluster = find("azure-native:redisenterprise:RedisEnterprise", `${name}-cluster`);
    assert.deepEqual(cluster.inputs.sku, { name: "MemoryOptimized_M10" });
    assert.equal(cluster.inputs.highAvailability, "Disabled");
    const db = find("azure-native:redisenterprise:Database", `${name}-db`);
    assert.equal(db.inputs.clusteringPolicy, "EnterpriseCluster");
    assert.equal(db.inputs.evictionPolicy, "NoEviction");
    assert.equal(db.inputs.deferUpgrade, "Deferred");
    assert.deepEqual(db.inputs.persistence, { rdbEnabled: true, rdbFrequency: "6h" });
    assert.deepEqual(db.inputs.modules, [{ name: "RediSearch" }, { name: "RedisJSON", args: "" }]);
    assert.equal(db.inputs.accessKeysAuthentication, "Enabled");
  });

  test("every child is parented to the component", async () => {
    reset();
    const name = next();
    new EntraManagedRedis(name, managedArgs());
    await settle();
    const component = find("azure-redis-entra:index:EntraManagedRedis", name);
    const kids = resources.filter((r) => r !== component && r.name.startsWith(`${name}-`));
    assert.equal(kids.length, 7);
    for (const kid of kids) assert.equal(kid.parent, component.urn);
  });
});
