/**
 * What the derived-connection tests (`derived*.test.ts`) share: a TCP relay that can hold a
 * connection back (a slow network or a starved process: the TLS handshake, and so the HELLO, arrive
 * late), and the app's three ways of using a derived connection (subscribed, blocked, in a
 * transaction) run across token expiry with sequence numbers counted end to end; a fresh identity
 * with its token manager, and closing an ioredis connection quietly.
 */
import assert from "node:assert/strict";
import { createServer, connect as netConnect, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { createEntraAuth, type EntraAuth, type EntraClock } from "../../../src/client/index.ts";
import { Capture, LIFETIME_MS, TIMING, rotationCounter, type Gateway } from "./integration.ts";
import { settleWithinMs, sleep, waitFor } from "../support/time.ts";
import { trackTokens, type FaultTime } from "./faults/fault-time.ts";

/**
 * A TCP relay on 127.0.0.1 in front of a gateway node: connection number n (0-based) is forwarded
 * after `holdMs(n)` ms; until then the client's bytes (its TLS ClientHello) wait unread.
 */
export async function startRelay(
  target: { host: string; port: number },
  holdMs: (n: number) => number,
): Promise<{ port: number; connections: number; stop(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let n = 0;
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    client.on("error", () => undefined);
    const hold = holdMs(n++);
    const timer = setTimeout(() => {
      if (client.destroyed) return;
      const upstream = netConnect(target.port, target.host);
      sockets.add(upstream);
      upstream.on("close", () => {
        sockets.delete(upstream);
        client.destroy();
      });
      upstream.on("error", () => undefined);
      client.on("close", () => upstream.destroy());
      client.pipe(upstream);
      upstream.pipe(client);
    }, hold);
    client.on("close", () => clearTimeout(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const relay = {
    port: (server.address() as AddressInfo).port,
    get connections() {
      return n;
    },
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return relay;
}

/** The gateway's view of one identity: AUTHs refused and connections closed for expiry. */
export function watchIdentity(gw: Gateway, objectId: string): { refused: string[]; expired: number[] } {
  const seen = { refused: [] as string[], expired: [] as number[] };
  gw.on("auth", (e) => {
    if (!e.accepted && e.username === objectId)
      seen.refused.push(`${e.command} #${e.id}: ${e.reason ?? "?"}`);
  });
  gw.on("expired", (e) => {
    if (e.objectId === objectId) seen.expired.push(e.id);
  });
  return seen;
}

/** Asserts `received` is exactly 0..sent-1, in order. */
export function assertSequence(received: number[], sent: number, what: string): void {
  assert.ok(sent > 0, `${what}: something was sent`);
  assert.deepEqual(received, [...Array(sent).keys()], `${what}: every one of ${sent}, once, in order`);
}

/** One derived connection as the workloads use it (ioredis, ioredis Cluster and node-redis adapters). */
export interface DerivedConnection {
  subscribe(channel: string, onMessage: (message: string) => void): Promise<void>;
  /** BLPOP with a timeout in seconds: the value, or null at timeout. */
  blpop(key: string, timeoutS: number): Promise<string | null>;
  /** MULTI; SET key i; INCR counter; GET key; EXEC: the three replies, in the client's own shape. */
  transaction(key: string, counter: string, i: number): Promise<unknown[]>;
  close(): Promise<void>;
  /** The local port of its socket (the gateway's `remotePort`), when the client exposes it. */
  localPort?(): number | undefined;
}

/** The source connection: publishes and pushes. */
export interface SourceConnection {
  publish(channel: string, message: string): Promise<unknown>;
  rpush(key: string, value: string): Promise<unknown>;
}

/** Blocking timeout (s) of the blocked workload: a re-AUTH queued behind a block runs when it returns. */
export const BLOCK_S = 0.3;

/**
 * Runs the three workloads on three derived connections until `done()` is true: a subscriber
 * receiving sequence numbers, a connection blocked in BLPOP popping sequence numbers, and a
 * connection running transactions whose replies are checked (an extra reply, e.g. a re-AUTH's OK
 * inside the transaction, fails it). Returns what was sent, received and what failed.
 */
export async function runWorkloads(
  source: SourceConnection,
  derived: { subscribed: DerivedConnection; blocked: DerivedConnection; transactions: DerivedConnection },
  key: string,
  done: () => boolean,
  expectTransaction: (i: number, n: number) => unknown[],
): Promise<{
  published: number;
  messages: number[];
  pushed: number;
  popped: number[];
  transactions: number;
  failures: unknown[];
}> {
  const failures: unknown[] = [];
  // A failure is followed by a pause (a connection failing at once must not spin), and kept up to 50.
  const fail = async (err: unknown) => {
    if (failures.length < 50) failures.push(err);
    await sleep(50);
  };
  const messages: number[] = [];
  const popped: number[] = [];
  const channel = `${key}:ch`;
  await derived.subscribed.subscribe(channel, (m) => messages.push(Number(m)));
  let published = 0;
  let pushed = 0;
  let transactions = 0;
  let running = true;
  const publishing = (async () => {
    while (running) {
      try {
        await source.publish(channel, String(published));
        published += 1;
      } catch (err) {
        await fail(err);
      }
      await sleep(10);
    }
  })();
  const pushing = (async () => {
    while (running) {
      try {
        await source.rpush(`${key}:list`, String(pushed));
        pushed += 1;
      } catch (err) {
        await fail(err);
      }
      // Slower than BLPOP's timeout now and then, so the blocked connection also times out.
      await sleep(pushed % 10 === 0 ? 2 * BLOCK_S * 1000 : 20);
    }
  })();
  let popping = true;
  const blocking = (async () => {
    while (popping) {
      try {
        const v = await derived.blocked.blpop(`${key}:list`, BLOCK_S);
        if (v !== null) popped.push(Number(v));
      } catch (err) {
        await fail(err);
      }
    }
  })();
  const transacting = (async () => {
    while (running) {
      try {
        const replies = await derived.transactions.transaction(`${key}:tx`, `${key}:n`, transactions);
        assert.deepEqual(replies, expectTransaction(transactions, transactions + 1));
        transactions += 1;
      } catch (err) {
        await fail(err);
      }
      await sleep(5);
    }
  })();
  const deadline = Date.now() + 30_000;
  while (!done() && Date.now() < deadline) await sleep(50);
  running = false;
  // Bounded waits that leave no timer behind (a pending one would hold the test process open).
  await settleWithinMs(() => Promise.all([publishing, pushing, transacting]), 10_000);
  const end = Date.now() + 5000;
  while ((messages.length < published || popped.length < pushed) && Date.now() < end) await sleep(20);
  popping = false;
  await settleWithinMs(() => blocking, 5000);
  return { published, messages, pushed, popped, transactions, failures };
}

/**
 * A fresh identity on `gw` with `policy`, its EntraAuth (scaled-down timing; on `clock` when given, the
 * gateway's, its token times tracked for `FaultTime`) and what the gateway saw of it.
 */
export async function identity(
  gw: Gateway,
  capture: Capture,
  policy = "Data Contributor",
  clock?: EntraClock,
) {
  const objectId = randomUUID();
  await gw.assign(objectId, policy);
  const seen = watchIdentity(gw, objectId);
  const auth = createEntraAuth({
    credential: gw.credential(objectId, { lifetimeMs: LIFETIME_MS }),
    ...TIMING,
    // On the real clock a loaded machine can take over a second to mint a token: 1 s (TIMING) failed
    // a fresh-clone CI run at load ~20. On the fake clock the timeout is clock time, kept as it is.
    ...(clock ? { clock } : { acquireTimeoutMs: 4000 }),
    logger: { warn: (m) => capture.lines.push(m) },
  });
  capture.watch(auth);
  trackTokens(auth);
  return { objectId, auth, seen, rotations: rotationCounter(auth) };
}

type Derived = { subscribed: DerivedConnection; blocked: DerivedConnection; transactions: DerivedConnection };

/**
 * `runWorkloads` across `n` rotations of `auth` on the gateway's fake clock (`time.rotationsOf`: the
 * planned refresh, the re-AUTH spread, every connection of `objectId` re-AUTHed, the ones blocked or
 * in a transaction once they are free), with messages and transactions going on in every token life,
 * until the rotations are done and more than `minClockMs` of clock time has passed.
 */
export async function runWorkloadsAcrossRotations(
  time: FaultTime,
  rotation: { auth: EntraAuth; objectId: string; n: number; minClockMs: number },
  source: SourceConnection,
  derived: Derived,
  key: string,
  expectTransaction: (i: number, n: number) => unknown[],
): Promise<Awaited<ReturnType<typeof runWorkloads>> & { clockMs: number }> {
  const progress = { messages: 0, transactions: 0 };
  const counted: Derived = {
    ...derived,
    subscribed: {
      ...derived.subscribed,
      subscribe: (channel, onMessage) =>
        derived.subscribed.subscribe(channel, (m) => {
          progress.messages += 1;
          onMessage(m);
        }),
    },
    transactions: {
      ...derived.transactions,
      transaction: async (k, counter, i) => {
        const replies = await derived.transactions.transaction(k, counter, i);
        progress.transactions += 1;
        return replies;
      },
    },
  };
  const t0 = time.now();
  let rotated = false;
  const rotating = time
    .rotationsOf(rotation.auth, rotation.n, {
      objectId: rotation.objectId,
      between: async (i) => {
        const from = { ...progress };
        await waitFor(
          `messages and transactions after rotation ${i}`,
          () => progress.messages >= from.messages + 2 && progress.transactions >= from.transactions + 5,
          15_000,
        );
      },
    })
    .finally(() => (rotated = true));
  rotating.catch(() => undefined); // awaited below, once the workloads stopped
  const run = await runWorkloads(
    source,
    counted,
    key,
    () => rotated && time.now() - t0 > rotation.minClockMs,
    expectTransaction,
  );
  await rotating;
  return { ...run, clockMs: time.now() - t0 };
}

export function quiet(redis: { disconnect(): void }): void {
  redis.disconnect();
}
