/**
 * Derived connections stay bound (issue 9, item 1): ioredis `Redis#duplicate()`, the subscriber's
 * connection's duplicate and node-redis `duplicate()`, each used the three ways libraries use them
 * (subscribed, blocked, running transactions) across token expiry, with sequence numbers counted end
 * to end and the gateway's own counters checked; a handshake that reaches the gateway after its
 * token expired; and the ready check under every built-in policy, without noise.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import {
  connectIoredis,
  connectIoredisSubscriber,
  connectNodeRedis,
  createEntraAuth,
  type EntraAuth,
} from "../../src/client/index.ts";
import { startLocalEntraRedis } from "../../src/testing/index.ts";
import { Capture, LIFETIME_MS, TIMING, rotationCounter, waitFor, type Gateway } from "./integration.ts";
import {
  assertSequence,
  runWorkloads,
  startRelay,
  watchIdentity,
  type DerivedConnection,
  type SourceConnection,
} from "./derived-kit.ts";

/** A fresh identity on `gw` with `policy`, its EntraAuth (scaled-down timing) and what the gateway saw of it. */
async function identity(gw: Gateway, capture: Capture, policy = "Data Contributor") {
  const objectId = randomUUID();
  await gw.assign(objectId, policy);
  const seen = watchIdentity(gw, objectId);
  const auth = createEntraAuth({
    credential: gw.credential(objectId, { lifetimeMs: LIFETIME_MS }),
    ...TIMING,
    logger: { warn: (m) => capture.lines.push(m) },
  });
  capture.watch(auth);
  return { objectId, auth, seen, rotations: rotationCounter(auth) };
}

function quiet(redis: { disconnect(): void }): void {
  redis.disconnect();
}

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
    let gw: Gateway;
    test.before(async () => {
      capture.hookConsole();
      gw = await startLocalEntraRedis({ tokenLifetimeMs: LIFETIME_MS });
    });
    test.after(async () => {
      capture.restore();
      await gw.stop();
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
      async "ioredis Redis#duplicate()"(auth, later) {
        const source = await connectIoredis(auth, { host: gw.host, port: gw.port, tls: { ca: gw.ca } });
        later(() => quiet(source));
        const d = () => ioredisDerived(source.duplicate());
        return {
          source,
          derived: { subscribed: d(), blocked: d(), transactions: d() },
          expect: ioredisTransaction,
        };
      },
      async "ioredis duplicate() of a duplicate()"(auth, later) {
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
      async "ioredis subscriber's connection.duplicate()"(auth, later) {
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
      async "node-redis duplicate()"(auth, later) {
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
      async "node-redis duplicate() of a duplicate()"(auth, later) {
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
        const { objectId, auth, seen, rotations } = await identity(gw, capture);
        const closers: (() => unknown)[] = [];
        t.after(async () => {
          for (const fn of closers.reverse())
            await Promise.resolve()
              .then(fn)
              .catch(() => undefined);
          auth.close();
        });
        const { source, derived, expect } = await make(auth, (fn) => closers.push(fn));
        for (const c of Object.values(derived)) closers.push(() => c.close());
        const start = rotations.count;
        const t0 = Date.now();
        const run = await runWorkloads(
          source,
          derived,
          `derived:${objectId}`,
          () => rotations.count >= start + ROTATIONS && Date.now() - t0 > LIFETIME_MS * 1.5,
          expect,
        );
        t.diagnostic(
          `${run.published} messages, ${run.pushed} pushed, ${run.transactions} transactions, ${rotations.count - start} rotations`,
        );
        assert.deepEqual(run.failures, [], "no failed operation");
        assertSequence(run.messages, run.published, "messages");
        assertSequence(run.popped, run.pushed, "popped values");
        assert.ok(run.transactions >= 20, `transactions: ${run.transactions}`);
        // The last rotation's re-AUTHs are spread over reauthSpreadMs.
        await new Promise((r) => setTimeout(r, 2 * (TIMING.reauthSpreadMs ?? 0)));
        assertGatewayCounts(gw, objectId, seen, Object.values(derived), ROTATIONS - 1);
      });
    }
  },
);

describe(
  "a handshake that reaches the gateway after its token expired",
  { timeout: 60_000, concurrency: true },
  () => {
    test("ioredis (connectIoredis, duplicate()) sends the token current when the HELLO goes out", async (t) => {
      const gw = await startLocalEntraRedis({ tokenLifetimeMs: LIFETIME_MS });
      t.after(() => gw.stop());
      const capture = new Capture();
      const { auth, seen, rotations } = await identity(gw, capture);
      t.after(() => auth.close());
      // Every connection's TLS handshake (so its HELLO) arrives a whole token lifetime late: the token
      // taken when the connection started has expired by then, while the token manager has rotated.
      const hold = LIFETIME_MS + 800;
      const relay = await startRelay(gw, () => hold);
      t.after(() => relay.stop());
      const errors: unknown[] = [];
      const pub = await connectIoredis(auth, {
        host: gw.host,
        port: relay.port,
        tls: { ca: gw.ca },
        connectTimeout: 10_000,
      });
      t.after(() => quiet(pub));
      pub.on("error", (err) => errors.push(err));
      // What the Socket.IO adapter does: duplicate(), then subscribe at once (queued until ready).
      const sub = pub.duplicate();
      t.after(() => quiet(sub));
      sub.on("error", (err) => errors.push(err));
      const received: number[] = [];
      sub.on("message", (_channel, message: string) => received.push(Number(message)));
      const subscribed = sub.subscribe("derived:late").then(
        () => "subscribed",
        (err: unknown) => `subscribe failed: ${String(err)}`,
      );
      assert.equal(await subscribed, "subscribed");
      let sent = 0;
      for (; sent < 20; sent++) await pub.publish("derived:late", String(sent));
      await waitFor("every message", () => received.length >= sent, 5000);
      assertSequence(received, sent, "messages");
      assert.deepEqual(seen.refused, [], "no AUTH refused: each handshake carried the current token");
      assert.deepEqual(errors, [], "no connection error");
      assert.ok(rotations.count >= 2, `the token rotated while the handshakes waited (${rotations.count})`);
      assert.equal(relay.connections, 2, "one connection each, no reconnect");
    });

    test("an ioredis duplicate() whose first HELLO is refused refreshes and retries, keeping the commands queued on it", async (t) => {
      const gw = await startLocalEntraRedis({ tokenLifetimeMs: LIFETIME_MS });
      t.after(() => gw.stop());
      const objectId = randomUUID();
      await gw.assign(objectId, "Data Contributor");
      const seen = watchIdentity(gw, objectId);
      // The second token is signed with a key the gateway does not trust; the others are good.
      const good = gw.credential(objectId, { lifetimeMs: LIFETIME_MS });
      const bad = gw.credential(objectId, { lifetimeMs: LIFETIME_MS, signWithForeignKey: true });
      let calls = 0;
      const credential = {
        getToken: (scopes: string | string[], options?: { abortSignal?: AbortSignal }) =>
          (++calls === 2 ? bad : good).getToken(scopes, options),
      };
      const capture = new Capture();
      const auth = createEntraAuth({
        credential,
        ...TIMING,
        logger: { warn: (m) => capture.lines.push(m) },
      });
      t.after(() => auth.close());
      const pub = await connectIoredis(auth, { host: gw.host, port: gw.port, tls: { ca: gw.ca } });
      t.after(() => quiet(pub));
      pub.on("error", () => undefined);
      // Make the untrusted token the current one, old enough (10% of its life) for a forced refresh.
      await new Promise((r) => setTimeout(r, LIFETIME_MS / 10 + 50));
      await auth.refresh();
      assert.equal(calls, 2);
      await new Promise((r) => setTimeout(r, LIFETIME_MS / 10 + 50));
      const errors: unknown[] = [];
      const sub = pub.duplicate();
      t.after(() => quiet(sub));
      sub.on("error", (err) => errors.push(err));
      const received: number[] = [];
      sub.on("message", (_channel, message: string) => received.push(Number(message)));
      const subscribed = await sub.subscribe("derived:refused").then(
        () => "subscribed",
        (err: unknown) => `subscribe failed: ${String(err)}`,
      );
      assert.equal(
        subscribed,
        "subscribed",
        "the SUBSCRIBE queued during the refused handshake went through",
      );
      assert.ok(
        seen.refused.some((r) => r.startsWith("HELLO")),
        `the duplicate's first HELLO was refused (${seen.refused.join("; ")})`,
      );
      let sent = 0;
      for (; sent < 20; sent++) await pub.publish("derived:refused", String(sent));
      await waitFor("every message", () => received.length >= sent, 5000);
      assertSequence(received, sent, "messages");
      assert.deepEqual(errors, [], "no error event: the refusal was handled");
      assert.ok(calls >= 3, "a forced refresh fetched a good token");
    });

    test("the ioredis subscriber (connectIoredisSubscriber) sends the token current when the HELLO goes out", async (t) => {
      const gw = await startLocalEntraRedis({ tokenLifetimeMs: LIFETIME_MS });
      t.after(() => gw.stop());
      const capture = new Capture();
      const { auth, seen, rotations } = await identity(gw, capture);
      t.after(() => auth.close());
      const relay = await startRelay(gw, (n) => (n === 0 ? LIFETIME_MS + 800 : 0));
      t.after(() => relay.stop());
      const sub = await connectIoredisSubscriber(auth, {
        host: gw.host,
        port: relay.port,
        tls: { ca: gw.ca },
        connectTimeout: 10_000,
      });
      t.after(() => sub.quit());
      assert.deepEqual(seen.refused, [], "the first HELLO carried the current token");
      assert.equal(relay.connections, 1, "no second attempt was needed");
      assert.ok(rotations.count >= 1, `the token rotated while the handshake waited (${rotations.count})`);
    });

    test("node-redis (connectNodeRedis, duplicate()) sends the token current when the HELLO goes out", async (t) => {
      const gw = await startLocalEntraRedis({ tokenLifetimeMs: LIFETIME_MS });
      t.after(() => gw.stop());
      const capture = new Capture();
      const { auth, seen } = await identity(gw, capture);
      t.after(() => auth.close());
      const relay = await startRelay(gw, () => LIFETIME_MS + 800);
      t.after(() => relay.stop());
      const errors: unknown[] = [];
      const pub = await connectNodeRedis(auth, {
        socket: { host: gw.host, port: relay.port, ca: gw.ca, connectTimeout: 10_000 },
      });
      pub.on("error", (err) => errors.push(err));
      t.after(() => pub.destroy());
      const sub = pub.duplicate();
      sub.on("error", (err) => errors.push(err));
      t.after(() => sub.destroy());
      await sub.connect();
      const received: number[] = [];
      await sub.subscribe("derived:late", (message) => received.push(Number(message)));
      let sent = 0;
      for (; sent < 20; sent++) await pub.publish("derived:late", String(sent));
      await waitFor("every message", () => received.length >= sent, 5000);
      assertSequence(received, sent, "messages");
      assert.deepEqual(seen.refused, [], "no AUTH refused");
      assert.deepEqual(errors, [], "no connection error");
    });
  },
);

describe("the ioredis ready check under every built-in policy", { timeout: 60_000 }, () => {
  for (const [policy, readyCheck] of [
    ["Data Owner", undefined],
    ["Data Contributor", undefined],
    ["Data Reader", undefined],
    ["Data Owner", true],
  ] as const) {
    const how = readyCheck ? "with enableReadyCheck: true" : "by default";
    test(`${policy} (${how}): connectIoredis, its duplicate() and the subscriber connect and rotate without a warning`, async (t) => {
      const gw = await startLocalEntraRedis({ tokenLifetimeMs: LIFETIME_MS });
      t.after(() => gw.stop());
      const capture = new Capture();
      capture.hookConsole();
      t.after(() => capture.restore());
      const { auth, seen, rotations } = await identity(gw, capture, policy);
      t.after(() => auth.close());
      const options = {
        host: gw.host,
        port: gw.port,
        tls: { ca: gw.ca },
        ...(readyCheck ? { enableReadyCheck: readyCheck } : {}),
      };
      const redis = await connectIoredis(auth, options);
      t.after(() => quiet(redis));
      const copy = redis.duplicate();
      t.after(() => quiet(copy));
      const sub = await connectIoredisSubscriber(auth, options);
      t.after(() => sub.quit());
      const key = `ready:${randomUUID()}`;
      assert.equal(await redis.get(key), null);
      assert.equal(await copy.get(key), null);
      // Data Reader has no @pubsub; the others subscribe (a RESP2 subscriber rotates its connection).
      if (policy !== "Data Reader") await sub.subscribe("ready:ch");
      const start = rotations.count;
      await waitFor("two rotations", () => rotations.count >= start + 2, 10_000);
      await new Promise((r) => setTimeout(r, 2 * (TIMING.reauthSpreadMs ?? 0)));
      assert.equal(await copy.get(key), null);
      assert.deepEqual(seen.refused, [], "no AUTH refused");
      assert.deepEqual(capture.lines, [], "nothing logged: no ready-check noise, no warning");
      capture.assertNoToken();
    });
  }
});
