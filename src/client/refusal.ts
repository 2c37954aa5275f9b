/**
 * One classifier for what a Redis server says when it refuses credentials or a command, used by every
 * adapter (connect retry, re-AUTH retry, node-redis re-auth errors) and by {@link explainRedisAuthError}.
 */

/** What kind of refusal a Redis error is. */
export type RedisRefusal =
  /** The credentials were refused (`WRONGPASS`, "invalid username-password pair", ...). */
  | "credentials-refused"
  /** The credentials were refused because the token expired. */
  | "token-expired"
  /** A command was sent before (or without) a successful AUTH (`NOAUTH`). */
  | "not-authenticated"
  /** Authenticated, but the ACL does not allow the command, key or channel (`NOPERM`). */
  | "no-permission";

const REFUSED = /WRONGPASS|invalid username-password|invalid password|authentication failed/i;
const NOT_AUTHENTICATED = /NOAUTH/i;
const NO_PERMISSION = /NOPERM/;
const EXPIRED = /expired/i;

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : typeof err === "string" ? err : String(err);
}

/** Classifies a Redis error (or its message), or returns undefined when it is no refusal. */
export function classifyRefusal(err: unknown): RedisRefusal | undefined {
  const message = messageOf(err);
  if (NO_PERMISSION.test(message)) return "no-permission";
  if (REFUSED.test(message)) return EXPIRED.test(message) ? "token-expired" : "credentials-refused";
  if (NOT_AUTHENTICATED.test(message)) return "not-authenticated";
  return undefined;
}

/**
 * True when the server refused the credentials (or required them): the cases where one forced token
 * refresh and another attempt may help. `NOPERM` is not one (the token was accepted).
 */
export function isAuthRefusal(err: unknown): boolean {
  const kind = classifyRefusal(err);
  return kind !== undefined && kind !== "no-permission";
}
