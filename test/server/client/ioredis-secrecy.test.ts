/**
 * No serialisation of what the client hands out holds the token (issue 19 item 3): `JSON.stringify`
 * and `util.inspect` (hidden properties included) of every ioredis client, its options and its
 * handshake state (`condition`), of derived connections (`duplicate()`, a duplicate's duplicate, the
 * subscriber's connection and its duplicate), of a Cluster, its options, nodes, subscriber and
 * duplicate; and the same for node-redis clients, duplicates and clusters (which keep it private).
 * A serialisation that throws (node-redis's circular structures) must not show it either.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { inspect } from "node:util";
import type { Redis } from "ioredis";
import {
  connectIoredis,
  connectIoredisCluster,
  connectIoredisSubscriber,
  connectNodeRedis,
  connectNodeRedisCluster,
  createEntraAuth,
  type EntraAuth,
} from "../../../src/client/index.ts";
import { clusterSubscriber } from "../../../src/client/ioredis-internals.ts";
import { startLocalEntraRedis, type LocalEntraRedis } from "../../../src/testing/index.ts";

const OID = "11111111-2222-3333-4444-555555555555";

function serialisations(value: unknown): string[] {
  const out: string[] = [];
  try {
    out.push(JSON.stringify(value) ?? "");
  } catch (err) {
    out.push(String(err));
  }
  out.push(inspect(value, { depth: 10 }), inspect(value, { depth: 10, showHidden: true }));
  return out;
}

function assertNoToken(auth: EntraAuth, seen: Record<string, unknown>): void {
  const token = auth.current()?.password;
  assert.ok(token && token.length > 20);
  const leaks = Object.entries(seen)
    .filter(([, value]) => serialisations(value).some((text) => text.includes(token)))
    .map(([name]) => name);
  assert.deepEqual(leaks, [], "these serialisations hold the token");
}

async function ready(redis: Redis): Promise<void> {
  if (redis.status !== "ready") await once(redis, "ready");
}

async function gateway(cluster: boolean): Promise<{ gw: LocalEntraRedis; auth: EntraAuth }> {
  const gw = await startLocalEntraRedis(cluster ? { cluster: { shards: 3 } } : {});
  await gw.assign(OID, "Data Owner");
  const auth = createEntraAuth({ credential: gw.credential(OID), logger: { warn: () => undefined } });
  return { gw, auth };
}

describe("single endpoint", () => {
  let gw: LocalEntraRedis;
  let auth: EntraAuth;
  before(async () => ({ gw, auth } = await gateway(false)));
  after(async () => {
    auth.close();
    await gw.stop();
  });

  test("ioredis: the client, its options and condition, every derived connection", async () => {
    const tls = { ca: gw.ca };
    const redis = await connectIoredis(auth, { host: gw.host, port: gw.port, tls });
    const dup = redis.duplicate();
    const dupOfDup = dup.duplicate();
    const sub = await connectIoredisSubscriber(auth, { host: gw.host, port: gw.port, tls });
    const subDup = sub.connection.duplicate();
    try {
      await Promise.all([ready(dup), ready(dupOfDup), ready(subDup)]);
      const seen: Record<string, unknown> = { sub, logLine: { redis, msg: "hello" } };
      for (const [name, r] of Object.entries({
        redis,
        dup,
        dupOfDup,
        subConnection: sub.connection,
        subDup,
      })) {
        seen[name] = r;
        seen[`${name}.options`] = r.options;
        seen[`${name}.condition`] = (r as unknown as { condition: unknown }).condition;
      }
      assertNoToken(auth, seen);
    } finally {
      for (const r of [redis, dup, dupOfDup, subDup]) r.disconnect();
      await sub.quit();
    }
  });

  test("node-redis: the client, its options, its duplicate", async () => {
    const client = await connectNodeRedis(auth, { socket: { host: gw.host, port: gw.port, ca: gw.ca } });
    const dup = client.duplicate();
    await dup.connect();
    try {
      assertNoToken(auth, { client, options: client.options, dup, dupOptions: dup.options });
    } finally {
      client.destroy();
      dup.destroy();
    }
  });
});

describe("cluster", () => {
  let gw: LocalEntraRedis;
  let auth: EntraAuth;
  before(async () => ({ gw, auth } = await gateway(true)));
  after(async () => {
    auth.close();
    await gw.stop();
  });

  test("ioredis Cluster: the cluster, its options, every node, its subscriber, its duplicate", async () => {
    const cluster = await connectIoredisCluster(auth, [{ host: gw.host, port: gw.port }], {
      redisOptions: { tls: { ca: gw.ca } },
    });
    cluster.on("error", () => undefined);
    const copy = cluster.duplicate();
    try {
      await cluster.subscribe("secrecy");
      if (copy.status !== "ready") await once(copy, "ready");
      const seen: Record<string, unknown> = {
        cluster,
        options: cluster.options,
        redisOptions: cluster.options.redisOptions,
        copy,
        copyOptions: copy.options,
        subscriber: clusterSubscriber(cluster),
      };
      assert.ok(clusterSubscriber(cluster), "the cluster's own subscriber connection exists");
      for (const [i, node] of [...cluster.nodes("all"), ...copy.nodes("all")].entries()) {
        seen[`node ${i}`] = node;
        seen[`node ${i}.options`] = node.options;
        seen[`node ${i}.condition`] = (node as unknown as { condition: unknown }).condition;
      }
      assertNoToken(auth, seen);
    } finally {
      cluster.disconnect();
      copy.disconnect();
    }
  });

  test("node-redis cluster: the cluster and its options", async () => {
    const cluster = await connectNodeRedisCluster(auth, {
      rootNodes: [{ socket: { host: gw.host, port: gw.port } }],
      defaults: { socket: { tls: true, ca: gw.ca } },
    });
    try {
      assertNoToken(auth, { cluster, options: (cluster as unknown as { options: unknown }).options });
    } finally {
      cluster.destroy();
    }
  });
});
