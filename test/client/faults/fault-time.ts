/**
 * Time in the fault matrix (`ctx.time`): token time (refresh, re-AUTH spread, expiry) on a fake clock
 * shared by the token managers and the gateway. A row moves the clock to the next landmark (the planned
 * refresh, past the re-AUTH spread, past `exp`) and then waits, in real time and bounded, for the
 * events that follow (a `token` event, re-AUTHs, the gateway's close for expiry); sockets, redis-server
 * and the clients' own timers stay real.
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

/** What a row asks of token time, on the suite's fake clock. */
export class FaultTime {
  /** The fake clock shared by the gateway and every token manager of the suite. */
  readonly clock: FakeClock;

  readonly #gateway: () => Gateway;

  /** @param gateway the suite's gateway (whose connections a rotation waits on) */
  constructor(clock: FakeClock, gateway: () => Gateway) {
    this.clock = clock;
    this.#gateway = gateway;
  }

  now(): number {
    return this.clock.now();
  }

  /** Moves the clock `ms` forward (due timers fire in order). */
  async advance(ms: number): Promise<void> {
    await this.clock.advance(Math.max(0, ms));
  }

  /** Moves the clock to just past `at` (ms since the epoch). */
  async past(at: number): Promise<void> {
    await this.advance(at - this.now() + 1);
  }

  /**
   * Moves the clock while waiting for `p` (retries, backoff, sweeps on the token manager's clock), in
   * steps of `stepMs`, each followed by a real pause of 20 ms for the sockets (about 2.5 times real
   * speed); fails after `maxMs` of clock time (default none) or 30 s of real time (what the client waits
   * on may be a library's own real-time timer).
   */
  async until<T>(p: Promise<T>, what: string, options: { stepMs?: number; maxMs?: number } = {}): Promise<T> {
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
      await this.clock.advance(stepMs);
      await Promise.race([settled, sleep(20)]);
    }
    return p;
  }

  /** When `auth`'s current token expires (from its latest token event). */
  expiresAt(auth: EntraAuth): number {
    return latestToken(auth).expiresOnTimestamp;
  }

  /** Moves the clock to `auth`'s planned refresh; resolves with the new token's event once the credential answered. */
  async refresh(auth: EntraAuth): Promise<EntraTokenEvent> {
    const next = eventWithin(auth, "token", 15_000) as Promise<EntraTokenEvent>;
    await this.past(latestToken(auth).refreshAt - 1);
    return next;
  }

  /**
   * One token life of `auth` passes: its planned refresh (the new token awaited), the re-AUTH spread
   * (re-AUTHs fall due), then the old token's expiry (the gateway closes the connections that did not
   * re-AUTH).
   */
  async pastExpiry(auth: EntraAuth): Promise<void> {
    const expiresAt = this.expiresAt(auth);
    await this.refresh(auth);
    await this.advance((TIMING.reauthSpreadMs ?? 250) + 1);
    await this.past(expiresAt);
  }

  /**
   * The gateway's front end down across `lives` token lives of `auth`: down while the clock moves
   * through each refresh (its re-AUTHs falling due while disconnected) and past each expiry, then up.
   */
  async outage(gw: Gateway, auth: EntraAuth, lives: number): Promise<void> {
    await gw.stopFrontEnd();
    try {
      for (let i = 0; i < lives; i++) await this.pastExpiry(auth);
    } finally {
      await gw.startFrontEnd();
    }
  }

  /**
   * `n` rotations of `auth`, each followed by its re-AUTHs: the refresh, then the re-AUTH spread passed
   * and, at the gateway, every open authenticated connection carrying the new token (or a newer one).
   */
  async rotations(auth: EntraAuth, n: number): Promise<void> {
    for (let i = 0; i < n; i++) {
      const { expiresOnTimestamp } = await this.refresh(auth);
      await this.advance((TIMING.reauthSpreadMs ?? 250) + 1);
      await this.reauthenticated(expiresOnTimestamp, `rotation ${i + 1}`);
    }
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
