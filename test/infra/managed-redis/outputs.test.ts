/**
 * EntraManagedRedis's outputs: host, port 10000, token scope, object ids, connections with the
 * cluster flag, the same shape as EntraRedisCache's.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { later, OID1, OID2, reset, RG, settle, value } from "../mocks.ts";
import { namer, managedArgs } from "../fixtures.ts";
import { EntraManagedRedis, EntraRedisCache, REDIS_TOKEN_SCOPE } from "../../../src/index.ts";

const next = namer("amr");

describe("EntraManagedRedis outputs", () => {
  test("host, port 10000, token scope, object ids, connections with the cluster flag", async () => {
    reset();
    const name = next();
    const r = new EntraManagedRedis(name, {
      ...managedArgs(),
      clusterName: "orders",
      location: "northeurope",
      assignments: [
        { objectId: OID1, alias: "api" },
        { objectId: later(OID2), alias: "worker" },
      ],
    });
    await settle();
    assert.equal(await value(r.resourceName), "orders");
    assert.match(await value(r.resourceId), /\/RedisEnterprise\//);
    assert.match(await value(r.databaseId), new RegExp(`/mock/Database/${name}-db$`));
    assert.equal(await value(r.hostName), "orders.northeurope.redis.azure.net");
    assert.equal(await value(r.port), 10000);
    assert.equal(await value(r.tokenScope), REDIS_TOKEN_SCOPE);
    assert.deepEqual(await value(r.objectIds), [OID1, OID2]);
    assert.deepEqual(await value(r.connections), {
      api: {
        host: "orders.northeurope.redis.azure.net",
        port: 10000,
        username: OID1,
        policy: "Data Contributor",
        tokenScope: REDIS_TOKEN_SCOPE,
        cluster: true,
      },
      worker: {
        host: "orders.northeurope.redis.azure.net",
        port: 10000,
        username: OID2,
        policy: "Data Contributor",
        tokenScope: REDIS_TOKEN_SCOPE,
        cluster: true,
      },
    });
  });

  test("cluster is false for EnterpriseCluster and NoCluster", async () => {
    reset();
    const a = new EntraManagedRedis(next(), { ...managedArgs(), clusteringPolicy: "EnterpriseCluster" });
    const b = new EntraManagedRedis(next(), {
      ...managedArgs(),
      clusteringPolicy: "NoCluster",
      sku: "Balanced_B0",
    });
    await settle();
    assert.equal((await value(a.connections))["api"].cluster, false);
    assert.equal((await value(b.connections))["api"].cluster, false);
  });

  test("connections have the same shape as EntraRedisCache's, so app code doesn't change", async () => {
    reset();
    const managed = new EntraManagedRedis(next(), managedArgs());
    const cache = new EntraRedisCache(next(), {
      resourceGroupName: RG,
      assignments: [{ objectId: OID1, alias: "api" }],
      allowPublicNetworkAccess: true,
    });
    await settle();
    const m = (await value(managed.connections))["api"];
    const c = (await value(cache.connections))["api"];
    assert.deepEqual(Object.keys(m).sort(), Object.keys(c).sort());
    assert.equal(m.username, c.username);
    assert.equal(m.tokenScope, c.tokenScope);
    for (const k of ["hostName", "tokenScope", "objectIds", "connections"] as const) {
      assert.ok(k in managed && k in cache, `${k} on both components`);
    }
  });
});
