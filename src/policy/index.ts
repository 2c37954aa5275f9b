/**
 * azure-redis-entra/policy: a Pulumi policy pack (@pulumi/policy, CrossGuard) that holds every Redis
 * of a stack to the rules the components follow, whoever declared it: Entra ID on, access keys off,
 * TLS 1.2, no open network, full data access only for allow-listed identities, an assignment per cache.
 *
 * `redisPolicies(options)` returns the policies for your own `new PolicyPack(...)`;
 * `azure-redis-entra/policy/pack` is the ready pack. See docs/policy.md.
 */
import type { Policies } from "@pulumi/policy";
import { accessPolicyPermissionsPolicy } from "./redis-access-policy-permissions.ts";
import { cacheEntraOnlyPolicy } from "./redis-cache-entra-only.ts";
import { cacheHasAssignmentPolicy } from "./redis-cache-has-assignment.ts";
import { cacheTlsOnlyPolicy } from "./redis-cache-tls-only.ts";
import { cacheVersionPolicy } from "./redis-cache-version.ts";
import { dataOwnerAllowListPolicy } from "./redis-data-owner-allow-list.ts";
import { managedRedisClusterTlsPolicy } from "./managed-redis-cluster-tls.ts";
import { managedRedisDatabaseEntraOnlyPolicy } from "./managed-redis-database-entra-only.ts";
import { managedRedisDefaultPolicy } from "./managed-redis-default-policy.ts";
import { networkAccessPolicy } from "./redis-network-access.ts";
import type { RedisPolicyOptions } from "./options.ts";

export {
  DEFAULT_ENFORCEMENT_LEVELS,
  RedisPolicyNames,
  type RedisPolicyName,
  type RedisPolicyOptions,
} from "./options.ts";
export { grantsDangerousCommands } from "./acl-grants.ts";
export {
  accessPolicyPermissionsPolicy,
  type AccessPolicyPermissionsConfig,
} from "./redis-access-policy-permissions.ts";
export { cacheEntraOnlyPolicy } from "./redis-cache-entra-only.ts";
export { cacheHasAssignmentPolicy } from "./redis-cache-has-assignment.ts";
export { cacheTlsOnlyPolicy } from "./redis-cache-tls-only.ts";
export { cacheVersionPolicy } from "./redis-cache-version.ts";
export { dataOwnerAllowListPolicy } from "./redis-data-owner-allow-list.ts";
export { managedRedisClusterTlsPolicy } from "./managed-redis-cluster-tls.ts";
export { managedRedisDatabaseEntraOnlyPolicy } from "./managed-redis-database-entra-only.ts";
export { managedRedisDefaultPolicy } from "./managed-redis-default-policy.ts";
export { networkAccessPolicy, type NetworkAccessConfig } from "./redis-network-access.ts";
export type { FullAccessConfig } from "./assignments.ts";

/** The name of the ready policy pack (`azure-redis-entra/policy/pack`). */
export const POLICY_PACK_NAME = "azure-redis-entra";

/** Every policy of the pack, configured by `options` (the defaults each stack's policy config can override). */
export function redisPolicies(options: RedisPolicyOptions = {}): Policies {
  return [
    cacheEntraOnlyPolicy(options),
    cacheTlsOnlyPolicy(options),
    cacheVersionPolicy(options),
    accessPolicyPermissionsPolicy(options),
    dataOwnerAllowListPolicy(options),
    managedRedisDefaultPolicy(options),
    managedRedisClusterTlsPolicy(options),
    managedRedisDatabaseEntraOnlyPolicy(options),
    networkAccessPolicy(options),
    cacheHasAssignmentPolicy(options),
  ];
}
