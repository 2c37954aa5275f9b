/**
 * Error types of the client runtime. Messages name the field, the value (never a secret) and the fix;
 * none of them ever contains a token.
 */

/** An option passed to the client runtime is invalid. */
export class EntraAuthOptionsError extends Error {
  /** The option at fault, e.g. `refreshMarginMs`. */
  readonly field: string;
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = "EntraAuthOptionsError";
    this.field = field;
  }
}

/** The credential could not produce a token (message redacted; the original error is not attached). */
export class EntraTokenAcquisitionError extends Error {
  /** Class name of the credential's error, e.g. `CredentialUnavailableError`. */
  readonly credentialErrorName: string;
  constructor(message: string, credentialErrorName: string) {
    super(message);
    this.name = "EntraTokenAcquisitionError";
    this.credentialErrorName = credentialErrorName;
  }
}

/** The current token expired and no newer one could be fetched in time (refresh kept failing). */
export class EntraTokenExpiredError extends Error {
  /** When the token expired (ms since the epoch). */
  readonly expiredAt: number;
  /** Redacted message of the last failed refresh, if any. */
  readonly lastRefreshError: string | undefined;
  constructor(expiredAt: number, lastRefreshError: string | undefined, options?: { cause?: unknown }) {
    super(
      `The Entra token for Redis expired at ${new Date(expiredAt).toISOString()} because refreshing it kept failing` +
        (lastRefreshError ? ` (last error: ${lastRefreshError})` : "") +
        "; connections reconnect on their own once the credential recovers.",
      options,
    );
    this.name = "EntraTokenExpiredError";
    this.expiredAt = expiredAt;
    this.lastRefreshError = lastRefreshError;
  }
}

/** A connection without TLS (or with certificate checks off) was requested. */
export class EntraTlsRequiredError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EntraTlsRequiredError";
  }
}

/** The EntraAuth was closed; no more tokens are fetched. */
export class EntraAuthClosedError extends Error {
  constructor() {
    super("This EntraAuth is closed: create a new one with createEntraAuth()");
    this.name = "EntraAuthClosedError";
  }
}

/** Redis refused the Entra credentials; `explanation` says why and how to fix it (see explainRedisAuthError). */
export class EntraRedisAuthError extends Error {
  /** Short code of the cause, e.g. `no-assignment`, or `unknown`. */
  readonly problem: string;
  constructor(problem: string, message: string) {
    super(message);
    this.name = "EntraRedisAuthError";
    this.problem = problem;
  }
}
