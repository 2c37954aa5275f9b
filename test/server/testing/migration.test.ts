/**
 * The local migration rehearsal (`startLocalMigration`) itself: what `migrate()` copies and what it
 * leaves behind, the switch of the host name, `undo()`, and the checks of its options. The four client
 * kinds running through a switch are in migration-<client>.test.ts.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { Cluster } from "ioredis";
import { startLocalMigration, type LocalMigration } from "../../../src/testing/index.ts";
import { OID, RawClient, errorOf, tokenFor } from "./helpers.ts";

/** An authenticated raw connection through the cache's host name. */
async function connectAs(m: LocalMigration, objectId = OID): Promise<RawClient> {
  const c = await RawClient.tls(m.source, { port: m.port });
  const reply = await c.call("AUTH", objectId, await tokenFor(m.source, objectId));
  assert.equal(errorOf(reply), undefined, `AUTH through the host name: ${JSON.stringify(reply)}`);
  return c;
}

async function started(t: { after(fn: () => Promise<void>): void }, o = {}): Promise<LocalMigration> {
  const m = await startLocalMigration(o);
  t.after(() => m.stop());
  return m;
}

describe("startLocalMigration", { timeout: 60_000 }, () => {
  test("before migrate(), the host name serves the source; after, the target with the data", async (t) => {
    const m = await started(t);
    await m.assign(OID, "Data Contributor");
    const before = await connectAs(m);
    assert.equal(await before.call("SET", "kept", "v1"), "OK");
    assert.equal(m.source.stats().authAccepted, 1);
    assert.equal(m.target.stats().authAccepted, 0);

    const report = await m.migrate();
    await before.closed; // the switch closed it
    assert.equal(report.keysCopied, 1);
    assert.equal(report.identitiesCopied, 1);
    assert.equal(report.connectionsClosed, 1);
    assert.deepEqual(report.warnings, []);
    assert.ok(report.rollbackEligibleUntil > Date.now());

    const after = await connectAs(m);
    t.after(() => after.close());
    assert.equal(await after.call("GET", "kept"), "v1");
    assert.equal(m.target.stats().authAccepted, 1, "the new connection reached the target");
    // The rights came along: Data Contributor still can't run a dangerous command.
    assert.match(errorOf(await after.call("FLUSHALL")) ?? "", /NOPERM/);
  });

  test("a clustered source: the keys of every slot are copied", async (t) => {
    const m = await started(t, { source: { cluster: { shards: 3 } } });
    await m.assign(OID, "Data Contributor");
    const cluster = new Cluster([{ host: m.host, port: m.port }], {
      redisOptions: { username: OID, password: await tokenFor(m.source, OID), tls: { ca: m.ca } },
      slotsRefreshTimeout: 5000,
    });
    try {
      // 60 keys in 60 slots: each source node holds keys of several slots.
      for (let i = 0; i < 60; i++) await cluster.set(`user:${i}`, String(i));
    } finally {
      cluster.disconnect();
    }
    const report = await m.migrate();
    assert.equal(report.keysCopied, 60);
    let onTarget = 0;
    for (const b of m.target.backends) {
      const admin = await RawClient.plain(b.port);
      assert.equal(await admin.call("AUTH", b.username, b.password), "OK");
      onTarget += (await admin.call("DBSIZE")) as number;
      admin.close();
    }
    assert.equal(onTarget, 60, "every key is on the target");
  });

  test("skipDataMigration leaves the data behind", async (t) => {
    const m = await started(t);
    await m.assign(OID, "Data Owner");
    const c = await connectAs(m);
    await c.call("SET", "left", "behind");
    const report = await m.migrate({ skipDataMigration: true });
    assert.equal(report.keysCopied, 0);
    assert.deepEqual(
      report.warnings.map((w) => w.category),
      ["Data"],
    );
    const after = await connectAs(m);
    t.after(() => after.close());
    assert.equal(await after.call("GET", "left"), null);
  });

  test("copyAccess: false rehearses Azure alone: the target refuses the identity", async (t) => {
    const m = await started(t);
    await m.assign(OID, "Data Owner");
    const report = await m.migrate({ copyAccess: false });
    assert.equal(report.identitiesCopied, 0);
    assert.ok(report.warnings.some((w) => w.category === "Identity"));
    const c = await RawClient.tls(m.source, { port: m.port });
    t.after(() => c.close());
    const reply = await c.call("AUTH", OID, await tokenFor(m.source, OID));
    assert.match(errorOf(reply) ?? "", /WRONGPASS|unassigned|invalid/i);
  });

  test("a clustered target behind a single-node source is warned about (the client must be cluster-aware)", async (t) => {
    const m = await started(t, { target: { clusteringPolicy: "OSSCluster", shards: 2 } });
    await m.assign(OID, "Data Owner");
    const c = await connectAs(m);
    for (let i = 0; i < 20; i++) await c.call("SET", `k${i}`, String(i));
    const report = await m.migrate();
    assert.equal(report.keysCopied, 20, "every key reached the node owning its slot");
    assert.deepEqual(
      report.warnings.map((w) => w.category),
      ["Clustering Mode"],
    );
    assert.equal(m.target.nodes.length, 2);
  });

  test("undo() points the host name back at the source; it refuses once the window passed", async (t) => {
    const m = await started(t);
    await m.assign(OID, "Data Owner");
    await m.migrate();
    const onTarget = await connectAs(m);
    await onTarget.call("SET", "written-on-target", "1");
    await m.undo();
    await onTarget.closed;
    assert.equal(m.state, "Cancelled");
    const back = await connectAs(m);
    t.after(() => back.close());
    assert.equal(await back.call("GET", "written-on-target"), null, "Undo copies nothing back");
    await assert.rejects(m.undo(), /no succeeded migration/);

    const expired = await started(t, { rollbackWindowMs: 0 });
    await expired.migrate();
    await new Promise((r) => setTimeout(r, 5));
    await assert.rejects(expired.undo(), /rollbackEligibleUntil has passed/);
  });

  test("migrate() twice is refused", async (t) => {
    const m = await started(t);
    await m.migrate();
    await assert.rejects(m.migrate(), /already Succeeded/);
  });

  test("bad options are refused by name before anything starts", async () => {
    await assert.rejects(
      startLocalMigration({ target: { clusteringPolicy: "Enterprise" as never } }),
      /target.clusteringPolicy must be "OSSCluster" or "NoCluster" \(got "Enterprise"\)/,
    );
    await assert.rejects(
      startLocalMigration({ target: { clusteringPolicy: "NoCluster", shards: 2 } }),
      /target.shards only applies to OSSCluster/,
    );
    await assert.rejects(startLocalMigration({ rollbackWindowMs: -1 }), /rollbackWindowMs must be 0 or more/);
  });
});
