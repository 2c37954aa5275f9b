/**
 * azure-redis-entra/client: keeps Redis connections authenticated with Microsoft Entra ID tokens.
 * Light entry point: ioredis, redis and @azure/identity are loaded only when a helper that needs
 * them is called.
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
export { connectIoredis, type EntraIoredisOptions } from "./ioredis.ts";
export { connectIoredisCluster, type EntraIoredisClusterOptions } from "./ioredis-cluster.ts";
export {
  connectIoredisSubscriber,
  createIoredisSubscriber,
  EntraIoredisSubscriber,
  type EntraSubscriberEvents,
} from "./ioredis-subscriber.ts";
export {
  nodeRedisCredentials,
  connectNodeRedis,
  connectNodeRedisCluster,
  createNodeRedisClient,
  createNodeRedisCluster,
  type NodeRedisCredentialsProvider,
  type NodeRedisCredentialsListener,
  type NodeRedisCredentialsOptions,
  type NodeRedisBasicAuth,
  type EntraNodeRedisClientOptions,
  type EntraNodeRedisClusterOptions,
} from "./node-redis.ts";
export { classifyRefusal, isAuthRefusal, type RedisRefusal } from "./refusal.ts";
export { redact } from "./redact.ts";
