/**
 * Fault matrix, ioredis (`connectIoredis`) against the local Entra gateway with 2.5 s tokens. Each
 * row asserts its documented outcome (docs/client.md, "Fault matrix"): no command lost silently, the
 * error the app sees, recovery without a restart.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { inspect } from "node:util";
import type { Redis } from "ioredis";
import { connectIoredis, type EntraAuth } from "../../../src/client/index.ts";
import {
  Capture,
  JWT,
  LIFETIME_MS,
  OBJECT_ID,
  closeWithin,
  nextEvent,
  startGateway,
  waitFor,
  type ClientKit,
  type Gateway,
} from "../integration.ts";
import {
  authOn,
  cleanupsFor,
  eventsOf,
  firstRefusedCredential,
  isExpiredError,
  recovers,
  settleWithin,
  sleep,
} from "./kit.ts";

const KIT = { name: "ioredis faults", gateway: {}, connectionsPerClient: 1 } as ClientKit;

describe("fault matrix: ioredis", { timeout: 240_000 }, () => {
  let gw: Gateway;
  const capture = new Capture();
  before(async () => {
    gw = await startGateway(KIT);
  });
  after(async () => {
    await gw?.stop();
  });

  async function connect(
    auth: EntraAuth,
    cleanup: (fn: () => unknown) => void,
    extra: Record<string, unknown> = {},
  ): Promise<Redis> {
    const redis = await connectIoredis(auth, { host: gw.host, port: gw.port, tls: { ca: gw.ca }, ...extra });
    redis.on("error", () => undefined);
    cleanup(async () => {
      await closeWithin(() => redis.quit());
      redis.disconnect();
    });
    return redis;
  }

  const roundTrip = async (redis: Redis) => {
    const key = `k:${randomUUID()}`;
    await redis.set(key, "v");
    assert.equal(await redis.get(key), "v");
  };

  test("first AUTH refused, forced-refresh retry accepted: a later network drop reconnects (fault 1)", async (t) => {
    const cleanup = cleanupsFor(t);
    const credential = firstRefusedCredential(gw);
    const auth = authOn(credential, capture);
    cleanup(() => auth.close());
    // Hold AUTH answers so the refused token is older than the forced-refresh throttle (10% of its life).
    gw.setAuthDelay(400);
    const redis = await connect(auth, cleanup).finally(() => gw.setAuthDelay(0));
    assert.ok(credential.calls >= 2, "the first token was refused and replaced");
    await roundTrip(redis);
    await gw.restartFrontEnd({ downForMs: 300 });
    await recovers("a command after the network drop", () => roundTrip(redis));
    assert.equal(redis.status, "ready");
  });

  test("transaction open at rotation, EXEC: only the app's replies; the re-AUTH follows and is accepted (fault 4)", async (t) => {
    const cleanup = cleanupsFor(t);
    const auth = authOn(gw.credential(OBJECT_ID), capture);
    cleanup(() => auth.close());
    const redis = await connect(auth, cleanup);
    const key = `tx:${randomUUID()}`;
    const from = capture.things.length;
    await redis.multi({ pipeline: false });
    assert.equal(await redis.set(key, "1"), "QUEUED");
    await nextEvent(auth, "token");
    await sleep(600); // past the re-AUTH spread: the re-AUTH is due while the transaction is open
    assert.equal(eventsOf(capture, "reauthenticated", from).length, 0, "no re-AUTH claimed inside MULTI");
    const replies = await redis.exec();
    assert.deepEqual(replies, [[null, "OK"]], "EXEC returns the app's replies only");
    await waitFor(
      "the re-AUTH after EXEC",
      () => eventsOf(capture, "reauthenticated", from).length > 0,
      3000,
    );
    const mine = gw.connections().find((c) => c.open && c.authAccepted >= 2);
    assert.ok(mine, "the gateway accepted the re-AUTH on that connection");
    assert.equal(await redis.get(key), "1");
  });

  test("transaction open at rotation, DISCARD: the re-AUTH follows; the connection is not closed at expiry (fault 4)", async (t) => {
    const cleanup = cleanupsFor(t);
    const auth = authOn(gw.credential(OBJECT_ID), capture);
    cleanup(() => auth.close());
    const redis = await connect(auth, cleanup);
    const closedBefore = gw.stats().closedForExpiry;
    await redis.multi({ pipeline: false });
    await redis.set(`tx:${randomUUID()}`, "1");
    await nextEvent(auth, "token");
    await sleep(600);
    assert.equal(await redis.discard(), "OK");
    // Past the old token's expiry (refresh happens 1-1.3 s before it).
    await sleep(LIFETIME_MS / 2 + 500);
    assert.equal(gw.stats().closedForExpiry - closedBefore, 0, "no connection closed for expiry");
    await roundTrip(redis);
  });

  test("credential error past expiry: commands fail with EntraTokenExpiredError, then recover (fault 6)", async (t) => {
    const cleanup = cleanupsFor(t);
    const credential = gw.credential(OBJECT_ID);
    const auth = authOn(credential, capture);
    cleanup(() => auth.close());
    const redis = await connect(auth, cleanup, { maxRetriesPerRequest: 1 });
    await roundTrip(redis);
    credential.setBehaviour({ mode: "fail" });
    await nextEvent(auth, "expired", 10_000);
    await waitFor("the gateway closing the connection", () => redis.status !== "ready", 3000);
    const errors: unknown[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await settleWithin(redis.get("k"), 8000);
      assert.ok(!("hung" in r), "no command hangs");
      if ("ok" in r && !r.ok) errors.push(r.error);
      await sleep(100);
    }
    assert.ok(errors.length > 0, "commands fail while the token is expired");
    for (const e of errors) {
      assert.ok(isExpiredError(e), `expected EntraTokenExpiredError (or as cause), got ${String(e)}`);
      assert.ok(String((e as Error).message).length > 0);
    }
    credential.setBehaviour({ mode: "ok" });
    await recovers("commands after the credential recovered", () => roundTrip(redis));
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
    const auth = authOn(gw.credential(OBJECT_ID), local);
    cleanup(() => auth.close());
    const a = await connect(auth, cleanup);
    const b = await connect(auth, cleanup);
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

  test("gateway front end down and back on the same port: every command settles, then succeeds", async (t) => {
    const cleanup = cleanupsFor(t);
    const auth = authOn(gw.credential(OBJECT_ID), capture);
    cleanup(() => auth.close());
    const redis = await connect(auth, cleanup);
    await roundTrip(redis);
    const down = gw.restartFrontEnd({ downForMs: 1500 });
    const during = await Promise.all(
      [...Array(20).keys()].map(async (i) => {
        await sleep(i * 50);
        return settleWithin(redis.set(`fe:${i}`, String(i)), 20_000);
      }),
    );
    await down;
    assert.ok(
      during.every((r) => !("hung" in r)),
      "no command was lost silently",
    );
    await recovers("commands after the front end came back", () => roundTrip(redis));
    await nextEvent(auth, "token");
    await sleep(600);
    await roundTrip(redis);
  });

  test("AUTH replies slowed: no command fails across rotations", async (t) => {
    const cleanup = cleanupsFor(t);
    const auth = authOn(gw.credential(OBJECT_ID), capture);
    cleanup(() => auth.close());
    const redis = await connect(auth, cleanup);
    const closedBefore = gw.stats().closedForExpiry;
    gw.setAuthDelay(500);
    cleanup(() => gw.setAuthDelay(0));
    const failures: unknown[] = [];
    let ok = 0;
    let rotations = 0;
    auth.on("token", () => (rotations += 1));
    while (rotations < 3) {
      try {
        await roundTrip(redis);
        ok += 1;
      } catch (err) {
        failures.push(err);
      }
    }
    gw.setAuthDelay(0);
    assert.deepEqual(failures.map(String), []);
    assert.ok(ok > 3);
    assert.equal(gw.stats().closedForExpiry - closedBefore, 0);
  });

  test("backend paused past expiry: every command settles (resent after reconnect), then succeeds", async (t) => {
    const cleanup = cleanupsFor(t);
    const auth = authOn(gw.credential(OBJECT_ID), capture);
    cleanup(() => auth.close());
    const redis = await connect(auth, cleanup);
    await roundTrip(redis);
    gw.pauseBackend();
    cleanup(() => gw.resumeBackend());
    const pending = [...Array(5).keys()].map((i) => settleWithin(redis.set(`bp:${i}`, String(i)), 25_000));
    await sleep(LIFETIME_MS + 1000);
    gw.resumeBackend();
    const results = await Promise.all(pending);
    assert.ok(
      results.every((r) => !("hung" in r)),
      "no command was lost silently",
    );
    await recovers("commands after the backend resumed", () => roundTrip(redis));
  });

  test("BLPOP 0 across expiry: the value arrives (ioredis resends the blocked command after reconnecting)", async (t) => {
    const cleanup = cleanupsFor(t);
    const auth = authOn(gw.credential(OBJECT_ID), capture);
    cleanup(() => auth.close());
    const blocker = await connect(auth, cleanup);
    const pusher = await connect(auth, cleanup);
    const key = `q:${randomUUID()}`;
    const popped = settleWithin(blocker.blpop(key, 0), 20_000);
    await sleep(LIFETIME_MS * 2);
    await pusher.lpush(key, "job");
    const r = await popped;
    assert.ok("ok" in r && r.ok, `BLPOP settled with the value: ${JSON.stringify(r)}`);
    assert.deepEqual(r.value, [key, "job"]);
  });

  test("retryStrategy giving up: the client ends; connect() again and it stays authenticated across rotations", async (t) => {
    const cleanup = cleanupsFor(t);
    const auth = authOn(gw.credential(OBJECT_ID), capture);
    cleanup(() => auth.close());
    const redis = await connect(auth, cleanup, { retryStrategy: () => null });
    await roundTrip(redis);
    const ended = new Promise((r) => redis.once("end", r));
    await gw.restartFrontEnd({ downForMs: 200 });
    await ended;
    await assert.rejects(redis.get("k"), /Connection is closed/, "the app sees the closed client");
    await redis.connect();
    const closedBefore = gw.stats().closedForExpiry;
    await nextEvent(auth, "token");
    await nextEvent(auth, "token");
    await sleep(600);
    await roundTrip(redis);
    assert.equal(gw.stats().closedForExpiry - closedBefore, 0, "re-AUTHed after the manual reconnect");
  });

  test("credential slow and returning cached (stale) tokens: no command fails", async (t) => {
    const cleanup = cleanupsFor(t);
    const credential = gw.credential(OBJECT_ID, { cacheWhileRemainingMs: 1500 });
    const auth = authOn(credential, capture);
    cleanup(() => auth.close());
    const redis = await connect(auth, cleanup);
    const closedBefore = gw.stats().closedForExpiry;
    credential.setBehaviour({ mode: "slow", delayMs: 300 });
    const failures: unknown[] = [];
    let rotations = 0;
    auth.on("token", () => (rotations += 1));
    while (rotations < 3) {
      try {
        await roundTrip(redis);
      } catch (err) {
        failures.push(err);
      }
    }
    assert.deepEqual(failures.map(String), []);
    assert.equal(gw.stats().closedForExpiry - closedBefore, 0);
  });

  after(() => capture.assertNoToken());
});
