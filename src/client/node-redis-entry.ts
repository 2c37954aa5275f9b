/**
 * azure-redis-entra/client/node-redis: the client runtime for apps that use node-redis (`redis`)
 * only. The same exports as azure-redis-entra/client without the ioredis helpers, so its type
 * declarations never import `ioredis` (they type-check with `skipLibCheck: false` without it).
 */
export * from "./core.ts";
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
export {
  connectNodeRedisSubscriber,
  EntraNodeRedisSubscriber,
  type EntraNodeRedisSubscriberEvents,
  type EntraNodeRedisSubscriberOptions,
  type NodeRedisMessageListener,
} from "./node-redis-subscriber.ts";
