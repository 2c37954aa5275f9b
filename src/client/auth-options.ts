/**
 * The options of {@link createEntraAuth} and their checks: each option is validated once, here, and
 * turned into the resolved settings the token core runs on. Errors name the field, the value and a fix.
 */
import { REDIS_TOKEN_SCOPE } from "../internal/token-scope.ts";
import type { EntraClock } from "./clock.ts";
import type { EntraTokenCredential } from "./credentials.ts";
import { EntraAuthOptionsError, type EntraTokenExpiredError } from "./errors.ts";

/** Options of {@link createEntraAuth}. Durations are in milliseconds. */
export interface EntraAuthOptions {
  /** Any `@azure/identity` TokenCredential. Default: `new DefaultAzureCredential()` (loaded lazily). */
  credential?: EntraTokenCredential;
  /** Token scope. Default `https://redis.azure.com/.default`. */
  scope?: string;
  /** Redis username. Default: the token's `oid` claim (the principal's object id), which Azure expects. */
  username?: string;
  /** Refresh no later than this long before expiry. Default 180000 (3 minutes, Azure's documented minimum). */
  refreshMarginMs?: number;
  /** Refresh up to this much earlier still, at random, so a fleet spreads its AUTHs. Default 120000. */
  refreshJitterMs?: number;
  /** After a refresh, connections re-AUTH at random within this window (capped at half the old token's remaining life). Default 30000. */
  reauthSpreadMs?: number;
  /** Backoff for failed acquisitions: first delay (default 1000) and cap (default 30000), each with jitter. */
  retry?: { initialDelayMs?: number; maxDelayMs?: number };
  /** Give up on one getToken call after this long (a hanging token endpoint). Default 30000. */
  acquireTimeoutMs?: number;
  /** Called when the token expired and no newer one could be fetched (same as the `expired` event). */
  onTokenExpired?: (error: EntraTokenExpiredError) => void;
  /** Receives warnings (also emitted as `warning` events). Default: console.warn when nobody listens to `warning`. */
  logger?: { warn(message: string): void };
  /** Clock and timers (tests). Default: Date.now and unref'd timers. */
  clock?: EntraClock;
  /** Random source in [0, 1) (tests). Default Math.random. */
  random?: () => number;
}

/** The checked settings of the token core (durations in milliseconds). */
export interface ResolvedOptions {
  scope: string;
  username: string | undefined;
  refreshMarginMs: number;
  refreshJitterMs: number;
  reauthSpreadMs: number;
  initialDelayMs: number;
  maxDelayMs: number;
  acquireTimeoutMs: number;
}

function checkDuration(field: string, value: unknown, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < min) {
    throw new EntraAuthOptionsError(
      field,
      `expected a number of milliseconds >= ${min}, got ${String(value)}; pass e.g. ${fallback}`,
    );
  }
  return value;
}

/** Checks the options (throws {@link EntraAuthOptionsError} naming the field) and applies the defaults. */
export function resolveOptions(options: EntraAuthOptions): ResolvedOptions {
  if (options.credential !== undefined && typeof options.credential?.getToken !== "function") {
    throw new EntraAuthOptionsError(
      "credential",
      "expected a TokenCredential (an object with getToken()), e.g. new DefaultAzureCredential()",
    );
  }
  const scope = options.scope ?? REDIS_TOKEN_SCOPE;
  if (typeof scope !== "string" || scope.length === 0) {
    throw new EntraAuthOptionsError(
      "scope",
      `expected a non-empty string, got ${String(scope)}; use "${REDIS_TOKEN_SCOPE}"`,
    );
  }
  if (
    options.username !== undefined &&
    (typeof options.username !== "string" || options.username.trim() === "")
  ) {
    throw new EntraAuthOptionsError(
      "username",
      "expected the principal's object id (a non-empty string), or leave it out to use the token's oid",
    );
  }
  const initialDelayMs = checkDuration("retry.initialDelayMs", options.retry?.initialDelayMs, 1000, 1);
  const maxDelayMs = checkDuration(
    "retry.maxDelayMs",
    options.retry?.maxDelayMs,
    Math.max(30_000, initialDelayMs),
    1,
  );
  if (maxDelayMs < initialDelayMs) {
    throw new EntraAuthOptionsError(
      "retry.maxDelayMs",
      `(${maxDelayMs}) must be >= retry.initialDelayMs (${initialDelayMs})`,
    );
  }
  return {
    scope,
    username: options.username,
    refreshMarginMs: checkDuration("refreshMarginMs", options.refreshMarginMs, 180_000),
    refreshJitterMs: checkDuration("refreshJitterMs", options.refreshJitterMs, 120_000),
    reauthSpreadMs: checkDuration("reauthSpreadMs", options.reauthSpreadMs, 30_000),
    initialDelayMs,
    maxDelayMs,
    acquireTimeoutMs: checkDuration("acquireTimeoutMs", options.acquireTimeoutMs, 30_000, 1),
  };
}
