/**
 * Token time on a fake clock shared by a local Entra gateway (which mints the tokens, checks `exp` and
 * closes a connection whose token expired) and the token managers (refresh, re-AUTH spread): what the
 * two clock drivers share, the recipes' (client/recipes/recipe-time.ts) and the fault matrix's
 * (client/faults/fault-time.ts). Each driver moves the clock to its landmarks; this module remembers
 * each token manager's latest token and waits, in real time and bounded, until the gateway's
 * connections carry a new token.
 */
import type { EntraAuth, EntraTokenEvent } from "../../../src/client/index.ts";
import type { startLocalEntraRedis } from "../../../src/testing/index.ts";
import type { FakeClock } from "../../support/fake-clock.ts";
import { waitFor } from "./time.ts";

type Gateway = Awaited<ReturnType<typeof startLocalEntraRedis>>;
type GatewayConnection = ReturnType<Gateway["connections"]>[number];

/** The latest `token` event of each tracked token manager (its planned refresh and expiry). */
const latest = new WeakMap<EntraAuth, EntraTokenEvent>();

/** Remembers `auth`'s latest token event (call before it connects anything). */
export function trackTokens(auth: EntraAuth): void {
  auth.on("token", (e) => latest.set(auth, e));
}

/** `auth`'s latest token event; fails when it has none (not tracked, or not connected yet). */
export function latestToken(auth: EntraAuth): EntraTokenEvent {
  const e = latest.get(auth);
  if (!e) throw new Error("no token yet on this token manager (tracked with trackTokens, and connected?)");
  return e;
}

/**
 * The gateway's open authenticated connections (of `objectId` only, when given) whose token expires
 * before `expiresAt`. Token times go through the JWT's NumericDate (ms / 1000): allow for the rounding.
 */
export function staleConnections(gw: Gateway, expiresAt: number, objectId?: string): GatewayConnection[] {
  return gw
    .connections()
    .filter(
      (c) =>
        c.open &&
        (objectId === undefined || c.objectId === objectId) &&
        c.expiresAt !== undefined &&
        c.expiresAt < expiresAt - 1,
    );
}

/** A fake clock and the gateway whose connections the driver waits on. */
export class TokenTime {
  /** The fake clock shared by the gateway and the token managers. */
  readonly clock: FakeClock;

  readonly #gateway: () => Gateway;

  /** @param gateway the gateway on `clock` (whose connections a rotation waits on) */
  constructor(clock: FakeClock, gateway: () => Gateway) {
    this.clock = clock;
    this.#gateway = gateway;
  }

  /**
   * Waits (at most 15 s of real time) until every open authenticated gateway connection (`objectId`'s
   * only, when given) carries a token expiring at `expiresAt` or later. A connection still stale after
   * 2 s of real time may be waiting on a retry its client scheduled on this clock (a make-before-break
   * rotation that failed backs off on the token manager's clock, which stands still while the test
   * waits: a full profile at load ~11 timed out so). The clock then moves on in 25 ms steps, as real
   * time would, but never to within 50 ms of the earliest stale token's expiry: nothing expires, and
   * no connection is closed, because the test waited.
   */
  async reauthenticated(expiresAt: number, what: string, objectId?: string): Promise<void> {
    const gw = this.#gateway();
    const stale = () => staleConnections(gw, expiresAt, objectId);
    const whose = objectId === undefined ? "every connection" : `${objectId}'s connections`;
    const start = Date.now();
    await waitFor(
      `${whose} re-AUTHed after ${what}`,
      async () => {
        const left = stale();
        if (left.length === 0) return true;
        if (Date.now() - start > 2000) {
          const limit = Math.min(...left.map((c) => c.expiresAt ?? Infinity)) - 50;
          if (this.clock.now() + 25 < limit) await this.clock.advance(25);
        }
        return false;
      },
      15_000,
      50,
    ).catch((err: unknown) => {
      throw new Error(
        `${String(err)}; still on an older token: ${JSON.stringify(stale().map((c) => ({ id: c.id, node: c.node })))}`,
      );
    });
  }
}
