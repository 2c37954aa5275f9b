/**
 * Turns the errors people hit with Entra auth on Azure Redis into one sentence with the fix.
 * Used by the client runtime's events and by the CLI's `doctor`.
 */
import { REDIS_TOKEN_SCOPE } from "../internal/token-scope.ts";
import { clientIdOf, isRedisAudience, type TokenClaims } from "./claims.ts";
import {
  EntraAuthOptionsError,
  EntraTlsRequiredError,
  EntraTokenAcquisitionError,
  EntraTokenExpiredError,
} from "./errors.ts";
import { redact } from "./redact.ts";
import { classifyRefusal, isAuthRefusal } from "./refusal.ts";

/** True when `iss` is Entra ID's v1 or v2 issuer for `tid`. */
function isEntraIssuer(iss: string, tid: string): boolean {
  return iss === `https://sts.windows.net/${tid}/` || iss === `https://login.microsoftonline.com/${tid}/v2.0`;
}

/** Known causes of Entra authentication failures against Azure Redis. */
export type RedisAuthProblem =
  | "username-is-client-id"
  | "username-not-object-id"
  | "wrong-audience"
  | "wrong-scope"
  | "no-assignment"
  | "token-not-yet-valid"
  | "token-not-trusted"
  | "missing-permission"
  | "not-tls"
  | "token-expired"
  | "credential-failed"
  | "invalid-options";

/** One explained failure: a stable code and a sentence naming the cause and the fix. */
export interface RedisAuthExplanation {
  problem: RedisAuthProblem;
  explanation: string;
}

/** What is known about the connection attempt; all fields optional (`auth.diagnostics()` fits). */
export interface RedisAuthContext {
  /** The username sent with AUTH. */
  username?: string;
  /** Claims of the token that was sent (never the token). */
  claims?: TokenClaims;
  /** The scope the token was requested for. */
  scope?: string;
  /** Whether the connection used TLS. */
  tls?: boolean;
  /** The token had expired when the error happened. */
  tokenExpired?: boolean;
  /** Redacted message of the last failed token refresh. */
  lastRefreshError?: string;
  /**
   * The token that was actually sent had expired by the time it was sent (e.g. an AUTH queued while
   * the connection was down), whatever the current token is.
   */
  sentTokenExpired?: boolean;
}

const PLAINTEXT_TO_TLS =
  /ECONNRESET|socket hang up|Connection is closed|Socket closed unexpectedly|EPIPE|wrong version number|packet length too long/i;

/**
 * Explains an authentication-related error in one sentence with the fix, or returns undefined when
 * the error is not one of the known Entra/Redis auth problems. Never includes a token.
 *
 * @example
 * redis.on("error", (err) => console.error(explainRedisAuthError(err, auth.diagnostics())?.explanation ?? err.message));
 */
export function explainRedisAuthError(
  err: unknown,
  context: RedisAuthContext = {},
): RedisAuthExplanation | undefined {
  const message = redact(err instanceof Error ? err.message : String(err));
  const refusal = classifyRefusal(message);
  const refused = isAuthRefusal(message);
  const claims = context.claims;
  const username = context.username;
  const oid = claims?.oid;
  const clientId = clientIdOf(claims);

  if (err instanceof EntraAuthOptionsError) {
    return { problem: "invalid-options", explanation: `Invalid option ${message}.` };
  }
  if (err instanceof EntraTlsRequiredError) {
    return { problem: "not-tls", explanation: message };
  }
  if (context.sentTokenExpired && (refused || PLAINTEXT_TO_TLS.test(message))) {
    return {
      problem: "token-expired",
      explanation:
        "The AUTH carried a token that had already expired when it reached the server (it was queued while the connection was down): the connection authenticated with a newer token when it reconnected, so nothing needs fixing unless this keeps happening.",
    };
  }
  if (
    err instanceof EntraTokenExpiredError ||
    (context.tokenExpired && (refused || PLAINTEXT_TO_TLS.test(message)))
  ) {
    return {
      problem: "token-expired",
      explanation:
        "The Entra token expired because refreshing it kept failing" +
        (context.lastRefreshError ? ` (last error: ${redact(context.lastRefreshError)})` : "") +
        ": fix the credential (managed identity, workload identity, `az login`, network access to Entra ID); connections reconnect once a token can be fetched.",
    };
  }
  if (err instanceof EntraTokenAcquisitionError) {
    return {
      problem: "credential-failed",
      explanation: `No Entra token could be fetched (${message}): check that the app's identity is available here (managed identity assigned, AZURE_* variables, or \`az login\` locally).`,
    };
  }
  if (context.tls === false && (PLAINTEXT_TO_TLS.test(message) || refused)) {
    return {
      problem: "not-tls",
      explanation:
        "The connection is not using TLS, but Azure Redis accepts Entra tokens only over TLS (port 6380 for Azure Cache for Redis, 10000 for Azure Managed Redis): enable `tls` with certificate checks on.",
    };
  }
  if (refusal === "no-permission") {
    return {
      problem: "missing-permission",
      explanation: `The identity${username ? ` "${username}"` : ""} is authenticated but its access policy does not allow this command or key (${message}): assign a policy that grants it (e.g. Data Contributor, or a custom policy).`,
    };
  }
  if (!refused) return undefined;

  if (refusal === "token-expired") {
    return {
      problem: "token-expired",
      explanation: `The server refused an expired token (${message}): the token was not refreshed in time; check the credential and keep refreshMarginMs at least 3 minutes.`,
    };
  }
  if (username && clientId && username === clientId && username !== oid) {
    return {
      problem: "username-is-client-id",
      explanation: `The Redis username "${username}" is the application's client id, but Azure Redis expects the principal's object id${oid ? ` ("${oid}", the token's oid claim)` : ""}: drop the username override (the token's oid is used) or pass the object id.`,
    };
  }
  if (context.scope !== undefined && context.scope !== REDIS_TOKEN_SCOPE) {
    return {
      problem: "wrong-scope",
      explanation: `The token was requested for scope "${context.scope}", but Azure Redis accepts only tokens for "${REDIS_TOKEN_SCOPE}": use that scope (the default).`,
    };
  }
  if (claims && !isRedisAudience(claims.aud)) {
    const aud = Array.isArray(claims.aud) ? claims.aud.join(", ") : String(claims.aud);
    return {
      problem: "wrong-audience",
      explanation: `The token's audience is "${aud}", not https://redis.azure.com: request it with scope "${REDIS_TOKEN_SCOPE}".`,
    };
  }
  if (claims?.nbf !== undefined && claims.nbf * 1000 > Date.now()) {
    const ahead = Math.ceil(claims.nbf - Date.now() / 1000);
    return {
      problem: "token-not-yet-valid",
      explanation: `The token is not valid yet: its nbf (not before) is ${ahead} s ahead of this machine's clock. Check the clocks (this machine's, or whatever minted the token); a token from Entra ID is valid from when it is issued.`,
    };
  }
  if (claims?.iss !== undefined && claims.tid !== undefined && !isEntraIssuer(claims.iss, claims.tid)) {
    return {
      problem: "token-not-trusted",
      explanation: `The token's issuer "${claims.iss}" is not Entra ID's for its tenant "${claims.tid}", so Azure Redis does not trust it: get the token from an Entra ID credential (managed identity, workload identity, DefaultAzureCredential) in the cache's tenant.`,
    };
  }
  if (username && oid && username !== oid) {
    return {
      problem: "username-not-object-id",
      explanation: `The Redis username "${username}" is not the token's object id "${oid}": Azure Redis expects the object id as username; drop the username override.`,
    };
  }
  return {
    problem: "no-assignment",
    explanation: `Azure Redis refused a token whose claims look right for object id "${oid ?? username ?? "unknown"}": this identity has no data access policy assignment on the cache; assign one (e.g. Data Owner/Contributor/Reader via EntraRedisCache's assignments or \`az redis access-policy-assignment create\`) and allow a few minutes to propagate. If it has one, the cache does not trust the token itself (its signature is not by a key Entra ID publishes for ${claims?.tid ? `tenant "${claims.tid}"` : "the tenant"}, or it is for another tenant than the cache's): only the server checks signatures, so get the token from an Entra ID credential in the cache's tenant.`,
  };
}
