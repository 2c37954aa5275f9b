/**
 * Pub/sub messages lost (and duplicated) across token rotations, per kind of subscriber, all at the
 * same time on one stream of sequence-numbered publishes (so every kind sees the same load):
 *   - node-redis RESP2 (`connectNodeRedis(auth, { RESP: 2 })`): node-redis skips the re-AUTH of a RESP2
 *     connection with subscriptions, so the server closes it at each expiry and node-redis
 *     resubscribes after reconnecting; messages published in between are lost;
 *   - ioredis Cluster's built-in subscriber (`cluster.subscribe`) with `protocol: 2` (Redis refuses AUTH
 *     in RESP2 subscriber mode: closed at expiry, ioredis re-creates it);
 *   - the references that should lose nothing: node-redis RESP3 (re-AUTH in place), ioredis Cluster's
 *     subscriber on RESP3 (ioredis 6's default), and the make-before-break subscribers
 *     `connectIoredisSubscriber` and `connectNodeRedisSubscriber` with `RESP: 2`.
 * Each kind has its own identity, so the gateway's `expired` events (connections closed for expiry)
 * are counted per kind. Not a test: numbers only.
 * Run: `node bench/resp2-pubsub-loss.ts [rotations=15] [intervalMs=4]`.
 */
import { loadavg } from "node:os";
import { startLocalEntraRedis } from "../src/testing/index.ts";
import {
  connectIoredis,
  connectIoredisCluster,
  connectIoredisSubscriber,
  connectNodeRedis,
  connectNodeRedisSubscriber,
  createEntraAuth,
  type EntraAuth,
} from "../src/client/index.ts";

const rotations = Number(process.argv[2] ?? 15);
const intervalMs = Number(process.argv[3] ?? 4);
const LIFETIME_MS = 2500;
const TIMING = { refreshMarginMs: 1000, refreshJitterMs: 300, reauthSpreadMs: 250 };
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

type Gateway = Awaited<ReturnType<typeof startLocalEntraRedis>>;

interface Kind {
  name: string;
  where: "single" | "cluster";
  oid: string;
  auth?: EntraAuth;
  seen: Map<number, number>;
  closedForExpiry: number;
  tokens: number;
  close?: () => Promise<unknown>;
}

const oid = (i: number) => `0b5f0a3e-3333-4c3d-8e9f-${String(i).padStart(12, "0")}`;

async function main(): Promise<void> {
  const started = new Date().toISOString();
  const loadBefore = loadavg();
  const single = await startLocalEntraRedis({ tokenLifetimeMs: LIFETIME_MS });
  const cluster = await startLocalEntraRedis({ tokenLifetimeMs: LIFETIME_MS, cluster: { shards: 3 } });
  const kinds: Kind[] = [
    "node-redis RESP2 (connectNodeRedis, RESP: 2)",
    "ioredis Cluster cluster.subscribe, protocol: 2",
    "node-redis RESP3 (connectNodeRedis default)",
    "ioredis Cluster cluster.subscribe, RESP3 (ioredis 6 default)",
    "connectIoredisSubscriber (make-before-break)",
    "connectNodeRedisSubscriber RESP: 2 (make-before-break)",
  ].map((name, i) => ({
    name,
    where: name.includes("Cluster") ? "cluster" : "single",
    oid: oid(i + 1),
    seen: new Map(),
    closedForExpiry: 0,
    tokens: 0,
  }));
  const byOid = new Map(kinds.map((k) => [k.oid, k]));
  for (const gw of [single, cluster]) {
    gw.on("expired", (e) => {
      const k = e.objectId === undefined ? undefined : byOid.get(e.objectId);
      if (k) k.closedForExpiry += 1;
    });
  }
  const authFor = async (gw: Gateway, id: string) => {
    await gw.assign(id, "Data Owner");
    return createEntraAuth({ credential: gw.credential(id), ...TIMING, logger: { warn: () => undefined } });
  };
  const channel = "loss";
  const onMessage = (k: Kind) => (message: string) => {
    const n = Number(message);
    k.seen.set(n, (k.seen.get(n) ?? 0) + 1);
  };
  const nodeTls = (gw: Gateway) => ({
    host: gw.host,
    port: gw.port,
    tls: true as const,
    ca: gw.ca,
    reconnectStrategy: () => 50,
  });

  for (const k of kinds) {
    const gw = k.where === "single" ? single : cluster;
    const auth = await authFor(gw, k.oid);
    k.auth = auth;
    auth.on("token", () => (k.tokens += 1));
    if (k.name.startsWith("connectNodeRedisSubscriber")) {
      const sub = await connectNodeRedisSubscriber(auth, { socket: nodeTls(gw), RESP: 2 });
      await sub.subscribe(channel, onMessage(k));
      k.close = () => sub.quit();
    } else if (k.name.startsWith("node-redis")) {
      const client = await connectNodeRedis(auth, {
        socket: nodeTls(gw),
        // The helper's option type is RESP3's (it warns at run time when given 2, as here).
        ...(k.name.includes("RESP2") ? ({ RESP: 2 } as unknown as { RESP: 3 }) : {}),
      });
      client.on("error", () => undefined);
      await client.subscribe(channel, onMessage(k));
      k.close = async () => client.destroy();
    } else if (k.name.startsWith("ioredis Cluster")) {
      const c = await connectIoredisCluster(auth, [{ host: gw.host, port: gw.port }], {
        redisOptions: {
          tls: { ca: gw.ca },
          ...(k.name.includes("protocol: 2") ? { protocol: 2 as const } : {}),
        },
      });
      c.on("error", () => undefined);
      c.on("node error", () => undefined);
      const handler = onMessage(k);
      c.on("message", (_ch: string, m: string) => handler(m));
      await c.subscribe(channel);
      k.close = async () => c.disconnect();
    } else {
      const sub = await connectIoredisSubscriber(auth, { host: gw.host, port: gw.port, tls: { ca: gw.ca } });
      sub.on("error", () => undefined);
      const handler = onMessage(k);
      sub.on("message", (_ch, m) => handler(m));
      await sub.subscribe(channel);
      k.close = () => sub.quit();
    }
  }

  // Publishers with identities of their own, bound like any app's.
  const pubAuthSingle = await authFor(single, oid(90));
  const pubAuthCluster = await authFor(cluster, oid(91));
  const pubSingle = await connectIoredis(pubAuthSingle, {
    host: single.host,
    port: single.port,
    tls: { ca: single.ca },
  });
  const pubCluster = await connectIoredisCluster(
    pubAuthCluster,
    [{ host: cluster.host, port: cluster.port }],
    {
      redisOptions: { tls: { ca: cluster.ca } },
    },
  );
  pubSingle.on("error", () => undefined);
  pubCluster.on("error", () => undefined);

  const sent = { single: new Set<number>(), cluster: new Set<number>() };
  let publishErrors = 0;
  for (const k of kinds) k.tokens = 0;
  const t0 = Date.now();
  for (let i = 0; Math.min(...kinds.map((k) => k.tokens)) < rotations; i++) {
    const [a, b] = await Promise.allSettled([
      pubSingle.publish(channel, String(i)),
      pubCluster.publish(channel, String(i)),
    ]);
    if (a.status === "fulfilled") sent.single.add(i);
    else publishErrors += 1;
    if (b.status === "fulfilled") sent.cluster.add(i);
    else publishErrors += 1;
    await sleep(intervalMs);
  }
  const runMs = Date.now() - t0;
  const rotated = new Map(kinds.map((k) => [k, k.tokens]));
  await sleep(2000); // let the last messages arrive

  const rows = kinds.map((k) => {
    const s = k.where === "single" ? sent.single : sent.cluster;
    let received = 0;
    let duplicates = 0;
    let lost = 0;
    for (const n of s) {
      const c = k.seen.get(n) ?? 0;
      if (c === 0) lost += 1;
      else received += 1;
      if (c > 1) duplicates += c - 1;
    }
    return {
      kind: k.name,
      sent: s.size,
      received,
      lost,
      duplicates,
      rotations: rotated.get(k),
      "closed for expiry": k.closedForExpiry,
    };
  });
  console.log(
    `started ${started}; node ${process.version}; ${rotations} rotations of ${LIFETIME_MS} ms tokens (refresh margin ${TIMING.refreshMarginMs} ms), one publish per gateway every ~${intervalMs} ms for ${(runMs / 1000).toFixed(1)} s; ${publishErrors} publishes failed; load average before ${loadBefore.map((l) => l.toFixed(2)).join(" ")}, after ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  console.table(rows);

  for (const k of kinds) {
    await Promise.race([k.close?.().catch(() => undefined), sleep(3000)]);
    k.auth?.close();
  }
  pubSingle.disconnect();
  pubCluster.disconnect();
  pubAuthSingle.close();
  pubAuthCluster.close();
  await single.stop();
  await cluster.stop();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
