/**
 * Derived connections stay bound (issue 9, item 1), ioredis Cluster: `Cluster#duplicate()` and a
 * duplicate of that, used subscribed (the cluster's own pub/sub connection), blocked (BLPOP) and in
 * transactions across token expiry on a 3-shard cluster, sequence numbers counted end to end and the
 * gateway's per-connection AUTH counts checked; and the cluster's ready check under every built-in
 * policy, without noise. Token time runs on a fake clock shared by the gateway and the token managers
 * (FaultTime): rotations are clock moves, the workloads and sockets stay real.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import type { Cluster } from "ioredis";
import { connectIoredisCluster, createEntraAuth } from "../../../src/client/index.ts";
import { startLocalEntraRedis } from "../../../src/testing/index.ts";
import { Capture, LIFETIME_MS, TIMING, rotationCounter, type Gateway } from "./integration.ts";
import {
  assertSequence,
  runWorkloadsAcrossRotations,
  watchIdentity,
  type DerivedConnection,
} from "./derived-kit.ts";
import { FakeClock } from "../../support/fake-clock.ts";
import { FaultTime, trackTokens } from "./faults/fault-time.ts";

const ROTATIONS = 4;
const POLICIES = ["Data Owner", "Data Contributor", "Data Reader"] as const;

function clusterDerived(cluster: Cluster): DerivedConnection {
  cluster.on("error", () => undefined);
  cluster.on("node error", () => undefined);
  return {
    async subscribe(channel, onMessage) {
      cluster.on("message", (ch: string, message: string) => {
        if (ch === channel) onMessage(message);
      });
      await cluster.subscribe(channel);
    },
    async blpop(key, timeoutS) {
      const reply = await cluster.blpop(key, timeoutS);
      return reply ? reply[1] : null;
    },
    async transaction(key, counter, i) {
      return (await cluster.multi().set(key, String(i)).incr(counter).get(key).exec()) ?? [];
    },
    async close() {
      cluster.disconnect();
    },
  };
}

const capture = new Capture();
let gw: Gateway;
const clock = new FakeClock(Date.now());
const time = new FaultTime(clock, () => gw);
before(async () => {
  capture.hookConsole();
  gw = await startLocalEntraRedis({ tokenLifetimeMs: LIFETIME_MS, cluster: { shards: 3 }, clock });
});
after(async () => {
  capture.restore();
  await gw.stop();
  capture.assertNoToken();
});

async function identity(policy: string) {
  const objectId = randomUUID();
  await gw.assign(objectId, policy);
  const seen = watchIdentity(gw, objectId);
  const auth = createEntraAuth({
    credential: gw.credential(objectId, { lifetimeMs: LIFETIME_MS }),
    ...TIMING,
    logger: { warn: (m) => capture.lines.push(m) },
    clock,
  });
  capture.watch(auth);
  trackTokens(auth);
  return { objectId, auth, seen, rotations: rotationCounter(auth) };
}

const connect = (auth: ReturnType<typeof createEntraAuth>) =>
  connectIoredisCluster(auth, [{ host: gw.host, port: gw.port }], {
    redisOptions: { tls: { ca: gw.ca } },
    slotsRefreshTimeout: 5000,
  });

// One after the other: the two tests move the same clock.
describe("ioredis Cluster#duplicate() across token expiry", { timeout: 120_000 }, () => {
  for (const depth of [1, 2]) {
    const name = depth === 1 ? "Cluster#duplicate()" : "duplicate() of a Cluster#duplicate()";
    test(`${name}: every message, every popped value, every transaction's replies across ${ROTATIONS} rotations`, async (t) => {
      const { objectId, auth, seen, rotations } = await identity("Data Contributor");
      const closers: (() => unknown)[] = [];
      t.after(async () => {
        for (const fn of closers.reverse())
          await Promise.resolve()
            .then(fn)
            .catch(() => undefined);
        auth.close();
      });
      const source = await connect(auth);
      source.on("error", () => undefined);
      closers.push(() => source.disconnect());
      let base: Cluster = source;
      if (depth === 2) {
        base = source.duplicate();
        base.on("error", () => undefined);
        closers.push(() => base.disconnect());
      }
      const derived = {
        subscribed: clusterDerived(base.duplicate()),
        blocked: clusterDerived(base.duplicate()),
        transactions: clusterDerived(base.duplicate()),
      };
      for (const c of Object.values(derived)) closers.push(() => c.close());
      const start = rotations.count;
      const run = await runWorkloadsAcrossRotations(
        time,
        { auth, objectId, n: ROTATIONS, minClockMs: LIFETIME_MS * 1.5 },
        source,
        derived,
        `{derived-${objectId}}`,
        (i, n) => [
          [null, "OK"],
          [null, n],
          [null, String(i)],
        ],
      );
      t.diagnostic(
        `${run.published} messages, ${run.pushed} pushed, ${run.transactions} transactions, ${rotations.count - start} rotations`,
      );
      assert.deepEqual(run.failures, [], "no failed operation");
      // Each PUBLISH goes to some node and reaches the subscriber over the cluster bus: the order
      // across nodes is not kept, every message must arrive once.
      assertSequence(
        [...run.messages].sort((a, b) => a - b),
        run.published,
        "messages (sorted)",
      );
      assertSequence(run.popped, run.pushed, "popped values");
      assert.ok(run.transactions >= 20, `transactions: ${run.transactions}`);
      assert.equal(rotations.count - start, ROTATIONS, `${ROTATIONS} rotations`);
      assert.ok(run.clockMs > LIFETIME_MS * 1.5, "the first token is long expired");
      // The last rotation's re-AUTHs (spread over reauthSpreadMs) were awaited at the gateway.
      assert.deepEqual(seen.expired, [], "the gateway closed no connection for expiry");
      assert.deepEqual(seen.refused, [], "the gateway refused no AUTH");
      // Connections that lived through the run (the source's and the duplicates' node connections,
      // the duplicates' pub/sub connection) re-authenticated in place at every rotation.
      const mine = gw.connections().filter((c) => c.objectId === objectId);
      const summary = mine.map((c) => `#${c.id} ${c.open ? "open" : "closed"} ${c.authAccepted}`).join(", ");
      // ioredis opens a short-lived connection for each CLUSTER SLOTS refresh (handshake, the query,
      // closed): those may be closed; any other connection closing would be a reconnect.
      const closed = mine.filter((c) => !c.open && c.commandsForwarded > 6);
      assert.deepEqual(closed, [], `no connection closed or replaced (${summary})`);
      const longLived = mine.filter((c) => c.authAccepted >= ROTATIONS);
      assert.ok(longLived.length >= 4, `node and pub/sub connections re-AUTHed in place (${summary})`);
    });
  }
});

// After the suite above (top-level suites run one after the other): console output is the process's.
describe("the ioredis Cluster ready check under every built-in policy", { timeout: 60_000 }, () => {
  for (const policy of POLICIES) {
    test(`ready check under ${policy}: a cluster and its duplicate connect and rotate without a warning`, async (t) => {
      const lines = capture.lines.length;
      const { objectId, auth, seen, rotations } = await identity(policy);
      t.after(() => auth.close());
      const cluster = await connect(auth);
      t.after(() => cluster.disconnect());
      const copy = cluster.duplicate();
      t.after(() => copy.disconnect());
      const key = `{ready}:${randomUUID()}`;
      assert.equal(await cluster.get(key), null);
      assert.equal(await copy.get(key), null);
      // The cluster's own pub/sub connection connects at the first SUBSCRIBE (Data Reader has no @pubsub).
      if (policy !== "Data Reader") {
        await cluster.subscribe("ready:ch");
        await copy.subscribe("ready:ch");
      }
      const start = rotations.count;
      // One rotation: the planned refresh, the re-AUTH spread, every connection of it re-AUTHed.
      await time.rotationsOf(auth, 1, { objectId });
      assert.equal(rotations.count, start + 1);
      assert.equal(await copy.get(key), null);
      assert.deepEqual(seen.refused, [], "no AUTH refused");
      assert.deepEqual(capture.lines.slice(lines), [], "nothing logged: no ready-check noise, no warning");
    });
  }
});
