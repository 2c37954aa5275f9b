/**
 * The library-neutral part of the client runtime: the token manager, its errors, the explanations of
 * refusals, redaction. Every client entry point re-exports it; its declarations name neither ioredis
 * nor redis, so they type-check whichever Redis library an app has.
 */
export { REDIS_TOKEN_SCOPE } from "../internal/token-scope.ts";
export {
  createEntraAuth,
  EntraAuth,
  type EntraAuthOptions,
  type EntraAuthEvents,
  type EntraAuthDiagnostics,
  type EntraTokenEvent,
  type EntraRefreshFailedEvent,
  type EntraConnectionEvent,
  type EntraReauthFailedEvent,
} from "./entra-auth.ts";
export type { EntraAccessToken, EntraTokenCredential, EntraRedisCredentials } from "./credentials.ts";
export type { EntraClock } from "./clock.ts";
export type { TokenClaims } from "./claims.ts";
export {
  EntraAuthOptionsError,
  EntraTokenAcquisitionError,
  EntraTokenExpiredError,
  EntraTlsRequiredError,
  EntraAuthClosedError,
  EntraRedisAuthError,
} from "./errors.ts";
export {
  explainRedisAuthError,
  type RedisAuthExplanation,
  type RedisAuthContext,
  type RedisAuthProblem,
} from "./explain.ts";
export { classifyRefusal, isAuthRefusal, type RedisRefusal } from "./refusal.ts";
export { redact } from "./redact.ts";
