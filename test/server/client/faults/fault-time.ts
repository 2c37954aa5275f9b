/**
 * Time in the fault matrix (`ctx.time`): token time (refresh, re-AUTH spread, expiry) on a fake clock
 * shared by the token managers and the gateway. A row moves the clock to the next landmark (the planned
 * refresh, past the re-AUTH spread, past `exp`) and then waits, in real time and bounded, for the
 * events that follow (a `token` event, re-AUTHs, the gateway's close for expiry); sockets, redis-server
 * and the clients' own timers stay real. The clock, the latest tokens (`trackTokens`, called by
 * `authOn`) and the wait for re-AUTHs are the shared part, in support/token-time.ts.
 */
import type { EntraAuth, EntraTokenEvent } from "../../../../src/client/index.ts";
import { TIMING, type Gateway } from "../integration.ts";
import { latestToken, TokenTime } from "../../support/token-time.ts";
import { eventWithin, sleep, waitFor } from "../../support/time.ts";

export { trackTokens } from "../../support/token-time.ts";

/** What a row asks of token time, on the suite's fake clock (shared by the gateway and every token manager). */
export class FaultTime extends TokenTime {
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

  /** When `auth` plans its next refresh (from its latest token event). */
  refreshAt(auth: EntraAuth): number {
    return latestToken(auth).refreshAt;
  }

  /**
   * After `auth`'s new token `e` (e.g. awaited through `until`): moves the clock past the re-AUTH spread
   * and waits until the connections carry it (every connection, or `objectId`'s only).
   */
  async reauthsFor(
    e: EntraTokenEvent,
    what: string,
    options: { spreadMs?: number; objectId?: string } = {},
  ): Promise<void> {
    await this.advance((options.spreadMs ?? TIMING.reauthSpreadMs ?? 250) + 1);
    await this.reauthenticated(e.expiresOnTimestamp, what, options.objectId);
  }

  /**
   * `rotations(auth, n)` for one identity among several on the gateway (token managers whose refreshes
   * fall at other times): only `objectId`'s connections are awaited; `between(i)` (default nothing)
   * runs after rotation i (1-based), e.g. a wait for the app's load to make progress in that token life.
   */
  async rotationsOf(
    auth: EntraAuth,
    n: number,
    options: { objectId?: string; between?: (i: number) => Promise<void> } = {},
  ): Promise<void> {
    for (let i = 1; i <= n; i++) {
      const e = await this.refresh(auth);
      await this.reauthsFor(e, `rotation ${i}`, { objectId: options.objectId });
      await options.between?.(i);
    }
  }

  /** Clock time each token manager seen by `walk` got its latest token at. */
  readonly #arrived = new WeakMap<EntraAuth, number>();
  readonly #watched = new WeakSet<EntraAuth>();

  /**
   * Moves the clock in steps of `stepMs` (default 250: less than the refresh margin less the re-AUTH
   * spread) until `done()` holds, for several identities on one gateway whose refreshes fall at their
   * own times. After each step, for every token manager in `managed`: a refresh that fell due is
   * awaited (its new token), and once its re-AUTH spread has passed, its connections (`objectId`'s)
   * carrying that token; so no connection meets its old token's expiry with its re-AUTH still in flight.
   * Fails after `maxMs` of clock time (default 60 s).
   */
  async walk(
    done: () => boolean,
    managed: { auth: EntraAuth; objectId: string }[],
    options: { stepMs?: number; maxMs?: number; what?: string } = {},
  ): Promise<void> {
    const { stepMs = 250, maxMs = 60_000, what = "the walk's condition" } = options;
    const spreadMs = TIMING.reauthSpreadMs ?? 250;
    for (const { auth } of managed) {
      if (this.#watched.has(auth)) continue;
      this.#watched.add(auth);
      auth.on("token", () => this.#arrived.set(auth, this.clock.now()));
    }
    const start = this.now();
    while (!done()) {
      if (this.now() - start >= maxMs) throw new Error(`${what}: not after ${maxMs} ms of clock time`);
      await this.advance(stepMs);
      for (const { auth, objectId } of managed) {
        if (this.now() >= latestToken(auth).refreshAt) {
          await waitFor(`a new token (${objectId})`, () => this.now() < latestToken(auth).refreshAt, 15_000);
        }
        const arrived = this.#arrived.get(auth);
        if (arrived !== undefined && this.now() > arrived + spreadMs)
          await this.reauthenticated(latestToken(auth).expiresOnTimestamp, `${objectId}'s refresh`, objectId);
      }
    }
  }
}
