/**
 * Derived connections stay bound (issue 9, item 1): ioredis `Redis#duplicate()`, the subscriber's
 * connection's duplicate and node-redis `duplicate()`, each used the three ways libraries use them
 * (subscribed, blocked, running transactions) across token expiry, with sequence numbers counted end
 * to end and the gateway's own counters checked. Each test has a gateway of its own whose token time
 * runs on a fake clock (FaultTime): rotations are clock moves, the workloads and sockets stay real. The
 * handshake that arrives late is in derived-handshake.test.ts, the ready check in
 * derived-ready-check.test.ts.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Redis } from "ioredis";
import {
  connectIoredis,
  connectIoredisSubscriber,
  connectNodeRedis,
  type EntraAuth,
} from "../../../src/client/index.ts";
import { startLocalEntraRedis } from "../../../src/testing/index.ts";
import { Capture, LIFETIME_MS, type Gateway } from "./integration.ts";
import {
  assertSequence,
  identity,
  quiet,
  runWorkloadsAcrossRotations,
  watchIdentity,
  type DerivedConnection,
  type SourceConnection,
} from "./derived-kit.ts";
import { FakeClock } from "../../support/fake-clock.ts";
import { FaultTime } from "./faults/fault-time.ts";

/** Rotations each derived connection must go through (the first token is long expired by then). */
const ROTATIONS = 4;

/** An ioredis connection as a workload uses it; transactions with `multi({ pipeline: false })`. */
function ioredisDerived(redis: Redis): DerivedConnection {
  redis.on("error", () => undefined);
  return {
    async subscribe(channel, onMessage) {
      redis.on("message", (ch: string, message: string) => {
        if (ch === channel) onMessage(message);
      });
      await redis.subscribe(channel);
    },
    async blpop(key, timeoutS) {
      const reply = await redis.blpop(key, timeoutS);
      return reply ? reply[1] : null;
    },
    async transaction(key, counter, i) {
      // MULTI is sent on its own and each command is answered QUEUED: a re-AUTH due meanwhile must wait for EXEC.
      await redis.multi({ pipeline: false });
      await redis.set(key, String(i));
      await redis.incr(counter);
      await redis.get(key);
      return (await redis.exec()) ?? [];
    },
    async close() {
      redis.disconnect();
    },
    localPort: () => (redis as unknown as { stream?: { localPort?: number } }).stream?.localPort,
  };
}

const ioredisTransaction = (i: number, n: number) => [
  [null, "OK"],
  [null, n],
  [null, String(i)],
];

type NodeRedisClient = Awaited<ReturnType<typeof connectNodeRedis>>;

function nodeRedisDerived(client: NodeRedisClient): DerivedConnection {
  client.on("error", () => undefined);
  return {
    async subscribe(channel, onMessage) {
      await client.subscribe(channel, (message) => onMessage(message));
    },
    async blpop(key, timeoutS) {
      const reply = await client.blPop(key, timeoutS);
      return reply ? reply.element : null;
    },
    async transaction(key, counter, i) {
      return client.multi().set(key, String(i)).incr(counter).get(key).exec();
    },
    async close() {
      client.destroy();
    },
  };
}

const nodeRedisTransaction = (i: number, n: number) => ["OK", n, String(i)];

/**
 * Checks what the gateway counted for one identity: no connection closed for expiry, no AUTH
 * refused, and each derived connection re-authenticated in place at least `reauths` times and still
 * open (not replaced by a reconnect). The derived connections are found by their local port when the
 * client exposes it (the ioredis subscriber's own connections rotate by design), otherwise every
 * connection of the identity is checked.
 */
function assertGatewayCounts(
  gw: Gateway,
  objectId: string,
  seen: ReturnType<typeof watchIdentity>,
  derived: DerivedConnection[],
  reauths: number,
): void {
  assert.deepEqual(seen.expired, [], "the gateway closed no connection for expiry");
  assert.deepEqual(seen.refused, [], "the gateway refused no AUTH");
  const all = gw.connections().filter((c) => c.objectId === objectId);
  const ports = derived.map((d) => d.localPort?.());
  const mine = ports.every((p) => p !== undefined)
    ? ports.map((p) => all.find((c) => c.remotePort === p && c.open))
    : all;
  const summary = all.map((c) => `#${c.id} ${c.open ? "open" : "closed"} ${c.authAccepted} AUTHs`).join(", ");
  assert.ok(mine.length >= derived.length, `at least ${derived.length} connections (${summary})`);
  for (const c of mine) {
    assert.ok(c?.open, `every derived connection still open, none replaced (${summary})`);
    assert.ok(
      c.authAccepted >= 1 + reauths,
      `each derived connection AUTHed at least ${1 + reauths} times (${summary})`,
    );
  }
}

describe(
  "derived connections across token expiry: subscribed, blocked, in transactions",
  { timeout: 90_000, concurrency: true },
  () => {
    const capture = new Capture();
    test.before(() => {
      capture.hookConsole();
    });
    test.after(() => {
      capture.restore();
      assert.deepEqual(
        capture.lines.filter((l) =>
          /Skipping the ready check|NOPERM|WRONGPASS|NOAUTH|RESP2 subscriber/.test(l),
        ),
        [],
        "no ready-check noise, refusal or warning",
      );
      capture.assertNoToken();
    });

    const kinds: Record<
      string,
      (
        gw: Gateway,
        auth: EntraAuth,
        later: (fn: () => unknown) => void,
      ) => Promise<{
        source: SourceConnection;
        derived: {
          subscribed: DerivedConnection;
          blocked: DerivedConnection;
          transactions: DerivedConnection;
        };
        expect: (i: number, n: number) => unknown[];
      }>
    > = {
      async "ioredis Redis#duplicate()"(gw, auth, later) {
        const source = await connectIoredis(auth, { host: gw.host, port: gw.port, tls: { ca: gw.ca } });
        later(() => quiet(source));
        const d = () => ioredisDerived(source.duplicate());
        return {
          source,
          derived: { subscribed: d(), blocked: d(), transactions: d() },
          expect: ioredisTransaction,
        };
      },
      async "ioredis duplicate() of a duplicate()"(gw, auth, later) {
        const source = await connectIoredis(auth, { host: gw.host, port: gw.port, tls: { ca: gw.ca } });
        later(() => quiet(source));
        const first = source.duplicate();
        later(() => quiet(first));
        const d = () => ioredisDerived(first.duplicate());
        return {
          source,
          derived: { subscribed: d(), blocked: d(), transactions: d() },
          expect: ioredisTransaction,
        };
      },
      async "ioredis subscriber's connection.duplicate()"(gw, auth, later) {
        const source = await connectIoredis(auth, { host: gw.host, port: gw.port, tls: { ca: gw.ca } });
        later(() => quiet(source));
        const sub = await connectIoredisSubscriber(auth, {
          host: gw.host,
          port: gw.port,
          tls: { ca: gw.ca },
        });
        later(() => sub.quit());
        const d = () => ioredisDerived(sub.connection.duplicate());
        return {
          source,
          derived: { subscribed: d(), blocked: d(), transactions: d() },
          expect: ioredisTransaction,
        };
      },
      async "node-redis duplicate()"(gw, auth, later) {
        const source = await connectNodeRedis(auth, { socket: { host: gw.host, port: gw.port, ca: gw.ca } });
        source.on("error", () => undefined);
        later(() => source.destroy());
        const d = async () => {
          const copy = source.duplicate();
          await copy.connect();
          return nodeRedisDerived(copy);
        };
        return {
          source: { publish: (c, m) => source.publish(c, m), rpush: (k, v) => source.rPush(k, v) },
          derived: { subscribed: await d(), blocked: await d(), transactions: await d() },
          expect: nodeRedisTransaction,
        };
      },
      async "node-redis duplicate() of a duplicate()"(gw, auth, later) {
        const source = await connectNodeRedis(auth, { socket: { host: gw.host, port: gw.port, ca: gw.ca } });
        source.on("error", () => undefined);
        later(() => source.destroy());
        const first = source.duplicate();
        first.on("error", () => undefined);
        await first.connect();
        later(() => first.destroy());
        const d = async () => {
          const copy = first.duplicate();
          await copy.connect();
          return nodeRedisDerived(copy);
        };
        return {
          source: { publish: (c, m) => source.publish(c, m), rpush: (k, v) => source.rPush(k, v) },
          derived: { subscribed: await d(), blocked: await d(), transactions: await d() },
          expect: nodeRedisTransaction,
        };
      },
    };

    for (const [name, make] of Object.entries(kinds)) {
      test(`${name}: every message, every popped value, every transaction's replies across ${ROTATIONS} rotations`, async (t) => {
        // A gateway of its own (the tests run concurrently), its token time on a fake clock.
        const clock = new FakeClock(Date.now());
        const gw = await startLocalEntraRedis({ tokenLifetimeMs: LIFETIME_MS, clock });
        const time = new FaultTime(clock, () => gw);
        const { objectId, auth, seen, rotations } = await identity(gw, capture, undefined, clock);
        const closers: (() => unknown)[] = [];
        t.after(async () => {
          for (const fn of closers.reverse())
            await Promise.resolve()
              .then(fn)
              .catch(() => undefined);
          auth.close();
          await gw.stop();
        });
        const { source, derived, expect } = await make(gw, auth, (fn) => closers.push(fn));
        for (const c of Object.values(derived)) closers.push(() => c.close());
        const start = rotations.count;
        const run = await runWorkloadsAcrossRotations(
          time,
          { auth, objectId, n: ROTATIONS, minClockMs: LIFETIME_MS * 1.5 },
          source,
          derived,
          `derived:${objectId}`,
          expect,
        );
        t.diagnostic(
          `${run.published} messages, ${run.pushed} pushed, ${run.transactions} transactions, ${rotations.count - start} rotations`,
        );
        assert.deepEqual(run.failures, [], "no failed operation");
        assertSequence(run.messages, run.published, "messages");
        assertSequence(run.popped, run.pushed, "popped values");
        assert.ok(run.transactions >= 20, `transactions: ${run.transactions}`);
        assert.equal(rotations.count - start, ROTATIONS, `${ROTATIONS} rotations`);
        assert.ok(run.clockMs > LIFETIME_MS * 1.5, "the first token is long expired");
        // The last rotation's re-AUTHs (spread over reauthSpreadMs) were awaited at the gateway.
        assertGatewayCounts(gw, objectId, seen, Object.values(derived), ROTATIONS - 1);
      });
    }
  },
);
