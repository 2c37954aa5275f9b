/**
 * What an {@link EntraAuth} tells the application: its typed events and its diagnostics. None of
 * them ever carries a token.
 */
import type { TokenClaims } from "./claims.ts";
import type { EntraTokenExpiredError } from "./errors.ts";

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
