/**
 * The gateway's time limits for connections that have not proven anything yet: a TLS handshake must
 * finish, and a connection that has not authenticated may not sit idle, for longer than these (both
 * bounded, both options of `startLocalEntraRedis`).
 */
import type { LocalEntraRedisOptions } from "./types.ts";

/** Default of `tlsHandshakeTimeoutMs`. */
export const DEFAULT_TLS_HANDSHAKE_MS = 10_000;
/** Default of `unauthenticatedIdleTimeoutMs`. */
export const DEFAULT_UNAUTHENTICATED_IDLE_MS = 60_000;
/** Longest a Node.js timer waits (about 24.8 days). */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** Throws a RangeError naming the option when a timeout is not a whole number of ms from 1 to 2^31-1. */
export function checkTimeouts(o: LocalEntraRedisOptions): void {
  for (const name of ["tlsHandshakeTimeoutMs", "unauthenticatedIdleTimeoutMs"] as const) {
    const v = o[name];
    if (v === undefined) continue;
    if (!(Number.isInteger(v) && v >= 1 && v <= MAX_TIMEOUT_MS)) {
      throw new RangeError(
        `startLocalEntraRedis(): ${name} must be a whole number of milliseconds from 1 to ${MAX_TIMEOUT_MS} (got ${String(v)})`,
      );
    }
  }
}

/** The timeouts in force for these options (defaults filled in). */
export function gatewayTimeouts(o: LocalEntraRedisOptions): {
  tlsHandshakeMs: number;
  unauthenticatedIdleMs: number;
} {
  return {
    tlsHandshakeMs: o.tlsHandshakeTimeoutMs ?? DEFAULT_TLS_HANDSHAKE_MS,
    unauthenticatedIdleMs: o.unauthenticatedIdleTimeoutMs ?? DEFAULT_UNAUTHENTICATED_IDLE_MS,
  };
}
