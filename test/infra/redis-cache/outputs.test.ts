/**
 * EntraRedisCache's outputs: ids, host, port, token scope, object ids and per-alias connections;
 * no secrets.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { later, OID1, OID2, reset, RG, settle, value } from "../mocks.ts";
import { namer, cacheArgs } from "../fixtures.ts";
import { EntraRedisCache, REDIS_TOKEN_SCOPE } from "../../../src/index.ts";

const next = namer("cache");

describe("EntraRedisCache outputs", () => {
  test("ids, host, port, token scope, object ids and per-alias connections; no secrets", async () => {
    reset();
    const name = next();
    const c = new EntraRedisCache(name, {
      ...cacheArgs(),
      cacheName: "orders",
      assignments: [
        { objectId: OID1, alias: "app" },
        { objectId: later(OID2), alias: "reader", policy: "data reader" },
      ],
    });
    await settle();
    assert.equal(await value(c.resourceName), "orders");
    assert.equal(
      await value(c.resourceId),
      `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/${RG}/providers/mock/Redis/${name}-redis`,
    );
    assert.equal(await value(c.hostName), "orders.redis.cache.windows.net");
    assert.equal(await value(c.port), 6380);
    assert.equal(await value(c.tokenScope), REDIS_TOKEN_SCOPE);
    assert.deepEqual(await value(c.objectIds), [OID1, OID2]);
    const connections = await value(c.connections);
    assert.deepEqual(connections, {
      app: {
        host: "orders.redis.cache.windows.net",
        port: 6380,
        username: OID1,
        policy: "Data Contributor",
        tokenScope: REDIS_TOKEN_SCOPE,
        cluster: false,
      },
      reader: {
        host: "orders.redis.cache.windows.net",
        port: 6380,
        username: OID2,
        policy: "Data Reader",
        tokenScope: REDIS_TOKEN_SCOPE,
        cluster: false,
      },
    });
    const text = JSON.stringify([connections, await value(c.objectIds)]);
    assert.doesNotMatch(text, /key|password|secret/i);
  });
});
