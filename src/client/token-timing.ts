/**
 * The token manager's timing decisions as pure functions: when to refresh, how long to back off,
 * over what window connections spread their re-AUTH, whether a forced refresh is worth it, and whether
 * a token the credential returned is usable, stale or expired. No timers, no clock, no state: the
 * caller passes `now` and a random draw, so every decision is tested with plain values
 * (`test/client/token-timing.test.ts`). `EntraAuth` keeps the state and the timers.
 */

/** Refresh schedule settings (milliseconds). */
export interface RefreshPolicy {
  /** Refresh no later than this long before expiry. */
  marginMs: number;
  /** Up to this much earlier still, at random. */
  jitterMs: number;
}

/** A planned refresh. */
export interface RefreshPlan {
  /** When to refresh (ms since the epoch). */
  refreshAt: number;
  /** True when margin + jitter did not fit in the token's life and 25-50% of it was used instead. */
  clamped: boolean;
}

/**
 * When to refresh a token that expires at `expiresOn`: `marginMs` before expiry, moved earlier by up
 * to `jitterMs` (`random` in [0, 1) picks where), or from the credential's `refreshAfter` on when that
 * comes first. When margin + jitter leave less than a quarter of the token's remaining life, refresh
 * between 25% and 50% of it instead (no spinning on short tokens).
 */
export function planRefresh(
  policy: RefreshPolicy,
  now: number,
  expiresOn: number,
  refreshAfter: number | undefined,
  random: number,
): RefreshPlan {
  const lifetime = expiresOn - now;
  let latest = expiresOn - policy.marginMs;
  let jitter = policy.jitterMs;
  let clamped = false;
  if (latest - jitter < now + lifetime * 0.25) {
    latest = now + lifetime * 0.5;
    jitter = lifetime * 0.25;
    clamped = true;
  }
  if (
    refreshAfter !== undefined &&
    Number.isFinite(refreshAfter) &&
    refreshAfter > now &&
    refreshAfter < latest
  ) {
    return { refreshAt: refreshAfter + random * Math.min(jitter, latest - refreshAfter), clamped };
  }
  return { refreshAt: latest - random * jitter, clamped };
}

/** Retry settings for failed acquisitions (milliseconds). */
export interface BackoffPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
}

/**
 * Delay before retry number `attempt` (1 for the first failure): exponential from `initialDelayMs`,
 * capped at `maxDelayMs`, with "equal jitter" (between half and all of it). While the current token is
 * still valid for `tokenValidForMs`, never wait longer than half of that (but at least 250 ms or the
 * initial delay, whichever is smaller), so a retry still lands before expiry.
 */
export function backoffDelay(
  policy: BackoffPolicy,
  attempt: number,
  tokenValidForMs: number,
  random: number,
): number {
  const base = Math.min(
    policy.maxDelayMs,
    policy.initialDelayMs * 2 ** Math.min(Math.max(attempt, 1) - 1, 30),
  );
  const delay = base / 2 + random * (base / 2);
  if (tokenValidForMs <= 0) return delay;
  return Math.min(delay, Math.max(Math.min(policy.initialDelayMs, 250), tokenValidForMs / 2));
}

/** Retries of a subscriber's failed make-before-break rotation (ioredis and node-redis subscribers). */
export const SUBSCRIBER_ROTATION_RETRY: BackoffPolicy = { initialDelayMs: 100, maxDelayMs: 5000 };

/** At most this many getToken calls at once while no valid token exists (then the oldest gives way). */
export const MAX_PARALLEL_ACQUISITIONS = 4;

/**
 * While no valid token exists, how long after the `started`-th getToken call (1 for the first) to
 * start another one alongside if none has answered: the backoff's growth (initial delay doubling),
 * capped at the backoff's cap and at 5 s. Beyond {@link MAX_PARALLEL_ACQUISITIONS} calls in flight the
 * oldest is aborted. A credential that hung (a stuck IMDS call) then costs one interval after it
 * recovers, not the whole `acquireTimeoutMs`.
 */
export function hedgeDelay(policy: BackoffPolicy, started: number): number {
  return Math.min(policy.initialDelayMs * 2 ** Math.max(0, started - 1), policy.maxDelayMs, 5000);
}

/**
 * The window within which connections re-AUTH after a refresh: `spreadMs`, but at most half of the
 * old token's remaining life (so every re-AUTH lands before it expires); 0 for the first token.
 */
export function reauthWindow(spreadMs: number, now: number, oldExpiresOn: number | undefined): number {
  if (oldExpiresOn === undefined) return 0;
  return Math.max(0, Math.min(spreadMs, (oldExpiresOn - now) / 2));
}

/** One connection's re-AUTH delay in the window (`random` in [0, 1)). */
export function reauthDelay(windowMs: number, random: number): number {
  return Math.floor(random * windowMs);
}

/**
 * Whether a forced refresh (after a refusal) should ask the credential again: not while the current
 * token is younger than 10% of its life (at most 10 s). Many connections refused at once (a backend
 * restart) then cost one acquisition, not one each.
 */
export function forcedRefreshAllowed(now: number, receivedAt: number, expiresOn: number): boolean {
  const age = now - receivedAt;
  const life = expiresOn - receivedAt;
  return age >= Math.min(10_000, life / 10);
}

/**
 * When a token really expires: the earlier of the credential's `expiresOnTimestamp` and the JWT's
 * `exp` claim (seconds), since Redis enforces `exp` whatever the credential says.
 */
export function effectiveExpiry(expiresOnTimestamp: number, expClaimSeconds: number | undefined): number {
  if (expClaimSeconds === undefined || !Number.isFinite(expClaimSeconds)) return expiresOnTimestamp;
  return Math.min(expiresOnTimestamp, expClaimSeconds * 1000);
}

/** What to do with a token the credential returned. */
export type TokenVerdict =
  /** Newer than the current one: adopt it. */
  | "fresh"
  /** Already expired: a failed acquisition. */
  | "expired"
  /** Not newer than the current one (a cached copy): a failed acquisition ("stale"), retried soon. */
  | "stale"
  /** Not newer, but asked for by a forced refresh while the current one is valid: keep the current one. */
  | "keep-current";

/**
 * Classifies a token the credential returned (`expiresOn` already the effective expiry) against the
 * current token's expiry (`currentExpiresOn`, undefined for the first token).
 */
export function judgeToken(
  now: number,
  expiresOn: number,
  currentExpiresOn: number | undefined,
  forced: boolean,
): TokenVerdict {
  if (expiresOn <= now) return "expired";
  if (currentExpiresOn !== undefined && expiresOn <= currentExpiresOn) {
    return forced && currentExpiresOn > now ? "keep-current" : "stale";
  }
  return "fresh";
}
