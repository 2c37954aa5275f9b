/**
 * Socket.IO Redis adapter broadcast rate with rotating Entra tokens vs a static password, side by
 * side in one run, through the local Entra gateway (same gateway, same TLS path; only the
 * authentication differs). Two Socket.IO servers on loopback, each with its own identity (as two app
 * instances would have) and its own pub/sub pair, `createAdapter(pub, pub.duplicate())` as the
 * adapter's README and docs/client.md's recipe do; a socket.io-client connected to server B; server
 * A broadcasts sequence-numbered messages as fast as the window allows.
 *   - rotating: pub from `connectIoredis` / `connectNodeRedis` (tokens live 4 s, a new one every ~1.3 s);
 *   - static: pub from a plain `new Redis(...)` / `createClient(...)` whose password is one
 *     long-lived token.
 * Variants: ioredis and node-redis with the classic adapter (PUBLISH/SUBSCRIBE), and both with the
 * sharded adapter (`createShardedAdapter`, SPUBLISH/SSUBSCRIBE; RESP3 on both clients).
 *
 * Rate: at most `window` broadcasts are in flight (sent by A, not yet received by the client of B),
 * so the rate is the one the path sustains and latency doesn't grow with a backlog. Reported per
 * scenario: broadcasts delivered/s, p50/p99 of emit on A → receipt by the client of B, lost (sent
 * but not received within 10 s after the run), duplicated or out-of-order receipts, errors (error
 * events of the Redis connections, client connect errors and disconnects, unhandled rejections), token rotations
 * (servers A + B) and connections the gateway closed for an expired token.
 *
 *   node bench/socketio-broadcast.ts [seconds=3] [rounds=3] [window=64] [variants=all] [--control]
 *
 * Rounds interleave rotating and static (the order alternates from round to round); "rot/static" is
 * the median (min-max) of the per-round ratios. `--control` adds a second static arm to each round:
 * its ratio to the first ("control/static") is the noise floor of the run.
 */
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { Server } from "socket.io";
import { io as connectClient } from "socket.io-client";
import { createAdapter, createShardedAdapter } from "@socket.io/redis-adapter";
import { percentile } from "./client-helpers.ts";
import {
  bounded,
  unhandled,
  closeIoredis,
  closeNodeRedis,
  identity,
  ioredisFor,
  nodeRedisFor,
  positional,
  printArmsTable,
  finishRun,
  runRounds,
  selectVariants,
  LIFETIME_MS,
  type Gateway,
  type Identity,
  flag,
  type Mode,
} from "./library-helpers.ts";

const seconds = positional(0, 3, "seconds");
const rounds = positional(1, 3, "rounds");
const windowSize = positional(2, 64, "window");
const WARMUP_S = 1;
const DRAIN_MS = 10_000;

type Adapter = ReturnType<typeof createAdapter> | ReturnType<typeof createShardedAdapter>;
type Cleanup = (fn: () => unknown) => void;
/** Builds one server's adapter from a fresh pub/sub pair; `key` keeps scenarios apart. */
type AdapterFor = (ctx: Ctx, key: string) => Promise<Adapter>;
interface Ctx {
  gw: Gateway;
  id: Identity;
  later: Cleanup;
  onError: (err: unknown) => void;
}

const ioredisPair = async ({ gw, id, later, onError }: Ctx) => {
  const pub = await ioredisFor(gw, id, onError);
  const sub = pub.duplicate();
  sub.on("error", onError);
  later(() => closeIoredis(pub));
  later(() => closeIoredis(sub));
  return { pub, sub };
};
const nodeRedisPair = async ({ gw, id, later, onError }: Ctx) => {
  const pub = await nodeRedisFor(gw, id, onError);
  const sub = pub.duplicate();
  sub.on("error", onError);
  await sub.connect();
  later(() => closeNodeRedis(pub));
  later(() => closeNodeRedis(sub));
  return { pub, sub };
};

const variants: Record<string, AdapterFor> = {
  async ioredis(ctx, key) {
    const { pub, sub } = await ioredisPair(ctx);
    return createAdapter(pub, sub, { key });
  },
  async "node-redis"(ctx, key) {
    const { pub, sub } = await nodeRedisPair(ctx);
    return createAdapter(pub, sub, { key });
  },
  async "ioredis sharded"(ctx, key) {
    const { pub, sub } = await ioredisPair(ctx);
    return createShardedAdapter(pub, sub, { channelPrefix: key });
  },
  async "node-redis sharded"(ctx, key) {
    const { pub, sub } = await nodeRedisPair(ctx);
    return createShardedAdapter(pub, sub, { channelPrefix: key });
  },
};

async function listen(adapter: Adapter, later: Cleanup): Promise<{ io: Server; url: string }> {
  const http = createServer();
  const io = new Server(http, { adapter });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  later(() => new Promise((r) => io.close(() => r(undefined))));
  return { io, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` };
}

interface Sample {
  perS: number;
  p50: number;
  p99: number;
  sent: number;
  lost: number;
  disorder: number;
  errors: number;
  rotations: number;
  expiryCloses: number;
  refusedAuths: number;
}

async function scenario(gw: Gateway, adapterFor: AdapterFor, mode: Mode): Promise<Sample> {
  const cleanups: (() => unknown)[] = [];
  const later: Cleanup = (fn) => void cleanups.push(fn);
  const a = await identity(gw, mode);
  const b = await identity(gw, mode);
  later(() => a.close());
  later(() => b.close());
  try {
    const key = `sio-${randomUUID()}`;
    let errors = 0;
    const unhandledBefore = unhandled.count;
    const onError = () => void (errors += 1);
    const serverA = await listen(await adapterFor({ gw, id: a, later, onError }, key), later);
    const serverB = await listen(await adapterFor({ gw, id: b, later, onError }, key), later);
    const client = connectClient(serverB.url, { transports: ["websocket"] });
    later(() => client.close());
    client.on("connect_error", onError);
    client.on("disconnect", onError);
    await new Promise<void>((resolve) => client.once("connect", () => resolve()));
    // The adapters subscribe asynchronously: broadcast until one gets through before counting.
    const probeSeen = new Promise<void>((resolve) => client.once("probe", () => resolve()));
    const probing = setInterval(() => serverA.io.emit("probe"), 50);
    await probeSeen;
    clearInterval(probing);

    const latencies: number[] = [];
    let measuring = false;
    let inWindow = 0;
    let sent = 0;
    let received = 0;
    let next = 0;
    let disorder = 0;
    let seen = new Uint8Array(1 << 20); // receipts by sequence number, grown as needed
    let wake: (() => void) | undefined;
    client.on("seq", (n: number, t: number) => {
      if (n >= seen.length) {
        const grown = new Uint8Array(Math.max(seen.length * 2, n + 1));
        grown.set(seen);
        seen = grown;
      }
      if (seen[n]) {
        disorder += 1;
        return;
      }
      seen[n] = 1;
      received += 1;
      if (n !== next) disorder += 1;
      next = n + 1;
      if (measuring) {
        latencies.push(performance.now() - t);
        inWindow += 1;
      }
      const w = wake;
      wake = undefined;
      w?.();
    });
    let stop = false;
    const sender = (async () => {
      while (!stop) {
        while (!stop && sent - received < windowSize) serverA.io.emit("seq", sent++, performance.now());
        // Wait for a receipt (or 1 s, so that lost messages can't stall the loop for good).
        let timer: NodeJS.Timeout | undefined;
        await new Promise<void>((resolve) => {
          wake = resolve;
          timer = setTimeout(resolve, 1000);
        });
        clearTimeout(timer);
      }
    })();
    await new Promise((r) => setTimeout(r, WARMUP_S * 1000));
    const rotationsBefore = a.rotations + b.rotations;
    measuring = true;
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    measuring = false;
    const elapsed = performance.now() - t0;
    const rotations = a.rotations + b.rotations - rotationsBefore;
    stop = true;
    wake?.();
    await sender;
    const drainUntil = performance.now() + DRAIN_MS;
    while (received < sent && performance.now() < drainUntil) await new Promise((r) => setTimeout(r, 20));
    return {
      perS: (inWindow / elapsed) * 1000,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      sent,
      lost: sent - received,
      disorder,
      errors: errors + unhandled.count - unhandledBefore,
      rotations,
      expiryCloses: a.expiryCloses + b.expiryCloses,
      refusedAuths: a.refusedAuths + b.refusedAuths,
    };
  } finally {
    for (const fn of cleanups.reverse()) await bounded(fn);
  }
}

const selected = selectVariants(variants, 3);
const control = flag("control");
const { results, load } = await runRounds({
  variants: selected,
  rounds,
  control,
  scenario,
  describe: (sample) =>
    `${Math.round(sample.perS)} delivered/s, p99 ${sample.p99.toFixed(2)} ms, ` +
    `${sample.lost} lost, ${sample.errors} errors, ${sample.rotations} rotations`,
});
console.log(
  `Socket.IO Redis adapter through the local Entra gateway: server A broadcasts, a client of server B receives; ` +
    `at most ${windowSize} broadcasts in flight, ${seconds} s per scenario after a ${WARMUP_S} s warm-up, ` +
    `${rounds} interleaved round(s), median (min-max); rotating tokens live ${LIFETIME_MS} ms; ${new Date().toISOString()}`,
);
console.log(load);
printArmsTable<Sample>({
  first: "adapter",
  rate: { header: "delivered/s", key: "perS" },
  totals: [
    { header: "sent", key: "sent" },
    { header: "lost", key: "lost" },
    { header: "dup/disorder", key: "disorder" },
    { header: "errors", key: "errors" },
    { header: "rotations", key: "rotations" },
    { header: "expiry closes", key: "expiryCloses" },
    { header: "AUTH refused", key: "refusedAuths" },
  ],
  variants: selected.map(([v]) => v),
  control,
  results,
});
console.log(
  "rot/static: per-round ratio rotating over static (delivered/s above 1 and latencies below 1 favour rotation); " +
    "control/static (with --control): a second static arm over the first, the run's noise floor. " +
    "sent, lost, dup/disorder, errors, rotations (servers A + B), expiry closes and AUTH refused: totals over all rounds.",
);
finishRun(
  [...results.values()]
    .flat()
    .some((s) => s.lost > 0 || s.disorder > 0 || s.errors > 0 || s.expiryCloses > 0),
  "a broadcast was lost, duplicated or reordered, or a connection was closed for an expired token",
);
