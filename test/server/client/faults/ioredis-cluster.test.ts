/**
 * Fault matrix, ioredis Cluster (`connectIoredisCluster`, 3 shards) against the local Entra gateway
 * in cluster mode with 2.5 s tokens, including the cluster's own subscriber (`cluster.subscribe`,
 * RESP3 by default in ioredis 6, re-AUTHed in place). Token time is a fake clock shared by the token
 * managers and the gateway (`ctx.time`); sockets, redis-server and ioredis's own timers stay real.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { inspect } from "node:util";
import type { Cluster } from "ioredis";
import { JWT, OBJECT_ID, TIMING } from "../integration.ts";
import {
  IOREDIS_CLUSTER,
  LIMITED_ID,
  cleanupsFor,
  errorsOf,
  eventWithin,
  faultMatrix,
  flows,
  gatewayStatsFrom,
  losslessAcrossRotations,
  rows,
  settleWithin,
  sleep,
  type Cleanup,
} from "./kit.ts";
import type { EntraAuth } from "../../../../src/client/index.ts";

const SPREAD_MS = TIMING.reauthSpreadMs ?? 250;

faultMatrix(IOREDIS_CLUSTER, (ctx) => {
  rows.firstAuthRefused(ctx, { node: 0 });
  rows.credentialSlowStale(ctx);

  test("util.inspect of the cluster and its nodes never shows the token (fault 7)", async (t) => {
    const { auth, client: cluster } = await ctx.setup(t);
    for (const depth of [2, 6, Infinity]) assert.doesNotMatch(inspect(cluster, { depth }), JWT);
    for (const node of cluster.nodes("all")) assert.doesNotMatch(inspect(node, { depth: 8 }), JWT);
    await ctx.time.rotations(auth, 1);
    assert.doesNotMatch(inspect(cluster, { depth: 8 }), JWT, "after a rotation too");
  });

  rows.credentialFailsPastExpiry(ctx, {
    client: { maxRedirections: 2, retryDelayOnClusterDown: 100 },
    // Until the cluster noticed (its nodes reconnecting) and the slots refresh settled: ioredis's own
    // timers (reconnects, slots refresh), so real time.
    closed: () => sleep(1500),
  });
  rows.frontEndDown(ctx, { node: 1 });
  rows.authSlowed(ctx);
  rows.inFlightAtExpiry(ctx);
  rows.backendPaused(ctx, "ioredis resends the unanswered ones after reconnecting", (results) => {
    assert.deepEqual(errorsOf(results).map(String), [], "every command succeeded");
  });

  test("BLPOP 0 across expiry: the value arrives (resent after the node reconnects)", async (t) => {
    const { cleanup, auth, client: blocker } = await ctx.setup(t);
    const pusher = await ctx.connect(auth, cleanup);
    const key = `{a}:q:${randomUUID()}`;
    const popped = settleWithin(blocker.blpop(key, 0), 20_000);
    const stats = gatewayStatsFrom(ctx.gw);
    // Two token lives: each refresh, its re-AUTHs (the blocked connection can't re-AUTH), then exp.
    for (let i = 0; i < 2; i++) {
      const expiresAt = ctx.time.expiresAt(auth);
      await ctx.time.refresh(auth);
      await ctx.time.advance(SPREAD_MS + 1);
      await ctx.time.past(expiresAt);
    }
    // The blocked connection can't re-AUTH (its AUTH waits behind BLPOP): the gateway closed it.
    assert.ok(stats().closedForExpiry >= 1, "the blocked connection was closed for expiry meanwhile");
    await pusher.lpush(key, "job");
    const r = await popped;
    assert.ok("ok" in r && r.ok, `BLPOP settled with the value: ${JSON.stringify(r)}`);
    assert.deepEqual(r.value, [key, "job"]);
  });

  test("clusterRetryStrategy giving up: the cluster ends; connect() again and it stays authenticated across rotations", async (t) => {
    const {
      auth,
      client: cluster,
      roundTrip,
    } = await ctx.setup(t, { client: { clusterRetryStrategy: () => null } });
    await roundTrip();
    const ended = eventWithin(cluster, "end");
    await ctx.gw.restartFrontEnd({ downForMs: 500 });
    await ended;
    await assert.rejects(
      cluster.get("{a}k"),
      /Connection is closed|closed/i,
      "the app sees the closed cluster",
    );
    await cluster.connect();
    const stats = gatewayStatsFrom(ctx.gw);
    await ctx.time.rotations(auth, 2);
    await roundTrip();
    assert.equal(stats().closedForExpiry, 0, "every node re-AUTHed after the manual reconnect");
    assert.equal(stats().authRefused, 0);
  });

  /** A publisher and the cluster's own subscriber (`cluster.subscribe`), both from connectIoredisCluster. */
  async function pubSub(auth: EntraAuth, cleanup: Cleanup) {
    const pub = await ctx.connect(auth, cleanup);
    const sub = await ctx.connect(auth, cleanup);
    const received = new Set<string>();
    sub.on("message", (_c: string, m: string) => received.add(m));
    const publish = (channel: string, message: string) => pub.publish(channel, message);
    return { pub, sub, received, publish };
  }
  const subscriberConnection = (sub: Cluster) =>
    (
      sub as unknown as { subscriber?: { getInstance(): { status: string } | null } }
    ).subscriber?.getInstance();

  test("subscriber (cluster.subscribe): its connection ends for good (every front end down): ioredis picks a new one and resubscribes; messages flow, lossless across rotations after", async (t) => {
    const cleanup = cleanupsFor(t);
    const auth = ctx.authOn(ctx.gw.credential(OBJECT_ID));
    cleanup(() => auth.close());
    const { sub, received, publish } = await pubSub(auth, cleanup);
    await sub.subscribe("news");
    await flows(publish, "news", received, "messages before");
    const before = subscriberConnection(sub);
    // Every node down: the subscriber connection (ioredis gives it retryStrategy null) ends.
    await ctx.gw.restartFrontEnd({ downForMs: 1500 });
    await flows(publish, "news", received, "messages after the loss", 20_000);
    assert.notEqual(subscriberConnection(sub), before, "a new subscriber connection replaced the ended one");
    const stats = gatewayStatsFrom(ctx.gw);
    await losslessAcrossRotations(ctx.time, auth, 2, publish, ["news"], received);
    assert.equal(stats().closedForExpiry, 0, "the new subscriber connection re-AUTHs in place");
  });

  test("subscriber (cluster.subscribe): refresh while the front end is down: resubscribed after; messages flow and it keeps re-AUTHing", async (t) => {
    const cleanup = cleanupsFor(t);
    const auth = ctx.authOn(ctx.gw.credential(OBJECT_ID));
    cleanup(() => auth.close());
    const { sub, received, publish } = await pubSub(auth, cleanup);
    await sub.subscribe("news2");
    await flows(publish, "news2", received, "messages before");
    // Down across a whole token life: the refresh (and its re-AUTHs) fall while disconnected.
    await ctx.time.outage(ctx.gw, auth, 1);
    await flows(publish, "news2", received, "messages after the outage", 20_000);
    const stats = gatewayStatsFrom(ctx.gw);
    await losslessAcrossRotations(ctx.time, auth, 2, publish, ["news2"], received);
    assert.equal(stats().closedForExpiry, 0, "no connection closed for expiry after the outage");
  });

  test("subscriber (cluster.subscribe): a channel refused with NOPERM rejects and is not kept; the others flow, lossless across rotations and a reconnect", async (t) => {
    const cleanup = cleanupsFor(t);
    const auth = ctx.authOn(ctx.gw.credential(LIMITED_ID));
    cleanup(() => auth.close());
    const { sub, received, publish } = await pubSub(auth, cleanup);
    await sub.subscribe("ok:a");
    const error = await sub.subscribe("secret", "ok:b").then(
      () => undefined,
      (e: unknown) => e,
    );
    t.diagnostic(`subscribe("secret", "ok:b"): ${String(error)}`);
    assert.ok(error instanceof Error, "subscribing to a refused channel rejects");
    assert.match(error.message, /NOPERM|secret/, "the error says why");
    // ok:b may have been refused with it (one SUBSCRIBE command): subscribe it alone.
    await sub.subscribe("ok:b");
    await losslessAcrossRotations(ctx.time, auth, 2, publish, ["ok:a", "ok:b"], received);
    // A reconnect resubscribes what is subscribed: the refused channel must not break it.
    await ctx.gw.restartFrontEnd({ downForMs: 300 });
    await flows(publish, "ok:a", received, "ok:a after a reconnect", 20_000);
    await flows(publish, "ok:b", received, "ok:b after a reconnect", 20_000);
  });
});
