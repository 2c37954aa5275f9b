/**
 * azure-redis-entra/client/ioredis: the client runtime for apps that use ioredis only. The same
 * exports as azure-redis-entra/client without the node-redis helpers, so its type declarations
 * never import `redis` (they type-check with `skipLibCheck: false` when redis is not installed).
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
