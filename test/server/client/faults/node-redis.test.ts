/**
 * Fault matrix, node-redis (`connectNodeRedis`, RESP3) against the local Entra gateway with 2.5 s
 * tokens: outages that queue re-AUTHs, a credential hang past expiry, the front end down and back,
 * AUTH replies slowed, the backend paused, `reconnectStrategy` giving up, and a subscriber
 * (`client.duplicate()` + `subscribe`). Blocking commands across expiry: node-redis-blocking.test.ts.
 * Token time is a fake clock shared by the token managers and the gateway (`ctx.time`); sockets,
 * redis-server and node-redis's own timers (reconnectStrategy) stay real.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { OBJECT_ID, nextEvent } from "../integration.ts";
import type { EntraAuth } from "../../../../src/client/index.ts";
import {
  NODE_REDIS,
  assertExpiredErrors,
  cleanupsFor,
  errorsOf,
  eventWithin,
  faultMatrix,
  flows,
  gatewayStatsFrom,
  losslessAcrossRotations,
  recovers,
  rows,
  settleWithin,
  type Cleanup,
} from "./kit.ts";

faultMatrix(NODE_REDIS, (ctx) => {
  rows.outagePastExpiry(ctx);
  rows.firstAuthRefused(ctx);
  rows.credentialSlowStale(ctx);

  test("credential hang (8 s, acquireTimeoutMs 30 s) past expiry: EntraTokenExpiredError meanwhile, prompt recovery (fault 6)", async (t) => {
    const { credential, auth, client, roundTrip } = await ctx.setup(t, {
      authOptions: { acquireTimeoutMs: 30_000 },
    });
    await roundTrip();
    credential.setBehaviour({ mode: "hang" });
    const hangStart = ctx.time.now();
    await ctx.time.until(nextEvent(auth, "expired", 10_000), "expired");
    const errors: unknown[] = [];
    // A command every 4 s of clock time until the hang has lasted 8 s. Each waits on node-redis's own
    // connect timeout (real time, about 5 s) while the reconnect's AUTH waits for a token: they are
    // issued without waiting for the previous one to settle, then each must settle (none hangs).
    const pending: ReturnType<typeof settleWithin>[] = [];
    while (ctx.time.now() - hangStart < 8000) {
      pending.push(settleWithin(client.get("k"), 12_000));
      await ctx.time.advance(4000);
    }
    for (const r of await Promise.all(pending)) {
      assert.ok(!("hung" in r), "no command hangs");
      if ("ok" in r && !r.ok) errors.push(r.error);
    }
    const healthy = ctx.time.now();
    const refreshed = nextEvent(auth, "token", 15_000);
    credential.setBehaviour({ mode: "ok" });
    // Fake clock: the token comes within 10 s of clock time (a hedged call), not acquireTimeoutMs (30 s).
    await ctx.time.until(refreshed, "a token after the credential recovered", { maxMs: 10_000 });
    await recovers("commands after the credential recovered", roundTrip, 10_000);
    const recoveredIn = ctx.time.now() - healthy;
    t.diagnostic(
      `recovered ${recoveredIn} ms after the credential; ${errors.length} commands failed meanwhile`,
    );
    assert.ok(errors.length > 0);
    assertExpiredErrors(errors);
  });

  rows.credentialFailsPastExpiry(ctx);
  rows.frontEndDown(ctx);
  rows.authSlowed(ctx);
  rows.inFlightAtExpiry(ctx);
  rows.backendPaused(ctx, "the unanswered ones reject (node-redis does not resend)", (results) => {
    for (const e of errorsOf(results)) {
      assert.match(String(e), /Socket closed unexpectedly|closed/i, "the documented rejection");
    }
  });

  for (const [what, strategy] of [
    ["false", () => false],
    ["an Error", () => new Error("giving up")],
  ] as const) {
    test(`reconnectStrategy giving up (returns ${what}): the client closes; connect() again and it stays authenticated across rotations`, async (t) => {
      const { auth, client, roundTrip } = await ctx.setup(t, {
        client: { socket: { reconnectStrategy: strategy } },
      });
      await roundTrip();
      // node-redis emits `terminated` (not `end`) when its reconnectStrategy gives up.
      const ended = eventWithin(client, "terminated");
      await ctx.gw.restartFrontEnd({ downForMs: 300 });
      await ended;
      await assert.rejects(client.get("k"), /closed/i, "the app sees the closed client");
      await client.connect();
      const stats = gatewayStatsFrom(ctx.gw);
      await ctx.time.rotations(auth, 2);
      await roundTrip();
      assert.equal(stats().closedForExpiry, 0, "re-AUTHed after the manual reconnect");
      assert.equal(stats().authRefused, 0);
    });
  }

  /** A publisher and a subscriber made the documented way: `client.duplicate()`, then `subscribe`. */
  async function pubSub(auth: EntraAuth, cleanup: Cleanup, socket: Record<string, unknown> = {}) {
    const pub = await ctx.connect(auth, cleanup, { socket });
    const sub = pub.duplicate();
    sub.on("error", () => undefined);
    cleanup(async () => {
      try {
        sub.destroy();
      } catch {
        // already closed
      }
    });
    await sub.connect();
    const received = new Set<string>();
    const listener = (m: string) => received.add(m);
    const publish = (channel: string, message: string) => pub.publish(channel, message);
    return { pub, sub, received, listener, publish };
  }

  test("subscriber (duplicate + subscribe): its reconnectStrategy gives up: it closes (`terminated`); connect() again resubscribes, and it re-AUTHs", async (t) => {
    const cleanup = cleanupsFor(t);
    const auth = ctx.authOn(ctx.gw.credential(OBJECT_ID));
    cleanup(() => auth.close());
    const { sub, received, listener, publish } = await pubSub(auth, cleanup);
    // The app's strategy on the subscriber only: the publisher keeps reconnecting.
    const giveUp = sub.duplicate({ socket: { ...sub.options?.socket, reconnectStrategy: false } });
    giveUp.on("error", () => undefined);
    cleanup(() => giveUp.destroy());
    await giveUp.connect();
    await giveUp.subscribe("news3", listener);
    await flows(publish, "news3", received, "messages before");
    const ended = eventWithin(giveUp, "terminated");
    await ctx.gw.restartFrontEnd({ downForMs: 300 });
    await ended;
    await giveUp.connect();
    await flows(publish, "news3", received, "messages after connect()", 20_000);
    const stats = gatewayStatsFrom(ctx.gw);
    await losslessAcrossRotations(ctx.time, auth, 2, publish, ["news3"], received);
    assert.equal(stats().closedForExpiry, 0, "re-AUTHs after the manual connect()");
  });

  rows.subscriber(ctx, "duplicate + subscribe", pubSub);
});
