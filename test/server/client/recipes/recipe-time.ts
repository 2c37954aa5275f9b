/**
 * Token time for the recipes: each recipe test has its own fake clock, shared by its gateway (which
 * mints the tokens, checks `exp` and closes a connection whose token expired) and its token managers
 * (refresh, re-AUTH spread). Tokens live an hour, as Entra's do, under the package's default timing.
 * Only {@link RecipeTime.rotate} moves the clock: to its landmarks, and while it waits for re-AUTHs,
 * after 2 s of real time, in small steps that stop short of the old token's expiry (the wait shared
 * with the fault matrix, support/token-time.ts); sockets, redis-server and the libraries' own timers
 * (BullMQ's drain delay, Redlock's retries, Socket.IO ...) stay real, so the app keeps working in real
 * time while token time jumps from one landmark to the next.
 */
import type { EntraAuth, EntraTokenEvent } from "../../../../src/client/index.ts";
import type { Gateway } from "../integration.ts";
import { FakeClock } from "../../../support/fake-clock.ts";
import { waitFor } from "../../support/time.ts";
import { latestToken, TokenTime, trackTokens } from "../../support/token-time.ts";

/** Token lifetime (ms) on the fake clock: an hour, like Entra's access tokens. */
export const LIFETIME_MS = 60 * 60_000;
/**
 * The package's default timing, spelled out so that the clock driver knows the re-AUTH window: a
 * refresh 3-5 minutes before expiry, re-AUTHs spread over 30 s. On the fake clock a token always
 * arrives with (nearly) its whole hour left, so margin + jitter always fit (no clamp warning).
 */
export const RECIPE_TIMING = { refreshMarginMs: 180_000, refreshJitterMs: 120_000, reauthSpreadMs: 30_000 };

/** Real time (ms) a new token may take to arrive after the clock made it due (re-AUTHs: 15 s, token-time.ts). */
const ARRIVAL_MS = 15_000;

/** One identity the clock driver rotates: its token manager and its object id (the gateway's username). */
export interface RecipeIdentity {
  readonly auth: EntraAuth;
  readonly objectId: string;
}

/** A point in token time where the driver stops: a planned refresh, or the end of a re-AUTH window. */
interface Landmark {
  at: number;
  identity: RecipeIdentity;
  /** Set for the end of a re-AUTH window: the new token's expiry its connections must carry. */
  reauthTo?: number;
}

/** The fake clock of one recipe test and what moves it. */
export class RecipeTime extends TokenTime {
  #gateway: Gateway | undefined;

  /** The clock starts at the real time (certificates and logs stay plausible), then moves only in {@link rotate}. */
  constructor() {
    super(new FakeClock(Date.now()), () => {
      if (!this.#gateway) throw new Error("RecipeTime: no gateway set");
      return this.#gateway;
    });
  }

  /** The gateway whose connections a rotation waits on (started on {@link clock}). */
  set gateway(gw: Gateway) {
    this.#gateway = gw;
  }

  /** Remembers `auth`'s latest token (call before it connects anything). */
  track(auth: EntraAuth): void {
    trackTokens(auth);
  }

  async #to(at: number): Promise<void> {
    await this.clock.advance(Math.max(0, at - this.clock.now()));
  }

  /**
   * One rotation of every identity in `identities`. The clock moves to each planned refresh in turn
   * (the new token awaited before it moves on: no acquisition is pending while it moves), then past
   * that identity's re-AUTH window (every open connection of the identity awaited, in real time, on
   * the new token), and finally past every old token's expiry, so that the gateway closes any
   * connection that did not re-AUTH (the recipes count such closes and fail on them).
   */
  async rotate(identities: readonly RecipeIdentity[], what: string): Promise<void> {
    const old = identities.map((identity) => latestToken(identity.auth));
    // The new tokens as they arrive (each wait is bounded when awaited: a later identity's refresh
    // may come long after the rotation started, on a loaded machine).
    const arrived = new Map<RecipeIdentity, EntraTokenEvent>();
    const listeners = identities.map((identity) => {
      const listener = (e: EntraTokenEvent) => arrived.set(identity, e);
      identity.auth.once("token", listener);
      return () => identity.auth.off("token", listener);
    });
    try {
      const landmarks: Landmark[] = identities.map((identity, i) => ({ at: old[i].refreshAt, identity }));
      landmarks.sort((a, b) => a.at - b.at);
      for (let landmark = landmarks.shift(); landmark; landmark = landmarks.shift()) {
        await this.#to(landmark.at);
        const { identity, reauthTo } = landmark;
        if (reauthTo === undefined) {
          await waitFor(`a new token at ${what}`, () => arrived.has(identity), ARRIVAL_MS, 5);
          const token = arrived.get(identity);
          if (!token) throw new Error(`${what}: no new token`);
          const end = this.clock.now() + RECIPE_TIMING.reauthSpreadMs + 1;
          landmarks.push({ at: end, identity, reauthTo: token.expiresOnTimestamp });
        } else await this.reauthenticated(reauthTo, what, identity.objectId);
        landmarks.sort((a, b) => a.at - b.at);
      }
    } finally {
      for (const remove of listeners) remove();
    }
    await this.#to(Math.max(...old.map((t) => t.expiresOnTimestamp)) + 1000);
  }
}
