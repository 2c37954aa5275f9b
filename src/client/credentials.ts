/**
 * The username/password pair sent with AUTH. The password is the access token, so the object hides it
 * from `console.log`, `util.inspect` and `JSON.stringify`.
 */

/** Minimal shape of an `@azure/identity` AccessToken. */
export interface EntraAccessToken {
  token: string;
  /** Expiry, ms since the epoch. */
  expiresOnTimestamp: number;
  /** When the credential suggests refreshing (ms since the epoch), if it says. */
  refreshAfterTimestamp?: number;
}

/** Minimal shape of an `@azure/identity` TokenCredential (any credential class fits). */
export interface EntraTokenCredential {
  getToken(
    scopes: string | string[],
    options?: { abortSignal?: AbortSignal },
  ): Promise<EntraAccessToken | null>;
}

/** Credentials for Redis AUTH: username = object id, password = access token. */
export interface EntraRedisCredentials {
  readonly username: string;
  /** The access token. Never log it. */
  readonly password: string;
  /** When the token expires (ms since the epoch). */
  readonly expiresOnTimestamp: number;
}

const inspectSymbol = Symbol.for("nodejs.util.inspect.custom");

/** Creates credentials whose password stays out of logs and JSON. */
export function makeCredentials(
  username: string,
  token: string,
  expiresOnTimestamp: number,
): EntraRedisCredentials {
  const creds = { username, expiresOnTimestamp } as {
    username: string;
    password: string;
    expiresOnTimestamp: number;
  };
  Object.defineProperty(creds, "password", { value: token, enumerable: false });
  const safe = () => ({ username, password: "[redacted]", expiresOnTimestamp });
  Object.defineProperty(creds, "toJSON", { value: safe, enumerable: false });
  Object.defineProperty(creds, inspectSymbol, { value: safe, enumerable: false });
  return Object.freeze(creds);
}
