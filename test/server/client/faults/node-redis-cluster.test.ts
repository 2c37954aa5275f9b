/**
 * Fault matrix, node-redis cluster (`connectNodeRedisCluster`, 3 shards, RESP3) against the local
 * Entra gateway in cluster mode with 2.5 s tokens, including the cluster's own pub/sub connection
 * (`cluster.subscribe`). Token time is a fake clock shared by the token managers and the gateway
 * (`ctx.time`); sockets, redis-server and node-redis's own timers (reconnectStrategy) stay real.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { EntraAuth } from "../../../../src/client/index.ts";
import {
  NODE_REDIS_CLUSTER,
  errorsOf,
  faultMatrix,
  gatewayStatsFrom,
  settleWithin,
  summary,
  assertAllSettled,
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
    // node-redis's own reconnect attempts (real time) find the front end back or give up meanwhile.
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
    await ctx.time.rotations(auth, 2);
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

  rows.subscriber(ctx, "cluster.subscribe", pubSub);
});
