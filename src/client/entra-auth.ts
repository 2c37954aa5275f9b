/**
 * The token manager for Redis with Microsoft Entra ID, as the application sees it: `createEntraAuth`,
 * its events and its public methods. The work is done in layers: options are checked by
 * `auth-options.ts`, the token's state and refresh schedule are the token core's (`token-core.ts`),
 * acquisition is hedged by `hedged-acquire.ts`, and the adapters reach what they need beyond the
 * public methods through `auth-internals.ts`.
 */
import { EventEmitter } from "node:events";
import { REDIS_TOKEN_SCOPE } from "../internal/token-scope.ts";
import type { EntraAuthDiagnostics, EntraAuthEvents } from "./auth-events.ts";
import { registerInternals } from "./auth-internals.ts";
import { resolveOptions, type EntraAuthOptions } from "./auth-options.ts";
import { systemClock } from "./clock.ts";
import type { EntraRedisCredentials } from "./credentials.ts";
import type { EntraTokenExpiredError } from "./errors.ts";
import { redact } from "./redact.ts";
import { TokenCore } from "./token-core.ts";

export type { EntraAuthOptions } from "./auth-options.ts";
export type {
  EntraAuthDiagnostics,
  EntraAuthEvents,
  EntraConnectionEvent,
  EntraReauthFailedEvent,
  EntraRefreshFailedEvent,
  EntraTokenEvent,
} from "./auth-events.ts";

/**
 * Keeps an Entra access token for Redis fresh. Create with {@link createEntraAuth}; hand it to
 * `connectIoredis`, `connectIoredisCluster`, `nodeRedisCredentials` and friends.
 */
export class EntraAuth extends EventEmitter<EntraAuthEvents> {
  readonly #core: TokenCore;
  readonly #scope: string;

  constructor(options: EntraAuthOptions = {}) {
    super();
    const opts = resolveOptions(options);
    this.#scope = opts.scope;
    const warned = new Set<string>();
    const logger = options.logger;
    const warnOnce = (code: string, message: string): void => {
      if (warned.has(code)) return;
      warned.add(code);
      const safe = redact(message);
      if (logger) logger.warn(`azure-redis-entra: ${safe}`);
      else if (this.listenerCount("warning") === 0) console.warn(`azure-redis-entra: ${safe}`);
      this.emit("warning", { code, message: safe });
    };
    const clock = options.clock ?? systemClock;
    const random = options.random ?? Math.random;
    this.#core = new TokenCore(opts, {
      credential: options.credential,
      clock,
      random,
      reports: {
        token: (event) => this.emit("token", event),
        refreshFailed: (event) => this.emit("refreshFailed", event),
        warn: warnOnce,
      },
    });
    // The one expiry channel: the `expired` event and the onTokenExpired option listen to it first.
    const onTokenExpired = options.onTokenExpired;
    this.#core.expiry.add((error) => this.emit("expired", error));
    if (onTokenExpired) this.#core.expiry.add(onTokenExpired);
    registerInternals(this, {
      clock,
      random,
      warnOnce,
      redact: (text) => this.#core.redact(text),
      reports: {
        reauthenticated: (event) => this.emit("reauthenticated", event),
        reauthFailed: (event) => this.emit("reauthFailed", event),
        subscriberRotated: (event) => this.emit("subscriberRotated", event),
      },
    });
    if (opts.scope !== REDIS_TOKEN_SCOPE) {
      warnOnce(
        "scope",
        `scope "${opts.scope}" is not "${REDIS_TOKEN_SCOPE}": Azure Redis rejects tokens for other audiences`,
      );
    }
  }

  /** The scope tokens are requested for. */
  get scope(): string {
    return this.#scope;
  }

  /** True after {@link close}. */
  get closed(): boolean {
    return this.#core.closed;
  }

  /**
   * Valid credentials: the current ones while the token is valid, otherwise a fresh acquisition
   * (shared with any acquisition already in flight). The first call starts the refresh schedule.
   */
  getCredentials(): Promise<EntraRedisCredentials> {
    return this.#core.getCredentials();
  }

  /** The current credentials if the token is still valid, otherwise undefined. Synchronous. */
  current(): EntraRedisCredentials | undefined {
    return this.#core.current();
  }

  /**
   * Asks the credential for a token now (e.g. after WRONGPASS). Resolves with the newest credentials
   * (the same ones when the credential only had its cached token); rotation listeners fire if newer.
   */
  refresh(): Promise<EntraRedisCredentials> {
    return this.#core.refresh();
  }

  /**
   * Registers a listener called with the new credentials after each refresh (not the first token).
   * Connection adapters use it to re-AUTH; returns an unsubscribe function.
   */
  onRotate(listener: (creds: EntraRedisCredentials) => void): () => void {
    return this.#core.rotation.add(listener);
  }

  /**
   * Registers a listener called when the token expired without a replacement (like the `expired`
   * event, without growing the event listener count per connection). Returns an unsubscribe function.
   */
  onExpired(listener: (error: EntraTokenExpiredError) => void): () => void {
    return this.#core.expiry.add(listener);
  }

  /** A random delay in [0, spread) at which one connection should re-AUTH after the latest refresh. */
  reauthDelayMs(): number {
    return this.#core.reauthDelayMs();
  }

  /** State for diagnostics; contains no secret. */
  diagnostics(): EntraAuthDiagnostics {
    return this.#core.diagnostics();
  }

  /** Stops all timers and refreshes; pending and later getCredentials() calls reject. Idempotent. */
  close(): void {
    if (this.#core.closed) return;
    this.#core.close();
    this.emit("closed");
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
