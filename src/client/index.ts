/**
 * azure-redis-entra/client: keeps Redis connections authenticated with Microsoft Entra ID tokens.
 * Light entry point: ioredis, redis and @azure/identity are loaded only when a helper that needs
 * them is called.
 */
export * from "./core.ts";
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
export {
  connectNodeRedisSubscriber,
  EntraNodeRedisSubscriber,
  type EntraNodeRedisSubscriberEvents,
  type EntraNodeRedisSubscriberOptions,
  type NodeRedisMessageListener,
} from "./node-redis-subscriber.ts";
