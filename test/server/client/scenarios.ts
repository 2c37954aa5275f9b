/**
 * The end-to-end scenarios of issue 5, declared as node:test tests for one client kind. Each client
 * kind's test file calls `defineScenarios(kit)`. Token time (refreshes, the re-AUTH spread, expiry) runs
 * on a fake clock shared by the gateway and the token managers (`FaultTime`): a scenario moves the
 * clock to the next landmark and waits, bounded, for what follows (the new token, every connection's
 * re-AUTH, the server's close); sockets, redis-server, the app's load and the libraries' own timers
 * stay real.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  Capture,
  Load,
  Publisher,
  largestBurst,
  makeAuth,
  rotationCounter,
  startGateway,
  waitFor,
  type AppConnection,
  type ClientKit,
  type Gateway,
} from "./integration.ts";
import { EntraTokenExpiredError, type EntraAuth, type EntraTokenEvent } from "../../../src/client/index.ts";
import { cleanupsFor } from "../support/cleanup.ts";
import { FakeClock } from "../../support/fake-clock.ts";
import { gatewayStatsFrom as statsFrom } from "../support/gateway-stats.ts";
import { eventWithin, sleep } from "../support/time.ts";
import { FaultTime, trackTokens } from "./faults/fault-time.ts";

const ROTATIONS = 20;

/** Waits (bounded) until `progress()` grew by `least` (e.g. the app's commands going on meanwhile). */
export async function progressed(progress: () => number, what: string, least = 10): Promise<void> {
  const from = progress();
  await waitFor(what, () => progress() >= from + least, 15_000);
}

/**
 * `n` rotations of `auth` on the fake clock (each: the planned refresh, the re-AUTH spread, every
 * connection re-AUTHed), with the app's load making progress in every token life: after each rotation,
 * `progress()` (e.g. commands and messages so far) grows by `least` before the next one (bounded).
 */
export async function rotationsUnderLoad(
  time: FaultTime,
  auth: EntraAuth,
  n: number,
  progress: () => number,
  least = 10,
): Promise<void> {
  await time.rotationsOf(auth, n, {
    between: (i) => progressed(progress, `the load going on after rotation ${i}`, least),
  });
}

export function defineScenarios(kit: ClientKit): void {
  describe(`${kit.name} against the local Entra gateway`, { timeout: 150_000 }, () => {
    let gw: Gateway;
    const capture = new Capture();
    // Starts at the real time (certificates and logs stay plausible), then moves only when a test moves it.
    const clock = new FakeClock(Date.now());
    const time = new FaultTime(clock, () => gw);
    /** A token manager on the suite's clock, its token times tracked for `time`. */
    const authFor = (options: Parameters<typeof makeAuth>[2] = {}) => {
      const made = makeAuth(gw, capture, { clock, ...options });
      trackTokens(made.auth);
      return made;
    };
    /** Waits for `auth`'s next token, moving the clock meanwhile (retries and backoff run on it). */
    const nextToken = (auth: EntraAuth, what: string) =>
      time.until(eventWithin(auth, "token", 20_000) as Promise<EntraTokenEvent>, what, { stepMs: 50 });

    before(async () => {
      capture.hookConsole();
      gw = await startGateway(kit, undefined, { clock });
    });
    after(async () => {
      capture.restore();
      await gw?.stop();
    });

    test(`steady load across ${ROTATIONS} rotations: zero failed commands, one re-AUTH per connection per rotation, every message received`, async (t) => {
      const cleanup = cleanupsFor(t);
      const { auth } = authFor();
      cleanup(() => auth.close());
      const rotations = rotationCounter(auth);
      const conns: AppConnection[] = [];
      cleanup(() => Promise.all(conns.map((c) => c.close())));
      for (let i = 0; i < 3; i++) conns.push(await kit.connect(gw, auth));
      const received = new Set<number>();
      let duplicates = 0;
      const sub = await kit.subscribe(gw, auth, "seq", (m) => {
        const n = Number(m);
        if (received.has(n)) duplicates += 1;
        received.add(n);
      });
      cleanup(() => sub.close());
      // Start counting after the first rotation's AUTHs are all done.
      await time.rotations(auth, 1);
      const base = rotations.count;
      const stats = statsFrom(gw);
      const startCounts = new Map(
        gw
          .connections()
          .filter((c) => c.open)
          .map((c) => [c.id, c.authAccepted]),
      );
      const load = new Load(conns);
      const publisher = new Publisher(conns[0], "seq");
      // Each rotation's re-AUTHs done, and commands and messages going on in every token life.
      await rotationsUnderLoad(time, auth, ROTATIONS, () => load.ok + publisher.sent, 15);
      await load.stop();
      await publisher.stop();
      // On the fake clock no refresh falls due unless the clock moves: every rotation is done.
      const seen = rotations.count - base;
      // Re-AUTHs accepted per connection that lived through the whole measured run.
      const perConnection = gw
        .connections()
        .filter((c) => c.open && startCounts.has(c.id))
        .map((c) => c.authAccepted - startCounts.get(c.id)!);
      const totals = stats();
      await waitFor("every published message", () => received.size >= publisher.sent, 5000);

      t.diagnostic(
        `${load.ok} commands, ${seen} rotations, ${publisher.sent} messages (${duplicates} duplicates), re-AUTHs per connection: ${JSON.stringify(perConnection)}`,
      );
      for (const f of [...load.failures, ...publisher.failures]) capture.add(f);
      assert.deepEqual(load.failures.map(String), [], "no command failed");
      assert.deepEqual(publisher.failures.map(String), [], "no publish failed");
      assert.ok(load.ok > ROTATIONS * 10, `a steady load ran (${load.ok} commands)`);
      const missing = [...Array(publisher.sent).keys()].filter((n) => !received.has(n));
      assert.deepEqual(
        missing,
        [],
        `the subscriber received every one of ${publisher.sent} messages (${duplicates} duplicates during overlaps)`,
      );
      assert.equal(totals.closedForExpiry, 0, "no connection was closed for an expired token");
      assert.equal(totals.authRefused, 0, "no AUTH was refused");
      // Connections that lived through the whole run re-AUTHed exactly once per rotation.
      const commandConnections = conns.length * kit.connectionsPerClient;
      const exact = perConnection.filter((n) => n === seen);
      assert.ok(
        exact.length >= commandConnections,
        `${exact.length} connections re-AUTHed exactly ${seen} times; expected at least ${commandConnections}: ${JSON.stringify(perConnection)}`,
      );
      assert.ok(
        perConnection.every((n) => n <= seen),
        `no connection AUTHed more than once per rotation: ${JSON.stringify(perConnection)}`,
      );
      assert.ok(seen >= ROTATIONS);

      capture.assertNoToken();
    });

    test("200 connections re-AUTH spread over the window, not in one burst", async (t) => {
      const cleanup = cleanupsFor(t);
      const spreadMs = 1200;
      // Long enough that no planned refresh happens while 200 connections are set up on a busy machine;
      // the rotation measured is then triggered right away (a refresh like any other for the connections).
      // Times are the suite's clock's: the re-AUTH timers run on it, and so does the measurement.
      const started = clock.now();
      const { auth } = authFor({
        lifetimeMs: 30_000,
        refreshMarginMs: 5000,
        refreshJitterMs: 0,
        reauthSpreadMs: spreadMs,
      });
      cleanup(() => auth.close());
      const rotations = rotationCounter(auth);
      const count = Math.ceil(200 / kit.connectionsPerClient);
      const conns: AppConnection[] = [];
      cleanup(() => Promise.all(conns.map((c) => c.close())));
      const batch = 20;
      for (let i = 0; i < count; i += batch) {
        // Every connection of a batch settles before a failure is thrown, so that the cleanup closes
        // the ones that did connect (left open, they would count in the next scenario's connections).
        const settled = await Promise.allSettled(
          [...Array(Math.min(batch, count - i)).keys()].map(() => kit.connect(gw, auth)),
        );
        for (const r of settled) if (r.status === "fulfilled") conns.push(r.value);
        const failed = settled.find((r) => r.status === "rejected");
        if (failed) throw failed.reason;
      }
      for (let i = 0; i < conns.length; i++) await conns[i].command(i);
      // Forced refreshes are throttled while the token is younger than 10% of its life (3 s here).
      await time.advance(started + 4000 - clock.now());
      const times: number[] = [];
      const onAuth = (e: { accepted: boolean }) => {
        if (e.accepted) times.push(clock.now());
      };
      gw.on("auth", onAuth);
      const before = rotations.count;
      await auth.refresh();
      const expected = count * kit.connectionsPerClient;
      // The clock moves through the spread window in 20 ms steps, each followed by a real pause for the
      // re-AUTHs that fell due to reach the gateway (sockets are real).
      await time
        .until(
          waitFor("every connection's re-AUTH", () => times.length >= expected, 30_000),
          "every connection's re-AUTH",
          { stepMs: 20, maxMs: spreadMs + 5000 },
        )
        .catch((err: Error) => {
          const refused = gw.connections().filter((c) => c.open).length;
          throw new Error(
            `${err.message}: ${times.length} of ${expected} re-AUTHs, ${refused} gateway connections open, ${rotations.count - before} rotation(s)`,
          );
        });
      await time.advance(300);
      await sleep(300);
      gw.off("auth", onAuth);
      assert.equal(rotations.count - before, 1, "exactly one refresh during the measurement");
      const total = times.length;
      const burst = largestBurst(times, 100);
      const span = Math.max(...times) - Math.min(...times);
      t.diagnostic(`${total} re-AUTHs over ${span} ms, largest burst per 100 ms: ${burst}`);
      assert.ok(total >= 200, `${total} re-AUTHs`);
      assert.ok(
        burst <= total / 4,
        `largest burst per 100 ms is ${burst} of ${total}; they must be spread, not bunched`,
      );
      assert.ok(span >= spreadMs / 2, `re-AUTHs spread over ${span} ms`);
      capture.assertNoToken();
      capture.assertNoListenerLeak();
    });

    test("the credential failing for a while, then recovering, costs no command", async (t) => {
      const cleanup = cleanupsFor(t);
      const { auth, credential } = authFor();
      cleanup(() => auth.close());
      const conns = [await kit.connect(gw, auth), await kit.connect(gw, auth)];
      cleanup(() => Promise.all(conns.map((c) => c.close())));
      const failed = { count: 0 };
      auth.on("refreshFailed", () => (failed.count += 1));
      await time.rotations(auth, 1);
      const stats = statsFrom(gw);
      const load = new Load(conns);
      // Fail from just after a refresh, through the next planned refresh, but recover before expiry.
      credential.setBehaviour({ mode: "fail" });
      await progressed(() => load.ok, "commands before the planned refresh");
      await time.past(time.refreshAt(auth) - 1);
      await time.until(
        waitFor("refresh failures", () => failed.count >= 3, 20_000),
        "refresh failures",
        {
          stepMs: 50,
        },
      );
      await progressed(() => load.ok, "commands while refreshing fails");
      credential.setBehaviour({ mode: "ok" });
      await time.reauthsFor(await nextToken(auth, "a token after recovery"), "the recovery");
      await rotationsUnderLoad(time, auth, 1, () => load.ok);
      await load.stop();
      for (const f of load.failures) capture.add(f);
      assert.deepEqual(load.failures.map(String), [], "no command failed");
      assert.ok(failed.count >= 3);
      assert.equal(stats().closedForExpiry, 0);
      capture.assertNoToken();
    });

    test("failing past expiry: `expired` event, connections closed by the server, clean reconnect after recovery", async (t) => {
      const cleanup = cleanupsFor(t);
      const { auth, credential } = authFor();
      cleanup(() => auth.close());
      const conn = await kit.connect(gw, auth);
      cleanup(() => conn.close());
      await conn.command(0);
      const expired: EntraTokenExpiredError[] = [];
      auth.on("expired", (e) => expired.push(e));
      const stats = statsFrom(gw);
      credential.setBehaviour({ mode: "fail" });
      // Refreshes and retries fail as the clock moves, until the token expires and the server closes.
      await time.until(
        waitFor("the expired event", () => expired.length > 0, 20_000),
        "the expired event",
        {
          stepMs: 50,
        },
      );
      await time.until(
        waitFor("the server closing the connection", () => stats().closedForExpiry > 0, 20_000),
        "the server closing the connection",
        { stepMs: 50, maxMs: 3000 },
      );
      assert.ok(expired[0] instanceof EntraTokenExpiredError);
      assert.match(expired[0].message, /because refreshing it kept failing/);
      credential.setBehaviour({ mode: "ok" });
      await nextToken(auth, "a token after recovery");
      // The connection comes back on its own with the fresh token.
      let ok = false;
      await waitFor(
        "a successful command after recovery",
        async () => {
          try {
            await conn.command(1);
            ok = true;
          } catch (err) {
            capture.add(err);
          }
          return ok;
        },
        10_000,
        100,
      );
      const load = new Load([conn]);
      await rotationsUnderLoad(time, auth, 2, () => load.ok);
      await load.stop();
      assert.deepEqual(load.failures.map(String), [], "after recovery, commands succeed across rotations");
      capture.assertNoToken();
    });

    test("a backend restart is survived, and rotation continues afterwards", async (t) => {
      const cleanup = cleanupsFor(t);
      const { auth } = authFor();
      cleanup(() => auth.close());
      const rotations = rotationCounter(auth);
      const conn = await kit.connect(gw, auth);
      cleanup(() => conn.close());
      await conn.command(0);
      await gw.restartBackend();
      let ok = false;
      await waitFor(
        "successful commands on every node after the restart",
        async () => {
          try {
            for (let i = 1; i <= 3; i++) await conn.command(i);
            ok = true;
          } catch (err) {
            capture.add(err);
          }
          return ok;
        },
        20_000,
        100,
      );
      // Every reconnected connection AUTHed with the current token (the clock has not moved: no rotation).
      await time.reauthenticated(time.expiresAt(auth), "the restart");
      const stats = statsFrom(gw);
      const startCounts = new Map(
        gw
          .connections()
          .filter((c) => c.open)
          .map((c) => [c.id, c.authAccepted]),
      );
      const base = rotations.count;
      const load = new Load([conn]);
      await rotationsUnderLoad(time, auth, 2, () => load.ok);
      await load.stop();
      const seen = rotations.count - base;
      const perConnection = gw
        .connections()
        .filter((c) => c.open && startCounts.has(c.id))
        .map((c) => c.authAccepted - startCounts.get(c.id)!);
      t.diagnostic(
        `after the restart: ${seen} rotations, re-AUTHs per connection ${JSON.stringify(perConnection)}`,
      );
      assert.ok(perConnection.length >= 1, "the reconnected connections stayed open");
      assert.ok(
        perConnection.every((n) => n === seen),
        `reconnected connections re-AUTH exactly once per rotation (no leaked subscriptions): ${seen} rotations, ${JSON.stringify(perConnection)}`,
      );
      assert.deepEqual(load.failures.map(String), [], "commands succeed across rotations after the restart");
      assert.equal(stats().closedForExpiry, 0);
      assert.ok(
        stats().authAccepted >= 2,
        `re-AUTHs keep being accepted after the restart: ${JSON.stringify(stats())} ${JSON.stringify(gw.connections().filter((c) => c.open))}`,
      );
      capture.assertNoToken();
    });
  });
}
