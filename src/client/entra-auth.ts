/**
 * Token lifecycle for Redis with Microsoft Entra ID: fetch, refresh ahead of expiry with jitter, retry
 * with backoff, detect cached (not newer) tokens, and tell the connection adapters when to re-AUTH.
 */
import { EventEmitter } from "node:events";
import { REDIS_TOKEN_SCOPE } from "../internal/token-scope.ts";
import { clientIdOf, readClaims, type TokenClaims } from "./claims.ts";
import { systemClock, type EntraClock } from "./clock.ts";
import { makeCredentials, type EntraRedisCredentials, type EntraTokenCredential } from "./credentials.ts";
import {
  EntraAuthClosedError,
  EntraAuthOptionsError,
  EntraTokenAcquisitionError,
  EntraTokenExpiredError,
} from "./errors.ts";
import { errorName, redact, safeMessage } from "./redact.ts";
import {
  backoffDelay,
  effectiveExpiry,
  forcedRefreshAllowed,
  hedgeDelay,
  MAX_PARALLEL_ACQUISITIONS,
  judgeToken,
  planRefresh,
  reauthDelay,
  reauthWindow,
} from "./token-timing.ts";

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

/** Emitted after every token fetched (the first and each refresh). Never carries the token. */
export interface EntraTokenEvent {
  username: string;
  expiresOnTimestamp: number;
  /** When the next refresh is planned (ms since the epoch). */
  refreshAt: number;
  /** False for the first token, true for refreshes. */
  rotation: boolean;
}

/** Emitted when an acquisition failed or returned a token that is not newer than the current one. */
export interface EntraRefreshFailedEvent {
  reason: "error" | "stale";
  /** Redacted explanation. */
  message: string;
  /** Consecutive failures so far. */
  attempt: number;
  retryInMs: number;
  /** How long the current token stays valid (<= 0 when expired or none). */
  tokenValidForMs: number;
}

/** Emitted by the connection adapters about one connection. */
export interface EntraConnectionEvent {
  client: "ioredis" | "node-redis";
  /** `host:port` (plus a role like `subscriber`), never credentials. */
  connection: string;
}

/** Emitted when a connection's re-AUTH failed (after the forced-refresh retry, for WRONGPASS). */
export interface EntraReauthFailedEvent extends EntraConnectionEvent {
  /** Redacted error message. */
  message: string;
}

/** Typed events of {@link EntraAuth}. */
export interface EntraAuthEvents {
  token: [EntraTokenEvent];
  refreshFailed: [EntraRefreshFailedEvent];
  expired: [EntraTokenExpiredError];
  warning: [{ code: string; message: string }];
  reauthenticated: [EntraConnectionEvent];
  reauthFailed: [EntraReauthFailedEvent];
  subscriberRotated: [EntraConnectionEvent];
  closed: [];
}

/** What the token manager knows, for diagnostics ({@link explainRedisAuthError}); no secrets. */
export interface EntraAuthDiagnostics {
  scope: string;
  username: string | undefined;
  /** True when the username came from the options rather than the token's oid. */
  usernameOverridden: boolean;
  claims: TokenClaims | undefined;
  expiresOnTimestamp: number | undefined;
  tokenExpired: boolean;
  lastRefreshError: string | undefined;
  consecutiveFailures: number;
}

interface ResolvedOptions {
  scope: string;
  username: string | undefined;
  refreshMarginMs: number;
  refreshJitterMs: number;
  reauthSpreadMs: number;
  initialDelayMs: number;
  maxDelayMs: number;
  acquireTimeoutMs: number;
}

interface CurrentToken {
  creds: EntraRedisCredentials;
  claims: TokenClaims | undefined;
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

/**
 * Keeps an Entra access token for Redis fresh. Create with {@link createEntraAuth}; hand it to
 * `connectIoredis`, `connectIoredisCluster`, `nodeRedisCredentials` and friends.
 */
export class EntraAuth extends EventEmitter<EntraAuthEvents> {
  readonly #opts: ResolvedOptions;
  readonly #clock: EntraClock;
  readonly #random: () => number;
  readonly #onTokenExpired: ((error: EntraTokenExpiredError) => void) | undefined;
  readonly #logger: { warn(message: string): void } | undefined;
  #credential: EntraTokenCredential | undefined;
  #current: CurrentToken | undefined;
  #currentReceivedAt: number | undefined;
  #inflight: Promise<EntraRedisCredentials> | undefined;
  #refreshTimer: unknown;
  #expiryTimer: unknown;
  #failures = 0;
  #lastError: string | undefined;
  #closed = false;
  #spreadMs = 0;
  #expiredReported = false;
  readonly #rotationListeners = new Set<(creds: EntraRedisCredentials) => void>();
  readonly #expiryListeners = new Set<(error: EntraTokenExpiredError) => void>();
  readonly #warned = new Set<string>();

  constructor(options: EntraAuthOptions = {}) {
    super();
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
    this.#opts = {
      scope,
      username: options.username,
      refreshMarginMs: checkDuration("refreshMarginMs", options.refreshMarginMs, 180_000),
      refreshJitterMs: checkDuration("refreshJitterMs", options.refreshJitterMs, 120_000),
      reauthSpreadMs: checkDuration("reauthSpreadMs", options.reauthSpreadMs, 30_000),
      initialDelayMs,
      maxDelayMs,
      acquireTimeoutMs: checkDuration("acquireTimeoutMs", options.acquireTimeoutMs, 30_000, 1),
    };
    this.#credential = options.credential;
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? Math.random;
    this.#onTokenExpired = options.onTokenExpired;
    this.#logger = options.logger;
    if (scope !== REDIS_TOKEN_SCOPE) {
      this.#warn(
        "scope",
        `scope "${scope}" is not "${REDIS_TOKEN_SCOPE}": Azure Redis rejects tokens for other audiences`,
      );
    }
  }

  /** The scope tokens are requested for. */
  get scope(): string {
    return this.#opts.scope;
  }

  /** True after {@link close}. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Valid credentials: the current ones while the token is valid, otherwise a fresh acquisition
   * (shared with any acquisition already in flight). The first call starts the refresh schedule.
   */
  async getCredentials(): Promise<EntraRedisCredentials> {
    if (this.#closed) throw new EntraAuthClosedError();
    const valid = this.current();
    if (valid) return valid;
    if (this.#inflight) return this.#inflight;
    if (this.#current && this.#refreshTimer !== undefined && this.#failures > 0) {
      // The token expired and background retries are under way: don't hammer the credential on every
      // reconnect; the caller retries and the background loop reports recovery via onRotate.
      throw new EntraTokenExpiredError(this.#current.creds.expiresOnTimestamp, this.#lastError);
    }
    return this.#acquire(false);
  }

  /** The current credentials if the token is still valid, otherwise undefined. Synchronous. */
  current(): EntraRedisCredentials | undefined {
    const cur = this.#current;
    return cur && cur.creds.expiresOnTimestamp > this.#clock.now() ? cur.creds : undefined;
  }

  /**
   * Asks the credential for a token now (e.g. after WRONGPASS). Resolves with the newest credentials
   * (the same ones when the credential only had its cached token); rotation listeners fire if newer.
   */
  async refresh(): Promise<EntraRedisCredentials> {
    if (this.#closed) throw new EntraAuthClosedError();
    if (this.#inflight) return this.#inflight;
    // Many connections can hit WRONGPASS at once (e.g. a backend restart): one forced refresh per
    // token is enough, and a token younger than 10% of its life (max 10 s) is not replaced.
    const cur = this.current();
    if (
      cur &&
      this.#currentReceivedAt !== undefined &&
      !forcedRefreshAllowed(this.#clock.now(), this.#currentReceivedAt, cur.expiresOnTimestamp)
    ) {
      return cur;
    }
    return this.#acquire(true);
  }

  /**
   * Registers a listener called with the new credentials after each refresh (not the first token).
   * Connection adapters use it to re-AUTH; returns an unsubscribe function.
   */
  onRotate(listener: (creds: EntraRedisCredentials) => void): () => void {
    this.#rotationListeners.add(listener);
    return () => this.#rotationListeners.delete(listener);
  }

  /**
   * Registers a listener called when the token expired without a replacement (like the `expired`
   * event, without growing the event listener count per connection). Returns an unsubscribe function.
   */
  onExpired(listener: (error: EntraTokenExpiredError) => void): () => void {
    this.#expiryListeners.add(listener);
    return () => this.#expiryListeners.delete(listener);
  }

  /** A random delay in [0, spread) at which one connection should re-AUTH after the latest refresh. */
  reauthDelayMs(): number {
    return reauthDelay(this.#spreadMs, this.#random());
  }

  /** State for diagnostics; contains no secret. */
  diagnostics(): EntraAuthDiagnostics {
    const cur = this.#current;
    return {
      scope: this.#opts.scope,
      username: cur?.creds.username ?? this.#opts.username,
      usernameOverridden: this.#opts.username !== undefined,
      claims: cur?.claims,
      expiresOnTimestamp: cur?.creds.expiresOnTimestamp,
      tokenExpired: cur !== undefined && cur.creds.expiresOnTimestamp <= this.#clock.now(),
      lastRefreshError: this.#lastError,
      consecutiveFailures: this.#failures,
    };
  }

  /** Stops all timers and refreshes; pending and later getCredentials() calls reject. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#clearTimer("refresh");
    this.#clearTimer("expiry");
    this.#rotationListeners.clear();
    this.#expiryListeners.clear();
    this.emit("closed");
  }

  /** Internal: the token manager's clock (ms since the epoch), for adapters comparing expiries. */
  now(): number {
    return this.#clock.now();
  }

  /** Internal: adapters report warnings through here (deduplicated by code). */
  warnOnce(code: string, message: string): void {
    this.#warn(code, message);
  }

  /** Internal: redacts the current token and anything JWT-like from a message. */
  redact(text: string): string {
    return redact(text, [this.#current?.creds.password]);
  }

  #warn(code: string, message: string): void {
    if (this.#warned.has(code)) return;
    this.#warned.add(code);
    const safe = redact(message);
    if (this.#logger) this.#logger.warn(`azure-redis-entra: ${safe}`);
    else if (this.listenerCount("warning") === 0) console.warn(`azure-redis-entra: ${safe}`);
    this.emit("warning", { code, message: safe });
  }

  async #getCredential(): Promise<EntraTokenCredential> {
    if (!this.#credential) {
      const identity = await import("@azure/identity");
      this.#credential = new identity.DefaultAzureCredential();
    }
    return this.#credential;
  }

  #acquire(forced: boolean): Promise<EntraRedisCredentials> {
    if (forced) this.#clearTimer("refresh");
    const run = this.#fetchOnce(forced).then(
      (creds) => {
        this.#inflight = undefined;
        return creds;
      },
      (err: unknown) => {
        this.#inflight = undefined;
        throw err;
      },
    );
    this.#inflight = run;
    return run;
  }

  async #fetchOnce(forced: boolean): Promise<EntraRedisCredentials> {
    const previous = this.#current;
    let token: { token: string; expiresOnTimestamp: number; refreshAfterTimestamp?: number } | null;
    try {
      token = await this.#callCredential();
    } catch (err) {
      return this.#failed("error", err instanceof EntraTokenAcquisitionError ? err : this.#wrap(err));
    }
    if (this.#closed) throw new EntraAuthClosedError();
    if (!token || typeof token.token !== "string" || !Number.isFinite(token.expiresOnTimestamp)) {
      return this.#failed(
        "error",
        new EntraTokenAcquisitionError(
          `The credential returned no token for scope "${this.#opts.scope}"`,
          "Error",
        ),
      );
    }
    const claims = await readClaims(token.token);
    if (this.#closed) throw new EntraAuthClosedError();
    // Redis enforces the JWT's exp whatever the credential says: the earlier of the two counts.
    const expiresOn = effectiveExpiry(token.expiresOnTimestamp, claims?.exp);
    const now = this.#clock.now();
    const verdict = judgeToken(now, expiresOn, previous?.creds.expiresOnTimestamp, forced);
    if (verdict === "expired") {
      return this.#failed(
        "error",
        new EntraTokenAcquisitionError(
          `The credential returned a token that expired at ${new Date(expiresOn).toISOString()}` +
            (expiresOn < token.expiresOnTimestamp
              ? ` (its exp claim; the credential said ${new Date(token.expiresOnTimestamp).toISOString()})`
              : ""),
          "Error",
        ),
      );
    }
    if (previous && verdict === "keep-current") {
      // A forced refresh (after WRONGPASS) that only got the cached token: keep the normal schedule.
      const refreshAt = this.#planRefresh(now, previous.creds.expiresOnTimestamp, undefined);
      this.#setTimer("refresh", refreshAt - now, () => void this.#backgroundRefresh());
      return previous.creds;
    }
    if (verdict === "stale") {
      // A cached copy: keep the current token, ask again soon (the .NET extension ignores these too).
      return this.#failed(
        "stale",
        new EntraTokenAcquisitionError(
          `The credential returned its cached token again (expires ${new Date(expiresOn).toISOString()}), not a newer one`,
          "StaleToken",
        ),
      );
    }
    const username = this.#resolveUsername(claims);
    if (username instanceof EntraTokenAcquisitionError) return this.#failed("error", username);
    const creds = makeCredentials(username, token.token, expiresOn);
    this.#current = { creds, claims };
    this.#currentReceivedAt = now;
    this.#failures = 0;
    this.#lastError = undefined;
    this.#expiredReported = false;
    this.#spreadMs = reauthWindow(this.#opts.reauthSpreadMs, now, previous?.creds.expiresOnTimestamp);
    const refreshAt = this.#planRefresh(now, expiresOn, token.refreshAfterTimestamp);
    this.#setTimer("refresh", refreshAt - now, () => void this.#backgroundRefresh());
    this.#clearTimer("expiry");
    this.#setTimer("expiry", expiresOn - now, () => this.#onExpiry());
    this.emit("token", {
      username,
      expiresOnTimestamp: expiresOn,
      refreshAt,
      rotation: previous !== undefined,
    });
    if (previous) {
      for (const listener of [...this.#rotationListeners]) {
        try {
          listener(creds);
        } catch (err) {
          this.#warn("listener", `a rotation listener threw: ${safeMessage(err, [creds.password])}`);
        }
      }
    }
    return creds;
  }

  async #callCredential(): Promise<{
    token: string;
    expiresOnTimestamp: number;
    refreshAfterTimestamp?: number;
  } | null> {
    const credential = await this.#getCredential();
    type Answer = { token: string; expiresOnTimestamp: number; refreshAfterTimestamp?: number } | null;
    // One getToken call at a time while a valid token exists. Without one (expired, or none yet), a
    // call that hangs is not waited for alone: another starts alongside at growing intervals
    // (hedgeDelay), the first answer wins, so recovery follows the credential's within one interval.
    return new Promise<Answer>((resolve, reject) => {
      // Calls in flight, oldest first, each with the function that ends it.
      const controllers = new Map<AbortController, (err: unknown) => void>();
      let settled = false;
      let outstanding = 0;
      let started = 0;
      let hedgeTimer: unknown;
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        this.#clock.clearTimeout(hedgeTimer);
        for (const c of controllers.keys()) c.abort();
        controllers.clear();
        fn();
      };
      const scheduleHedge = () => {
        const delay = hedgeDelay(this.#opts, started);
        hedgeTimer = this.#clock.setTimeout(() => {
          if (settled || this.#closed) return;
          if (this.current()) scheduleHedge();
          else attempt();
        }, delay);
      };
      const attempt = () => {
        if (controllers.size >= MAX_PARALLEL_ACQUISITIONS) {
          // Rolling: the oldest call gives way to a new one.
          const [oldest, endOldest] = controllers.entries().next().value!;
          oldest.abort();
          endOldest(new Error("superseded by a newer getToken call"));
        }
        started += 1;
        outstanding += 1;
        const controller = new AbortController();
        let done = false;
        const end = (err: unknown, value?: Answer) => {
          if (done) return;
          done = true;
          this.#clock.clearTimeout(timer);
          controllers.delete(controller);
          outstanding -= 1;
          if (err === undefined) finish(() => resolve(value ?? null));
          else if (outstanding === 0) finish(() => reject(err));
        };
        controllers.set(controller, end);
        const timer = this.#clock.setTimeout(() => {
          controller.abort();
          end(
            new EntraTokenAcquisitionError(
              `getToken for scope "${this.#opts.scope}" did not answer within ${this.#opts.acquireTimeoutMs} ms (acquireTimeoutMs)`,
              "TimeoutError",
            ),
          );
        }, this.#opts.acquireTimeoutMs);
        Promise.resolve()
          .then(() => credential.getToken(this.#opts.scope, { abortSignal: controller.signal }))
          .then(
            (value) => end(undefined, value),
            (err: unknown) => end(err ?? new Error("getToken rejected")),
          );
        this.#clock.clearTimeout(hedgeTimer);
        scheduleHedge();
      };
      attempt();
    });
  }

  #wrap(err: unknown): EntraTokenAcquisitionError {
    const name = errorName(err);
    const credName =
      (this.#credential as { constructor?: { name?: string } } | undefined)?.constructor?.name ??
      "the credential";
    return new EntraTokenAcquisitionError(
      `Could not get an Entra token for scope "${this.#opts.scope}" from ${credName} (${name}): ${safeMessage(err, [this.#current?.creds.password])}`,
      name,
    );
  }

  #failed(reason: "error" | "stale", error: EntraTokenAcquisitionError): never {
    if (this.#closed) throw new EntraAuthClosedError();
    this.#failures += 1;
    this.#lastError = error.message;
    const now = this.#clock.now();
    const validFor = this.#current ? this.#current.creds.expiresOnTimestamp - now : 0;
    const delay = backoffDelay(this.#opts, this.#failures, validFor, this.#random());
    // Retry in the background only while there is a token to protect; a first acquisition that fails
    // is reported to its caller, who decides (connections retry with their own backoff).
    if (this.#current) {
      this.#clearTimer("refresh");
      this.#setTimer("refresh", delay, () => void this.#backgroundRefresh());
    }
    this.emit("refreshFailed", {
      reason,
      message: error.message,
      attempt: this.#failures,
      retryInMs: this.#current ? Math.round(delay) : -1,
      tokenValidForMs: validFor,
    });
    throw error;
  }

  async #backgroundRefresh(): Promise<void> {
    this.#refreshTimer = undefined;
    if (this.#closed) return;
    try {
      await (this.#inflight ?? this.#acquire(false));
    } catch {
      // Reported through `refreshFailed`; the next attempt is already scheduled.
    }
  }

  #planRefresh(now: number, expiresOn: number, refreshAfter: number | undefined): number {
    const policy = { marginMs: this.#opts.refreshMarginMs, jitterMs: this.#opts.refreshJitterMs };
    const plan = planRefresh(policy, now, expiresOn, refreshAfter, this.#random());
    if (plan.clamped) {
      this.#warn(
        "clamp",
        `refreshMarginMs + refreshJitterMs (${policy.marginMs + policy.jitterMs} ms) do not fit in the token lifetime (${Math.round(expiresOn - now)} ms); refreshing between 25% and 50% of the lifetime instead`,
      );
    }
    return plan.refreshAt;
  }

  #resolveUsername(claims: TokenClaims | undefined): string | EntraTokenAcquisitionError {
    const override = this.#opts.username;
    const oid = claims?.oid;
    if (override !== undefined) {
      if (oid && override !== oid) {
        const clientId = clientIdOf(claims);
        this.#warn(
          "username",
          override === clientId
            ? `username "${override}" is the application's client id; Azure Redis expects the object id "${oid}" (the token's oid): remove the username option`
            : `username "${override}" differs from the token's object id "${oid}"; Azure Redis expects the object id unless you know better`,
        );
      }
      return override;
    }
    if (!oid) {
      return new EntraTokenAcquisitionError(
        "The token has no oid claim (or is not a JWT), so the Redis username can't be derived: pass `username` (the principal's object id)",
        "Error",
      );
    }
    return oid;
  }

  #onExpiry(): void {
    this.#expiryTimer = undefined;
    const cur = this.#current;
    if (this.#closed || !cur || this.#expiredReported) return;
    const left = cur.creds.expiresOnTimestamp - this.#clock.now();
    if (left > 0) {
      // Timers run on a monotonic clock and may fire a millisecond before Date.now() reaches exp.
      this.#setTimer("expiry", left + 1, () => this.#onExpiry());
      return;
    }
    this.#expiredReported = true;
    const error = new EntraTokenExpiredError(cur.creds.expiresOnTimestamp, this.#lastError);
    this.emit("expired", error);
    for (const listener of [this.#onTokenExpired, ...this.#expiryListeners]) {
      try {
        listener?.(error);
      } catch {
        // A throwing callback must not break the refresh loop.
      }
    }
    if (this.#refreshTimer === undefined && !this.#inflight) void this.#backgroundRefresh();
  }

  #setTimer(which: "refresh" | "expiry", ms: number, fn: () => void): void {
    if (this.#closed) return;
    this.#clearTimer(which);
    const handle = this.#clock.setTimeout(fn, Math.max(0, ms));
    if (which === "refresh") this.#refreshTimer = handle;
    else this.#expiryTimer = handle;
  }

  #clearTimer(which: "refresh" | "expiry"): void {
    const handle = which === "refresh" ? this.#refreshTimer : this.#expiryTimer;
    if (handle !== undefined) this.#clock.clearTimeout(handle);
    if (which === "refresh") this.#refreshTimer = undefined;
    else this.#expiryTimer = undefined;
  }
}

/**
 * Creates the token manager for Redis with Microsoft Entra ID. Nothing is fetched until the first
 * `getCredentials()` (the adapters call it when they connect).
 *
 * @example
 * const auth = createEntraAuth({ credential: new ManagedIdentityCredential() });
 * const redis = await connectIoredis(auth, { host: "mycache.redis.cache.windows.net", port: 6380 });
 */
export function createEntraAuth(options: EntraAuthOptions = {}): EntraAuth {
  return new EntraAuth(options);
}
