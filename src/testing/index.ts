/**
 * azure-redis-entra/testing: a local Azure-style Entra gateway in front of real redis-server
 * processes (single node or Redis Cluster), with a token issuer, access policies and counters.
 */
export { startLocalEntraRedis } from "./local-entra-redis.ts";
export { LocalCredentialError } from "./credential.ts";
export { startLocalMigration } from "./local-migration.ts";
export {
  LocalTargetClustering,
  type LocalMigrateOptions,
  type LocalMigration,
  type LocalMigrationDisparity,
  type LocalMigrationOptions,
  type LocalMigrationReport,
  type LocalMigrationState,
} from "./migration-types.ts";
export { RedisServerError } from "../internal/redis-server.ts";
export { MissingPeerError } from "../internal/optional-peer.ts";
export { BuiltInPolicies, BuiltInPolicyRules } from "./policies.ts";
export type { BuiltInPolicy } from "../infra/policies.ts";
export { describeLocalEntraRedis, type LocalEntraRedisDescription } from "./describe.ts";
export type { EntraClock } from "../internal/clock.ts";
export type {
  AuthEvent,
  BackendAccess,
  ConnectionEvent,
  ConnectionInfo,
  CredentialBehaviour,
  FaultTarget,
  FrontEndRestartOptions,
  GatewayStats,
  LocalAccessToken,
  LocalCredentialOptions,
  LocalEndpoint,
  LocalEntraRedis,
  LocalEntraRedisEvents,
  LocalEntraRedisOptions,
  LocalTokenCredential,
} from "./types.ts";
