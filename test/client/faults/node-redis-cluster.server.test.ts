/**
 * Fault matrix, node-redis cluster (`connectNodeRedisCluster`, 3 shards, RESP3) against the local
 * Entra gateway in cluster mode with 2.5 s tokens, including the cluster's own pub/sub connection
 * (`cluster.subscribe`).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { OBJECT_ID } from "../integration.ts";
import type { EntraAuth } from "../../../src/client/index.ts";
import {
  LIMITED_ID,
  NODE_REDIS_CLUSTER,
  authOn,
  cleanupsFor,
  errorsOf,
  eventsOf,
  faultMatrix,
  flows,
  gatewayStatsFrom,
  lossless,
  settleWithin,
  summary,
  assertAllSettled,
  refreshCounter,
  rotations,
  rows,
  sleep,
  type Cleanup,
} from "./kit.ts";

faultMatrix(NODE_REDIS_CLUSTER, (ctx) => {
  rows.outagePastExpiry(ctx);
  rows.firstAuthRefused(ctx, { node: 0 });
  rows.credentialSlowStale(ctx);
  rows.credentialFailsPastExpiry(ctx);
  rows.frontEndDown(ctx, { node: 1 });
  rows.authSlowed(ctx);
  rows.inFlightAtExpiry(ctx);
  rows.backendPaused(ctx, "the unanswered ones reject (node-redis does not resend)", (results) => {
    for (const e of errorsOf(results)) {
      assert.match(String(e), /Socket closed unexpectedly|closed/i, "the documented rejection");
    }
  });

  test("reconnectStrategy giving up on the node connections: commands to those nodes reject (`The client is closed`), none hangs; a new cluster connects and re-AUTHs", async (t) => {
    const { cleanup, auth, client, roundTrip } = await ctx.setup(t, {
      client: { socket: { reconnectStrategy: false } },
    });
    await roundTrip();
    await ctx.gw.restartFrontEnd({ downForMs: 300 });
    await sleep(1000);
    const results = await Promise.all(
      ctx.kind.tags.map((tag) => settleWithin(client.set(`${tag}k`, "v"), 10_000)),
    );
    assertAllSettled(results);
    const errors = errorsOf(results);
    t.diagnostic(`${errors.length} of ${results.length} rejected: ${summary(errors)}`);
    assert.ok(errors.length > 0, "the nodes whose strategy gave up stay closed, as the app asked");
    for (const e of errors) assert.match(String(e), /client is closed/i);
    // The way back is a new cluster on the same token manager: bound like the first.
    const fresh = await ctx.connect(auth, cleanup);
    const stats = gatewayStatsFrom(ctx.gw);
    await rotations(auth, 2);
    await ctx.roundTrip(fresh);
    assert.equal(stats().closedForExpiry, 0, "the new cluster's connections re-AUTH");
  });

  /** A publisher and a subscriber cluster, both from connectNodeRedisCluster. */
  async function pubSub(auth: EntraAuth, cleanup: Cleanup) {
    const pub = await ctx.connect(auth, cleanup);
    const sub = await ctx.connect(auth, cleanup);
    const received = new Set<string>();
    const listener = (m: string) => received.add(m);
    const publish = (channel: string, message: string) => pub.publish(channel, message);
    return { pub, sub, received, listener, publish };
  }

  test("subscriber (cluster.subscribe): its connection drops (every front end down 1.5 s): node-redis reconnects and resubscribes; lossless across rotations after", async (t) => {
    const cleanup = cleanupsFor(t);
    const auth = authOn(ctx.gw.credential(OBJECT_ID), ctx.capture);
    cleanup(() => auth.close());
    const { sub, received, listener, publish } = await pubSub(auth, cleanup);
    await sub.subscribe("news", listener);
    await flows(publish, "news", received, "messages before");
    await ctx.gw.restartFrontEnd({ downForMs: 1500 });
    await flows(publish, "news", received, "messages after the loss", 20_000);
    const stats = gatewayStatsFrom(ctx.gw);
    const refreshes = refreshCounter(auth);
    await lossless(publish, ["news"], received, () => refreshes.count >= 2);
    await sleep(600);
    assert.equal(stats().closedForExpiry, 0, "the pub/sub connection re-AUTHs in place after reconnecting");
  });

  test("subscriber (cluster.subscribe): refresh while the front end is down: no stale re-AUTH; messages flow again and it keeps re-AUTHing", async (t) => {
    const cleanup = cleanupsFor(t);
    const auth = authOn(ctx.gw.credential(OBJECT_ID), ctx.capture);
    cleanup(() => auth.close());
    const { sub, received, listener, publish } = await pubSub(auth, cleanup);
    await sub.subscribe("news2", listener);
    await flows(publish, "news2", received, "messages before");
    const from = ctx.capture.things.length;
    await ctx.gw.restartFrontEnd({ downForMs: 3000 });
    await flows(publish, "news2", received, "messages after the outage", 20_000);
    const stats = gatewayStatsFrom(ctx.gw);
    const refreshes = refreshCounter(auth);
    await lossless(publish, ["news2"], received, () => refreshes.count >= 2);
    await sleep(600);
    assert.equal(stats().closedForExpiry, 0);
    assert.deepEqual(eventsOf(ctx.capture, "reauthFailed", from), [], "no re-AUTH refused");
  });

  test("subscriber (cluster.subscribe): a channel refused with NOPERM rejects and is not kept; the others flow, lossless across rotations and a reconnect", async (t) => {
    const cleanup = cleanupsFor(t);
    const auth = authOn(ctx.gw.credential(LIMITED_ID), ctx.capture);
    cleanup(() => auth.close());
    const { sub, received, listener, publish } = await pubSub(auth, cleanup);
    await sub.subscribe("ok:a", listener);
    const error = await sub.subscribe(["secret", "ok:b"], listener).then(
      () => undefined,
      (e: unknown) => e,
    );
    t.diagnostic(`subscribe(["secret", "ok:b"]): ${String(error)}`);
    assert.ok(error instanceof Error, "subscribing to a refused channel rejects");
    assert.match(error.message, /NOPERM|secret/, "the error says why");
    await sub.subscribe("ok:b", listener);
    const refreshes = refreshCounter(auth);
    await lossless(publish, ["ok:a", "ok:b"], received, () => refreshes.count >= 2);
    await ctx.gw.restartFrontEnd({ downForMs: 300 });
    await flows(publish, "ok:a", received, "ok:a after a reconnect", 20_000);
    await flows(publish, "ok:b", received, "ok:b after a reconnect", 20_000);
  });
});
