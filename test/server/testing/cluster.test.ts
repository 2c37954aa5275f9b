/**
 * Cluster mode: a real 3-shard Redis Cluster behind per-node gateways; nodes announce gateway ports,
 * so CLUSTER SLOTS and MOVED point at gateways and ioredis.Cluster works through them with redirects.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { Cluster } from "ioredis";
import { startLocalEntraRedis, type LocalEntraRedis } from "../../../src/testing/index.ts";
import { OID, RawClient, errorOf, tokenFor } from "./helpers.ts";

describe("local gateway: cluster mode", () => {
  let gw: LocalEntraRedis;
  before(async () => {
    gw = await startLocalEntraRedis({ cluster: { shards: 3 } });
    await gw.assign(OID, "Data Contributor");
  });
  after(async () => {
    await gw.stop();
  });

  test("exposes one gateway per node, the first as host/port", () => {
    assert.equal(gw.nodes.length, 3);
    assert.equal(gw.nodes[0].port, gw.port);
    assert.equal(new Set(gw.nodes.map((n) => n.port)).size, 3);
    assert.equal(gw.backends.length, 3);
  });

  test("CLUSTER SLOTS and MOVED point at gateway ports", async () => {
    const c = await RawClient.tls(gw);
    assert.equal(await c.call("AUTH", OID, await tokenFor(gw, OID)), "OK");
    const slots = (await c.call("CLUSTER", "SLOTS")) as [number, number, [string, number, string]][];
    assert.equal(slots.length, 3);
    const ports = slots.map((s) => s[2][1]).sort();
    assert.deepEqual(ports, gw.nodes.map((n) => n.port).sort());
    assert.ok(slots.every((s) => s[2][0] === "127.0.0.1"));
    const nodesText = String(await c.call("CLUSTER", "NODES"));
    for (const n of gw.nodes)
      assert.match(
        nodesText,
        new RegExp(` 127\\.0\\.0\\.1:${n.port}@\\d+`),
        "CLUSTER NODES lists the gateway port",
      );
    // Find a key another node owns: its MOVED names that node's gateway.
    let moved: string | undefined;
    for (let i = 0; i < 50 && !moved; i++) moved = errorOf(await c.call("GET", `key-${i}`));
    assert.ok(moved, "some key lives on another shard");
    const m = /^MOVED (\d+) 127\.0\.0\.1:(\d+)$/.exec(moved);
    assert.ok(m, moved);
    assert.ok(gw.nodes.some((n) => n.port === Number(m[2])));
    c.close();
  });

  test("ioredis.Cluster works through the gateways with redirects, keys on every shard", async () => {
    const token = await tokenFor(gw, OID);
    const cluster = new Cluster([{ host: gw.host, port: gw.port }], {
      redisOptions: { username: OID, password: token, tls: { ca: gw.ca } },
      slotsRefreshTimeout: 5000,
    });
    try {
      for (let i = 0; i < 60; i++) await cluster.set(`user:${i}`, String(i));
      for (let i = 0; i < 60; i++) assert.equal(await cluster.get(`user:${i}`), String(i));
      // Every shard holds some of the keys (checked on the real nodes).
      for (const b of gw.backends) {
        const admin = await RawClient.plain(b.port);
        assert.equal(await admin.call("AUTH", b.username, b.password), "OK");
        const size = (await admin.call("DBSIZE")) as number;
        assert.ok(size > 0, `node ${b.port} holds keys`);
        admin.close();
      }
      // ioredis connected to every gateway node, and every AUTH was accepted.
      const s = gw.stats();
      assert.ok(
        new Set(
          gw
            .connections()
            .filter((x) => x.authAccepted > 0)
            .map((x) => x.node),
        ).size === 3,
      );
      assert.equal(s.authRefused, 0);
    } finally {
      cluster.disconnect();
    }
  });

  test("ioredis.Cluster follows a MOVED redirect to another gateway when a slot moves", async () => {
    const token = await tokenFor(gw, OID);
    const cluster = new Cluster([{ host: gw.host, port: gw.port }], {
      redisOptions: { username: OID, password: token, tls: { ca: gw.ca } },
      slotsRefreshInterval: 600_000,
    });
    const admins = await Promise.all(
      gw.backends.map(async (b) => {
        const a = await RawClient.plain(b.port);
        assert.equal(await a.call("AUTH", b.username, b.password), "OK");
        return a;
      }),
    );
    try {
      const key = "moving-key";
      assert.equal(await cluster.set(key, "before"), "OK");
      const slot = (await admins[0].call("CLUSTER", "KEYSLOT", key)) as number;
      const ids = (await Promise.all(admins.map((a) => a.call("CLUSTER", "MYID")))) as string[];
      const owner = (
        await Promise.all(admins.map((a) => a.call("CLUSTER", "COUNTKEYSINSLOT", String(slot))))
      ).findIndex((n) => n === 1);
      assert.ok(owner >= 0);
      const target = (owner + 1) % admins.length;
      assert.equal(await cluster.del(key), 1);
      // Move the (now empty) slot to another node on every node; ioredis still has the old map.
      for (const a of admins)
        assert.equal(await a.call("CLUSTER", "SETSLOT", String(slot), "NODE", ids[target]), "OK");
      const forwardedToOwner = () =>
        gw
          .connections()
          .filter((c) => c.node === owner && c.open)
          .reduce((sum, c) => sum + c.commandsForwarded, 0);
      const before = forwardedToOwner();
      assert.equal(await cluster.set(key, "after"), "OK");
      assert.ok(
        forwardedToOwner() > before,
        "the command went to the old owner's gateway first (and got MOVED)",
      );
      assert.equal(await admins[target].call("GET", key), "after");
      assert.equal(await cluster.get(key), "after");
    } finally {
      cluster.disconnect();
      for (const a of admins) a.close();
    }
  });

  test("assign() creates the ACL user on every node", async () => {
    for (const b of gw.backends) {
      const admin = await RawClient.plain(b.port);
      assert.equal(await admin.call("AUTH", b.username, b.password), "OK");
      const users = (await admin.call("ACL", "USERS")) as string[];
      assert.ok(users.includes(OID));
      admin.close();
    }
  });
});
