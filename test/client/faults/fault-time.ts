/**
 * Time in the fault matrix (`ctx.time`): token time (refresh, re-AUTH spread, expiry) on a fake clock
 * shared by the token managers and the gateway, or on the real clock for a kind not moved yet. On the
 * fake clock a row moves time to the next landmark (the planned refresh, past the re-AUTH spread, past
 * `exp`) and then waits, in real time and bounded, for the events that follow (a `token` event, re-AUTHs,
 * the gateway's close for expiry); sockets and redis-server stay real. On the real clock the same calls
 * wait for those landmarks to come.
 */
import type { EntraAuth, EntraTokenEvent } from "../../../src/client/index.ts";
import { TIMING, type Gateway } from "../integration.ts";
import { FakeClock } from "../../support/fake-clock.ts";
import { eventWithin, sleep, waitFor } from "../../support/time.ts";

/** The latest `token` event of each token manager made by `authOn` (its planned refresh and expiry). */
const latest = new WeakMap<EntraAuth, EntraTokenEvent>();

/** Remembers `auth`'s latest token event (called by `authOn` before it connects anything). */
export function trackTokens(auth: EntraAuth): void {
  auth.on("token", (e) => latest.set(auth, e));
}

function latestToken(auth: EntraAuth): EntraTokenEvent {
  const e = latest.get(auth);
  if (!e) throw new Error("no token yet on this token manager (made by authOn?)");
  return e;
}

/** What a row asks of time; the same calls on a fake or the real clock. */
export class FaultTime {
  /** The fake clock shared by the gateway and every token manager of the suite; undefined: real time. */
  readonly clock: FakeClock | undefined;

  readonly #gateway: () => Gateway;

  /** @param gateway the suite's gateway (whose connections a rotation waits on) */
  constructor(clock: FakeClock | undefined, gateway: () => Gateway) {
    this.clock = clock;
    this.#gateway = gateway;
  }

  get fake(): boolean {
    return this.clock !== undefined;
  }

  now(): number {
    return this.clock ? this.clock.now() : Date.now();
  }

  /** Lets `ms` pass: moves the fake clock (due timers fire in order), or sleeps that long. */
  async advance(ms: number): Promise<void> {
    if (this.clock) await this.clock.advance(Math.max(0, ms));
    else await sleep(ms);
  }

  /** Lets time pass until `at` (ms since the epoch) is behind: moves the clock to just past it, or sleeps. */
  async past(at: number): Promise<void> {
    await this.advance(at - this.now() + 1);
  }

  /**
   * Lets time pass while waiting for `p` (retries, backoff, sweeps on the token manager's clock): on the
   * fake clock in steps of `stepMs`, each followed by a real pause of 20 ms for the sockets (about 2.5
   * times real speed), failing after `maxMs` of clock time (default none) or 30 s of real time (what
   * the client waits on may be a library's own real-time timer); on the real clock it just waits.
   */
  async until<T>(p: Promise<T>, what: string, options: { stepMs?: number; maxMs?: number } = {}): Promise<T> {
    const clock = this.clock;
    if (!clock) return p;
    const { stepMs = 50, maxMs = Infinity } = options;
    let done = false;
    const settled = p.then(
      () => (done = true),
      () => (done = true),
    );
    const deadline = Date.now() + 30_000;
    for (let moved = 0; !done; moved += stepMs) {
      if (moved >= maxMs) throw new Error(`${what}: nothing after ${maxMs} ms of clock time`);
      if (Date.now() > deadline) throw new Error(`${what}: nothing after 30 s (${moved} ms of clock time)`);
      await clock.advance(stepMs);
      await Promise.race([settled, sleep(20)]);
    }
    return p;
  }

  /** When `auth`'s current token expires (from its latest token event). */
  expiresAt(auth: EntraAuth): number {
    return latestToken(auth).expiresOnTimestamp;
  }

  /**
   * The next planned refresh of `auth`: the clock moved to it, or waited for; resolves with the new
   * token's event once the credential answered.
   */
  async refresh(auth: EntraAuth): Promise<EntraTokenEvent> {
    const next = eventWithin(auth, "token", 15_000) as Promise<EntraTokenEvent>;
    if (this.clock) await this.past(latestToken(auth).refreshAt - 1);
    return next;
  }

  /**
   * One token life of `auth` passes: its planned refresh (the new token awaited), the re-AUTH spread
   * (re-AUTHs fall due), then the old token's expiry (the gateway closes the connections that did not
   * re-AUTH); on the real clock, until that expiry is 1 s behind.
   */
  async pastExpiry(auth: EntraAuth): Promise<void> {
    const expiresAt = this.expiresAt(auth);
    if (!this.clock) {
      await this.past(expiresAt + 1000);
      return;
    }
    await this.refresh(auth);
    await this.advance((TIMING.reauthSpreadMs ?? 250) + 1);
    await this.past(expiresAt);
  }

  /**
   * The gateway's front end down across `lives` token lives of `auth`: on the fake clock, down while the
   * clock moves through each refresh (its re-AUTHs falling due while disconnected) and past each expiry,
   * then up again; on the real clock down for `realDownForMs`.
   */
  async outage(gw: Gateway, auth: EntraAuth, lives: number, realDownForMs: number): Promise<void> {
    if (!this.clock) {
      await gw.restartFrontEnd({ downForMs: realDownForMs });
      return;
    }
    await gw.stopFrontEnd();
    try {
      for (let i = 0; i < lives; i++) {
        const expiresAt = this.expiresAt(auth);
        await this.refresh(auth);
        await this.advance((TIMING.reauthSpreadMs ?? 250) + 1);
        await this.past(expiresAt);
      }
    } finally {
      await gw.startFrontEnd();
    }
  }

  /**
   * `n` rotations of `auth`, each followed by its re-AUTHs: on the fake clock the refresh, then the
   * re-AUTH spread passed and, at the gateway, every open authenticated connection carrying the new
   * token (or a newer one); on the real clock the refreshes, then the spread.
   */
  async rotations(auth: EntraAuth, n: number): Promise<void> {
    const spread = TIMING.reauthSpreadMs ?? 250;
    for (let i = 0; i < n; i++) {
      if (!this.clock) {
        await eventWithin(auth, "token", 15_000);
        continue;
      }
      const { expiresOnTimestamp } = await this.refresh(auth);
      await this.advance(spread + 1);
      await this.reauthenticated(expiresOnTimestamp, `rotation ${i + 1}`);
    }
    if (!this.clock) await sleep(spread + 350);
  }

  /** Waits until every open authenticated gateway connection carries a token expiring at `expiresAt` or later. */
  async reauthenticated(expiresAt: number, what: string): Promise<void> {
    const gw = this.#gateway();
    // Token times go through the JWT's NumericDate (ms / 1000): allow for the rounding.
    const stale = () =>
      gw.connections().filter((c) => c.open && c.expiresAt !== undefined && c.expiresAt < expiresAt - 1);
    await waitFor(`every connection re-AUTHed after ${what}`, () => stale().length === 0, 15_000).catch(
      (err: unknown) => {
        throw new Error(
          `${String(err)}; still on an older token: ${JSON.stringify(stale().map((c) => ({ id: c.id, node: c.node })))}`,
        );
      },
    );
  }
}
