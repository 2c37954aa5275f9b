/**
 * Fault matrix, ioredis (`connectIoredis`) against the local Entra gateway with 2.5 s tokens, on a fake
 * clock shared by the token managers and the gateway: rows move token time (to the refresh, past the
 * re-AUTH spread, past exp) and wait for the events that follow; sockets, redis-server and ioredis's own
 * timers (reconnects, retryStrategy) stay real. Each row asserts its documented outcome (docs/client.md,
 * "Fault matrix"): no command lost silently, the error the app sees, recovery without a restart.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { inspect } from "node:util";
import type { AuthEvent } from "../../../../src/testing/index.ts";
import { Capture, JWT, OBJECT_ID, TIMING, waitFor } from "../integration.ts";
import {
  IOREDIS,
  cleanupsFor,
  errorsOf,
  eventWithin,
  eventsOf,
  faultMatrix,
  gatewayStatsFrom,
  rows,
  settleWithin,
} from "./kit.ts";

const SPREAD_MS = TIMING.reauthSpreadMs ?? 250;

faultMatrix(IOREDIS, (ctx) => {
  rows.firstAuthRefused(ctx, { check: (redis) => assert.equal(redis.status, "ready") });

  test("transaction open at rotation, EXEC: only the app's replies; the re-AUTH follows and is accepted (fault 4)", async (t) => {
    const { auth, client: redis } = await ctx.setup(t);
    const key = `tx:${randomUUID()}`;
    const from = ctx.capture.things.length;
    const refused: AuthEvent[] = [];
    const onAuth = (e: AuthEvent): void => void (e.accepted || refused.push(e));
    ctx.gw.on("auth", onAuth);
    t.after(() => void ctx.gw.off("auth", onAuth));
    await redis.multi({ pipeline: false });
    assert.equal(await redis.set(key, "1"), "QUEUED");
    await ctx.time.refresh(auth);
    await ctx.time.advance(SPREAD_MS + 1); // past the re-AUTH spread: the re-AUTH is due while the transaction is open
    assert.equal(eventsOf(ctx.capture, "reauthenticated", from).length, 0, "no re-AUTH claimed inside MULTI");
    const replies = await redis.exec();
    assert.deepEqual(replies, [[null, "OK"]], "EXEC returns the app's replies only");
    // An AUTH sent inside MULTI reaches the gateway before EXEC and is refused there (auth-in-multi);
    // the deferred re-AUTH may follow EXEC on the wire before exec() resolves: accepted.
    assert.deepEqual(
      refused.map((e) => e.reason),
      [],
      "no AUTH went out inside the transaction",
    );
    await waitFor(
      "the re-AUTH after EXEC",
      () => eventsOf(ctx.capture, "reauthenticated", from).length > 0,
      3000,
    );
    const mine = ctx.gw.connections().find((c) => c.open && c.authAccepted >= 2);
    assert.ok(mine, "the gateway accepted the re-AUTH on that connection");
    assert.equal(await redis.get(key), "1");
  });

  test("transaction open at rotation, DISCARD: the re-AUTH follows; the connection is not closed at expiry (fault 4)", async (t) => {
    const { auth, client: redis, roundTrip } = await ctx.setup(t);
    const stats = gatewayStatsFrom(ctx.gw);
    const from = ctx.capture.things.length;
    await redis.multi({ pipeline: false });
    await redis.set(`tx:${randomUUID()}`, "1");
    const oldExpiry = ctx.time.expiresAt(auth);
    await ctx.time.refresh(auth);
    await ctx.time.advance(SPREAD_MS + 1);
    assert.equal(await redis.discard(), "OK");
    await waitFor(
      "the re-AUTH after DISCARD",
      () => eventsOf(ctx.capture, "reauthenticated", from).length > 0,
      10_000,
    );
    // Past the old token's expiry: the gateway enforces the new one.
    await ctx.time.past(oldExpiry);
    assert.equal(stats().closedForExpiry, 0, "no connection closed for expiry");
    await roundTrip();
  });

  rows.credentialFailsPastExpiry(ctx, {
    client: { maxRetriesPerRequest: 1 },
    closed: (redis) =>
      waitFor("the client seeing its connection closed", () => redis.status !== "ready", 3000),
  });

  test("util.inspect of the client never shows the token; DEBUG=ioredis:* warns once (fault 7)", async (t) => {
    const cleanup = cleanupsFor(t);
    const previous = process.env.DEBUG;
    process.env.DEBUG = "ioredis:*";
    cleanup(() => {
      if (previous === undefined) delete process.env.DEBUG;
      else process.env.DEBUG = previous;
    });
    const local = new Capture();
    const auth = ctx.authOn(ctx.gw.credential(OBJECT_ID), local);
    cleanup(() => auth.close());
    const a = await ctx.connect(auth, cleanup);
    const b = await ctx.connect(auth, cleanup);
    for (const depth of [2, 6, Infinity]) {
      assert.doesNotMatch(inspect(a, { depth }), JWT, `inspect depth ${depth}`);
    }
    assert.doesNotMatch(inspect({ nested: b }, { depth: 8 }), JWT);
    assert.match(inspect(a), /\[redacted\]/, "the token's place is shown redacted");
    const warnings = eventsOf(local, "warning").filter(
      (w) => (w as { code: string }).code === "ioredis-debug",
    );
    assert.equal(warnings.length, 1, "one warning for DEBUG");
    assert.match((warnings[0] as { message: string }).message, /AUTH/);
  });

  rows.frontEndDown(ctx);
  rows.authSlowed(ctx);
  rows.inFlightAtExpiry(ctx);
  rows.backendPaused(ctx, "ioredis resends the unanswered ones after reconnecting", (results) => {
    assert.deepEqual(errorsOf(results).map(String), [], "every command succeeded");
  });

  test("BLPOP 0 across expiry: the value arrives (ioredis resends the blocked command after reconnecting)", async (t) => {
    const { cleanup, auth, client: blocker } = await ctx.setup(t);
    const pusher = await ctx.connect(auth, cleanup);
    const key = `q:${randomUUID()}`;
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

  test("retryStrategy giving up: the client ends; connect() again and it stays authenticated across rotations", async (t) => {
    const { auth, client: redis, roundTrip } = await ctx.setup(t, { client: { retryStrategy: () => null } });
    await roundTrip();
    const ended = eventWithin(redis, "end");
    await ctx.gw.restartFrontEnd({ downForMs: 200 });
    await ended;
    await assert.rejects(redis.get("k"), /Connection is closed/, "the app sees the closed client");
    await redis.connect();
    const stats = gatewayStatsFrom(ctx.gw);
    await ctx.time.rotations(auth, 2);
    await roundTrip();
    assert.equal(stats().closedForExpiry, 0, "re-AUTHed after the manual reconnect");
  });

  rows.credentialSlowStale(ctx);
});
