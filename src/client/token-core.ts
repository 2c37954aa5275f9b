/**
 * The token core: the current token and its state, the refresh schedule, and the two channels the
 * adapters listen to (rotation: a newer token; expiry: the token expired without a replacement).
 * Acquisition is {@link acquireHedged}'s; timing decisions are `token-timing.ts`'s pure functions; all
 * time comes from the injected clock. It emits nothing itself: what it has to say goes to the
 * {@link CoreReports} its owner ({@link EntraAuth}) passes in.
 */
import type { ResolvedOptions } from "./auth-options.ts";
import type { EntraAuthDiagnostics, EntraRefreshFailedEvent, EntraTokenEvent } from "./auth-events.ts";
import { clientIdOf, readClaims, type TokenClaims } from "./claims.ts";
import type { EntraClock } from "./clock.ts";
import { makeCredentials, type EntraRedisCredentials, type EntraTokenCredential } from "./credentials.ts";
import { EntraAuthClosedError, EntraTokenAcquisitionError, EntraTokenExpiredError } from "./errors.ts";
import { HedgedAcquirer } from "./hedged-acquire.ts";
import { errorName, redact, safeMessage } from "./redact.ts";
import {
  backoffDelay,
  effectiveExpiry,
  forcedRefreshAllowed,
  judgeToken,
  planRefresh,
  reauthDelay,
  reauthWindow,
} from "./token-timing.ts";

/** Where the core's news goes (its owner turns these into events). */
export interface CoreReports {
  token(event: EntraTokenEvent): void;
  refreshFailed(event: EntraRefreshFailedEvent): void;
  /** A warning, deduplicated by `code` by the receiver. */
  warn(code: string, message: string): void;
}

/** A token-manager channel: listeners called in order, one throwing doesn't stop the others. */
class Channel<T> {
  readonly #listeners = new Set<(value: T) => void>();
  add(listener: (value: T) => void): () => void {
    // Wrapped, so that the same function added twice is two subscriptions.
    const entry = (value: T) => listener(value);
    this.#listeners.add(entry);
    return () => this.#listeners.delete(entry);
  }
  emit(value: T, onError: (err: unknown) => void): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(value);
      } catch (err) {
        onError(err);
      }
    }
  }
  clear(): void {
    this.#listeners.clear();
  }
}

interface CurrentToken {
  creds: EntraRedisCredentials;
  claims: TokenClaims | undefined;
  receivedAt: number;
}

/** State, schedule and channels of one token manager. */
export class TokenCore {
  readonly #opts: ResolvedOptions;
  readonly #clock: EntraClock;
  readonly #random: () => number;
  readonly #reports: CoreReports;
  #credential: EntraTokenCredential | undefined;
  #current: CurrentToken | undefined;
  #inflight: Promise<EntraRedisCredentials> | undefined;
  #refreshTimer: unknown;
  #expiryTimer: unknown;
  #failures = 0;
  #lastError: string | undefined;
  #closed = false;
  #spreadMs = 0;
  #expiredReported = false;
  #previousPassword: string | undefined;
  readonly #acquirer = new HedgedAcquirer();
  /** A newer token replaced the current one. */
  readonly rotation = new Channel<EntraRedisCredentials>();
  /** The one expiry channel: the token expired and no newer one could be fetched. */
  readonly expiry = new Channel<EntraTokenExpiredError>();

  constructor(
    opts: ResolvedOptions,
    deps: {
      credential: EntraTokenCredential | undefined;
      clock: EntraClock;
      random: () => number;
      reports: CoreReports;
    },
  ) {
    this.#opts = opts;
    this.#credential = deps.credential;
    this.#clock = deps.clock;
    this.#random = deps.random;
    this.#reports = deps.reports;
  }

  get closed(): boolean {
    return this.#closed;
  }

  async getCredentials(): Promise<EntraRedisCredentials> {
    if (this.#closed) throw new EntraAuthClosedError();
    const valid = this.current();
    if (valid) return valid;
    if (this.#inflight) return this.#inflight;
    if (this.#current && this.#refreshTimer !== undefined && this.#failures > 0) {
      // The token expired and background retries are under way: don't hammer the credential on every
      // reconnect; the caller retries and the background loop reports recovery via the rotation channel.
      throw new EntraTokenExpiredError(this.#current.creds.expiresOnTimestamp, this.#lastError);
    }
    return this.#acquire(false);
  }

  current(): EntraRedisCredentials | undefined {
    const cur = this.#current;
    return cur && cur.creds.expiresOnTimestamp > this.#clock.now() ? cur.creds : undefined;
  }

  async refresh(): Promise<EntraRedisCredentials> {
    if (this.#closed) throw new EntraAuthClosedError();
    if (this.#inflight) return this.#inflight;
    // Many connections can hit WRONGPASS at once (e.g. a backend restart): one forced refresh per
    // token is enough, and a token younger than 10% of its life (max 10 s) is not replaced.
    const cur = this.current();
    if (
      cur &&
      this.#current &&
      !forcedRefreshAllowed(this.#clock.now(), this.#current.receivedAt, cur.expiresOnTimestamp)
    ) {
      return cur;
    }
    return this.#acquire(true);
  }

  reauthDelayMs(): number {
    return reauthDelay(this.#spreadMs, this.#random());
  }

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

  /**
   * Redacts the current and the previous token (connections may still hold it until they re-AUTH)
   * and anything JWT-like from a message.
   */
  redact(text: string): string {
    return redact(text, [this.#current?.creds.password, this.#previousPassword]);
  }

  close(): void {
    this.#closed = true;
    this.#clearTimer("refresh");
    this.#clearTimer("expiry");
    this.rotation.clear();
    this.expiry.clear();
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
      token = await this.#acquirer.acquire({
        credential: await this.#getCredential(),
        scope: this.#opts.scope,
        policy: this.#opts,
        acquireTimeoutMs: this.#opts.acquireTimeoutMs,
        clock: this.#clock,
        hasValidToken: () => this.current() !== undefined,
        closed: () => this.#closed,
      });
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
    if (token.token.trim() === "") {
      // Redis would take `AUTH <username> ""` as a wrong password at best: never hand it out.
      return this.#failed(
        "error",
        new EntraTokenAcquisitionError(
          `The credential returned an empty token for scope "${this.#opts.scope}"`,
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
    this.#previousPassword = previous?.creds.password;
    this.#current = { creds, claims, receivedAt: now };
    this.#failures = 0;
    this.#lastError = undefined;
    this.#expiredReported = false;
    this.#spreadMs = reauthWindow(this.#opts.reauthSpreadMs, now, previous?.creds.expiresOnTimestamp);
    const refreshAt = this.#planRefresh(now, expiresOn, token.refreshAfterTimestamp);
    this.#setTimer("refresh", refreshAt - now, () => void this.#backgroundRefresh());
    this.#setTimer("expiry", expiresOn - now, () => this.#onExpiry());
    this.#reports.token({
      username,
      expiresOnTimestamp: expiresOn,
      refreshAt,
      rotation: previous !== undefined,
    });
    if (previous) {
      this.rotation.emit(creds, (err) =>
        this.#reports.warn("listener", `a rotation listener threw: ${safeMessage(err, [creds.password])}`),
      );
    }
    return creds;
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
    if (this.#current) this.#setTimer("refresh", delay, () => void this.#backgroundRefresh());
    this.#reports.refreshFailed({
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
      this.#reports.warn(
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
        this.#reports.warn(
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
    // A throwing listener must not break the refresh loop.
    this.expiry.emit(
      new EntraTokenExpiredError(cur.creds.expiresOnTimestamp, this.#lastError),
      () => undefined,
    );
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
