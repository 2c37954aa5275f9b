/**
 * The one "on rotate → wait → act" of every adapter: after each token refresh, a connection acts
 * (re-AUTHs, rotates, hands node-redis the new credentials) at its own random moment within the
 * re-AUTH spread window (`auth.reauthDelayMs()`), so a fleet doesn't AUTH in the same tick. Timers
 * run on the token manager's clock; cancelling drops the subscription and every pending wait.
 */
import { internalsOf } from "./auth-internals.ts";
import type { EntraRedisCredentials } from "./credentials.ts";
import type { EntraAuth } from "./entra-auth.ts";

/** What one subscriber of the scheduler does on each rotation. */
export interface RotationPlan {
  /** Runs at once, when the new token arrives (e.g. put it into the connection's options). */
  now?(creds: EntraRedisCredentials): void;
  /** Runs after the connection's staggered delay. */
  later(creds: EntraRedisCredentials): void;
  /**
   * True: a new rotation replaces a wait still pending (only the latest acts). False (default): each
   * rotation's wait runs.
   */
  latestOnly?: boolean;
}

/**
 * Subscribes `plan` to the rotations of `auth`; returns the function that cancels it. `missed`: a
 * token the connection does not hold yet, though it arrived before this subscription (a refresh
 * while the connection was being made): the plan runs for it at once, as for a rotation arriving now.
 * Without it the connection would keep its older token past that token's expiry (the next refresh
 * comes a whole token life later).
 */
export function scheduleRotations(
  auth: EntraAuth,
  plan: RotationPlan,
  missed?: EntraRedisCredentials,
): () => void {
  const { clock } = internalsOf(auth);
  const pending = new Set<unknown>();
  const clear = (): void => {
    for (const handle of pending) clock.clearTimeout(handle);
    pending.clear();
  };
  const rotate = (creds: EntraRedisCredentials): void => {
    plan.now?.(creds);
    if (plan.latestOnly) clear();
    const handle = clock.setTimeout(() => {
      pending.delete(handle);
      plan.later(creds);
    }, auth.reauthDelayMs());
    pending.add(handle);
  };
  const off = auth.onRotate(rotate);
  if (missed) rotate(missed);
  return () => {
    off();
    clear();
  };
}
