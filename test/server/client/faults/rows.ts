/**
 * The rows of the fault matrix that read the same for every client kind (`rows.*`), written once and
 * run by each kind's suite (docs/client.md's matrix).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { EntraAuth } from "../../../../src/client/index.ts";
import { OBJECT_ID, nextEvent, waitFor } from "../integration.ts";
import { cleanupsFor, type Cleanup } from "../../support/cleanup.ts";
import { sleep } from "../../support/time.ts";
import { gatewayStatsFrom } from "../../support/gateway-stats.ts";
import { eventsOf, firstRefusedCredential } from "./auth.ts";
import type { FaultContext } from "./matrix.ts";
import { flows, losslessAcrossRotations, LIMITED_ID } from "./pubsub.ts";
import {
  assertAllSettled,
  assertExpiredErrors,
  errorsOf,
  recovers,
  settleWithin,
  summary,
  type Settled,
} from "./settled.ts";

/** Commands issued `spacingMs` apart, each on a node in turn, each settled within `ms`. */
async function commandsDuring<C>(
  ctx: FaultContext<C>,
  client: C,
  count: number,
  spacingMs: number,
  ms: number,
): Promise<Settled<unknown>[]> {
  return Promise.all(
    [...Array(count).keys()].map(async (i) => {
      await sleep(i * spacingMs);
      const tag = ctx.kind.tags[i % ctx.kind.tags.length];
      return settleWithin(ctx.kind.set(client, `${tag}during:${i}`, String(i)), ms);
    }),
  );
}

/** A publisher and a subscriber on one token manager (node-redis client or cluster). */
export type PubSubFactory = (
  auth: EntraAuth,
  cleanup: Cleanup,
) => Promise<{
  sub: { subscribe(channels: string | string[], listener: (message: string) => void): Promise<unknown> };
  received: Set<string>;
  listener: (message: string) => void;
  publish: (channel: string, message: string) => Promise<unknown>;
}>;

export const rows = {
  /**
   * The first token is refused (bad signature) and the forced-refresh retry accepted (AUTH answers
   * held so the refused token is older than the forced-refresh throttle, 10% of its life): connected,
   * and a later network drop reconnects (fault 1).
   */
  firstAuthRefused<C>(
    ctx: FaultContext<C>,
    options: { node?: number; check?: (client: C) => void } = {},
  ): void {
    test("first AUTH refused, forced-refresh retry accepted: connected, and a later network drop reconnects (fault 1)", async (t) => {
      const credential = firstRefusedCredential(ctx.gw);
      const onAuth = (e: { accepted: boolean }): void => {
        // The refusal is seen by the gateway before the client reads it: the token is 400 ms older.
        if (!e.accepted) ctx.time.clock.jump(400);
      };
      ctx.gw.once("auth", onAuth);
      const connected = ctx.setup(t, { credential });
      const r = await settleWithin(connected, 20_000).finally(() => ctx.gw.off("auth", onAuth));
      assert.ok(!("hung" in r), "connecting settled");
      assert.ok("ok" in r && r.ok, `connected: ${"error" in r ? String(r.error) : ""}`);
      const { client, roundTrip } = r.value;
      assert.ok(credential.calls >= 2, "the first token was refused and replaced");
      await roundTrip();
      await ctx.gw.restartFrontEnd({
        downForMs: 300,
        ...(options.node === undefined ? {} : { node: options.node }),
      });
      await recovers("commands after the network drop", roundTrip, 20_000);
      options.check?.(client);
    });
  },

  /** The credential answers 300 ms late and hands back its cached token until 1.5 s before expiry. */
  credentialSlowStale<C>(ctx: FaultContext<C>): void {
    test("credential slow (300 ms) and returning cached (stale) tokens: no command fails, none closed for expiry", async (t) => {
      const credential = ctx.gw.credential(OBJECT_ID, { cacheWhileRemainingMs: 1500 });
      const { auth, roundTrip } = await ctx.setup(t, { credential });
      const stats = gatewayStatsFrom(ctx.gw);
      credential.setBehaviour({ mode: "slow", delayMs: 300 });
      const failures: unknown[] = [];
      const rotations = rotationsWhile(ctx, auth, 3);
      let ok = 0;
      while (!rotations.done()) {
        try {
          await roundTrip();
          ok += 1;
        } catch (err) {
          failures.push(err);
        }
      }
      await rotations.finished;
      assert.deepEqual(failures.map(String), []);
      assert.ok(ok > 0, "round trips went on");
      assert.equal(stats().closedForExpiry, 0);
    });
  },

  /** Front end down 1.5 s and back on the same port: every command settles, then succeeds. */
  frontEndDown<C>(ctx: FaultContext<C>, options: { node?: number } = {}): void {
    const where = options.node === undefined ? "" : " (one node)";
    test(`gateway front end down and back on the same port${where}: every command settles, then succeeds`, async (t) => {
      const { auth, client, roundTrip } = await ctx.setup(t);
      await roundTrip();
      const down = ctx.gw.restartFrontEnd({ downForMs: 1500, ...options });
      const during = await commandsDuring(ctx, client, 20, 50, 25_000);
      await down;
      assertAllSettled(during);
      t.diagnostic(`${errorsOf(during).length} of ${during.length} failed: ${summary(errorsOf(during))}`);
      await recovers("commands after the front end came back", roundTrip, 20_000);
      await ctx.time.rotations(auth, 1);
      await roundTrip();
    });
  },

  /** Every AUTH answered 500 ms late across three rotations: no command fails, none closed for expiry. */
  authSlowed<C>(ctx: FaultContext<C>): void {
    test("AUTH replies slowed (500 ms): no command fails across rotations, no connection closed for expiry", async (t) => {
      const { cleanup, auth, roundTrip } = await ctx.setup(t);
      const stats = gatewayStatsFrom(ctx.gw);
      ctx.gw.setAuthDelay(500);
      cleanup(() => ctx.gw.setAuthDelay(0));
      const failures: unknown[] = [];
      // Round trips that succeeded while each rotation ran (issued before it had finished).
      const ok: number[] = [];
      // Fake clock: each rotation waits for every connection's re-AUTH, answered late, to land; the
      // round trips go on meanwhile, at least one issued during each rotation however loaded the machine.
      for (let r = 0; r < 3; r++) {
        ok.push(0);
        const rotation = rotationsWhile(ctx, auth, 1);
        do {
          try {
            await roundTrip();
            ok[r] += 1;
          } catch (err) {
            failures.push(err);
          }
        } while (!rotation.done());
        await rotation.finished;
      }
      ctx.gw.setAuthDelay(0);
      assert.deepEqual(failures.map(String), []);
      assert.ok(
        ok.every((n) => n >= 1),
        `round trips went on during every rotation (${ok.join(", ")})`,
      );
      assert.equal(stats().closedForExpiry, 0, "no connection closed for expiry");
      assert.equal(stats().authRefused, 0, "no AUTH refused");
      assert.ok(stats().authAccepted >= 3 * ctx.kind.tags.length, "every connection re-AUTHed");
    });
  },

  /**
   * The backend frozen across a token's expiry (the gateway closes the connections for expiry): every
   * command settles, `check` asserts what each kind does with the unanswered ones, then it succeeds.
   */
  backendPaused<C>(
    ctx: FaultContext<C>,
    outcome: string,
    check: (results: Settled<unknown>[], t: { diagnostic(m: string): void }) => void,
  ): void {
    test(`backend paused past expiry: every command settles (${outcome}), then succeeds`, async (t) => {
      const { cleanup, auth, client, roundTrip } = await ctx.setup(t);
      await roundTrip();
      const stats = gatewayStatsFrom(ctx.gw);
      ctx.gw.pauseBackend();
      cleanup(() => ctx.gw.resumeBackend());
      const pending = commandsDuring(ctx, client, 6, 0, 30_000);
      // The refresh comes (the credential answers; the re-AUTHs hang on the frozen backend), then exp.
      await ctx.time.pastExpiry(auth);
      await waitFor("the gateway closing a connection for expiry", () => stats().closedForExpiry > 0, 10_000);
      ctx.gw.resumeBackend();
      const results = await pending;
      assertAllSettled(results);
      assert.ok(stats().closedForExpiry > 0, "the gateway closed connections for expiry meanwhile");
      t.diagnostic(
        `${results.length - errorsOf(results).length} succeeded, ${errorsOf(results).length} failed: ${summary(errorsOf(results))}`,
      );
      check(results, t);
      await recovers("commands after the backend resumed", roundTrip, 20_000);
    });
  },

  /**
   * The front end down across two token lives while refreshes go on: re-AUTHs fall due while
   * disconnected. None is sent with an expired token (none refused, none explained as a missing
   * assignment); commands recover and the connections re-AUTH afterwards (fault 5).
   */
  outagePastExpiry<C>(ctx: FaultContext<C>): void {
    test("outage past expiry: no AUTH with an expired token is sent, nor explained as a missing assignment (fault 5)", async (t) => {
      const { auth, roundTrip } = await ctx.setup(t);
      await roundTrip();
      const from = ctx.capture.things.length;
      const stats = gatewayStatsFrom(ctx.gw);
      await ctx.time.outage(ctx.gw, auth, 2);
      await recovers("commands after the outage", roundTrip, 20_000);
      await ctx.time.rotations(auth, 2);
      await roundTrip();
      const failures = eventsOf(ctx.capture, "reauthFailed", from) as { message: string }[];
      for (const f of failures) {
        assert.doesNotMatch(f.message, /no data access policy assignment/, "explained from the token sent");
      }
      assert.deepEqual(
        failures.map((f) => f.message),
        [],
        "no re-AUTH was refused: none went out with an expired token",
      );
      assert.equal(stats().authRefused, 0, "the gateway refused no AUTH");
      assert.equal(stats().closedForExpiry, 0, "no connection closed for expiry after reconnecting");
    });
  },

  /**
   * Commands in flight (the backend frozen) when the gateway closes the connection for expiry while
   * the credential keeps failing: they fail with EntraTokenExpiredError within seconds instead of
   * being held (ioredis keeps them to resend after a reconnect that can't happen until the credential
   * recovers), then the client recovers.
   */
  inFlightAtExpiry<C>(ctx: FaultContext<C>): void {
    test("commands in flight when the connection is closed for expiry, credential failing: EntraTokenExpiredError, not held until it recovers", async (t) => {
      const { cleanup, credential, auth, client, roundTrip } = await ctx.setup(t);
      await roundTrip();
      const stats = gatewayStatsFrom(ctx.gw);
      credential.setBehaviour({ mode: "fail" });
      ctx.gw.pauseBackend();
      cleanup(() => ctx.gw.resumeBackend());
      // Settled from the start (node-redis rejects them at the close, before `expired` is awaited).
      const pending = [...Array(4).keys()].map((i) =>
        settleWithin(ctx.kind.get(client, `${ctx.kind.tags[i % ctx.kind.tags.length]}k`), 12_000),
      );
      await ctx.time.until(nextEvent(auth, "expired", 10_000), "expired");
      // Every connection carries the same token: the gateway closed them all at that clock time.
      await waitFor(
        "the gateway closing every node's connection for expiry",
        () => stats().closedForExpiry >= ctx.kind.tags.length,
        3000,
      );
      ctx.gw.resumeBackend();
      // Time goes on while they settle (the client fails held commands on its clock).
      const results = await ctx.time.until(Promise.all(pending), "the commands in flight settling");
      assertAllSettled(results, "no command is held until the credential recovers");
      const errors = errorsOf(results);
      t.diagnostic(`${errors.length} of ${results.length} failed: ${summary(errors)}`);
      assert.equal(errors.length, results.length, "every command in flight at expiry fails");
      assertExpiredErrors(errors);
      await recoverCredential(ctx, auth, credential);
      await recovers("commands after the credential recovered", roundTrip, 20_000);
    });
  },

  /**
   * A node-redis subscriber (`label`: how `pubSub` makes it) through a connection drop, a refresh
   * while the front end is down, and a channel refused with NOPERM: messages flow again, lossless
   * across rotations, no stale or refused re-AUTH, nothing closed for expiry.
   */
  subscriber<C>(ctx: FaultContext<C>, label: string, pubSub: PubSubFactory): void {
    test(`subscriber (${label}): its connection drops (front end down 1.5 s): node-redis reconnects and resubscribes; lossless across rotations after`, async (t) => {
      const cleanup = cleanupsFor(t);
      const auth = ctx.authOn(ctx.gw.credential(OBJECT_ID));
      cleanup(() => auth.close());
      const { sub, received, listener, publish } = await pubSub(auth, cleanup);
      await sub.subscribe("news", listener);
      await flows(publish, "news", received, "messages before");
      await ctx.gw.restartFrontEnd({ downForMs: 1500 });
      await flows(publish, "news", received, "messages after the loss", 20_000);
      const stats = gatewayStatsFrom(ctx.gw);
      await losslessAcrossRotations(ctx.time, auth, 2, publish, ["news"], received);
      assert.equal(stats().closedForExpiry, 0, "the subscriber re-AUTHs in place after reconnecting");
    });

    test(`subscriber (${label}): refresh while the front end is down: no stale re-AUTH; messages flow again and it keeps re-AUTHing`, async (t) => {
      const cleanup = cleanupsFor(t);
      const auth = ctx.authOn(ctx.gw.credential(OBJECT_ID));
      cleanup(() => auth.close());
      const { sub, received, listener, publish } = await pubSub(auth, cleanup);
      await sub.subscribe("news2", listener);
      await flows(publish, "news2", received, "messages before");
      const from = ctx.capture.things.length;
      await ctx.time.outage(ctx.gw, auth, 1);
      await flows(publish, "news2", received, "messages after the outage", 20_000);
      const stats = gatewayStatsFrom(ctx.gw);
      await losslessAcrossRotations(ctx.time, auth, 2, publish, ["news2"], received);
      assert.equal(stats().closedForExpiry, 0);
      assert.deepEqual(eventsOf(ctx.capture, "reauthFailed", from), [], "no re-AUTH refused");
    });

    test(`subscriber (${label}): a channel refused with NOPERM rejects and is not kept; the others flow, lossless across rotations and a reconnect`, async (t) => {
      const cleanup = cleanupsFor(t);
      const auth = ctx.authOn(ctx.gw.credential(LIMITED_ID));
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
      await losslessAcrossRotations(ctx.time, auth, 2, publish, ["ok:a", "ok:b"], received);
      // A reconnect resubscribes what is subscribed: the refused channel must not break it.
      await ctx.gw.restartFrontEnd({ downForMs: 300 });
      await flows(publish, "ok:a", received, "ok:a after a reconnect", 20_000);
      await flows(publish, "ok:b", received, "ok:b after a reconnect", 20_000);
    });
  },

  /** The credential fails until past expiry: `expired`; commands fail with EntraTokenExpiredError; recovery. */
  credentialFailsPastExpiry<C>(
    ctx: FaultContext<C>,
    options: {
      client?: Record<string, unknown>;
      /** Waits until the client saw the gateway close its connections (default: the gateway's count). */
      closed?: (client: C, closedForExpiry: () => number) => Promise<void>;
    } = {},
  ): void {
    test("credential error past expiry: commands fail with EntraTokenExpiredError, then recover (fault 6)", async (t) => {
      const { credential, auth, client, roundTrip } = await ctx.setup(t, { client: options.client });
      await roundTrip();
      const stats = gatewayStatsFrom(ctx.gw);
      credential.setBehaviour({ mode: "fail" });
      await ctx.time.until(nextEvent(auth, "expired", 10_000), "expired");
      const closedForExpiry = () => stats().closedForExpiry;
      await (options.closed ?? ((_c, n) => waitFor("the gateway closing a connection", () => n() > 0, 3000)))(
        client,
        closedForExpiry,
      );
      // Four commands 100 ms apart, on every node in turn, each settled within 15 s (fake clock: time
      // goes on meanwhile, the client fails held commands on its clock).
      const results = await ctx.time.until(
        Promise.all(
          [...Array(4).keys()].map(async (i) => {
            await sleep(i * 100);
            const tag = ctx.kind.tags[i % ctx.kind.tags.length];
            return settleWithin(ctx.kind.get(client, `${tag}k`), 15_000);
          }),
        ),
        "the commands settling while expired",
      );
      assertAllSettled(results, "no command hangs");
      const errors = errorsOf(results);
      t.diagnostic(`${errors.length} commands failed while expired: ${summary(errors)}`);
      assert.ok(errors.length > 0, "commands fail while the token is expired");
      assertExpiredErrors(errors);
      await recoverCredential(ctx, auth, credential);
      await recovers("commands after the credential recovered", roundTrip, 20_000);
    });
  },
};

/**
 * `n` rotations of `auth` (`ctx.time.rotations`: each waits for every connection's re-AUTH) while the
 * row keeps working: `done()` ends its loop.
 */
function rotationsWhile<C>(
  ctx: FaultContext<C>,
  auth: EntraAuth,
  n: number,
): { done(): boolean; finished: Promise<void> } {
  let rotated = false;
  const finished = ctx.time.rotations(auth, n).finally(() => (rotated = true));
  finished.catch(() => undefined); // awaited by the row after its loop
  return { done: () => rotated, finished };
}

/** The credential answers again: the clock moves until the token manager's next retry got a token. */
async function recoverCredential<C>(
  ctx: FaultContext<C>,
  auth: EntraAuth,
  credential: { setBehaviour(b: { mode: "ok" }): void },
): Promise<void> {
  const refreshed = nextEvent(auth, "token", 15_000);
  credential.setBehaviour({ mode: "ok" });
  await ctx.time.until(refreshed, "a token after the credential recovered");
}
