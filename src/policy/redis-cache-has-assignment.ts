/** Every cache and Managed Redis database has at least one access policy assignment. */
import type { StackValidationPolicy } from "@pulumi/policy";
import { levelOf, RedisPolicyNames, type RedisPolicyOptions } from "./options.ts";
import { CACHE_ASSIGNMENT, cacheChildren, databaseAssignments, DATABASE, REDIS } from "./stack-links.ts";

/**
 * A stack policy: each `azure-native:redis:Redis` has an `azure-native:redis:AccessPolicyAssignment`,
 * and each `azure-native:redisenterprise:Database` an `azure-native:redisenterprise:AccessPolicyAssignment`
 * (or a generic `azure-native:resources:Resource` for `accessPolicyAssignments`). Without one, no
 * identity can use the cache with Entra ID, and with keys off nobody can.
 */
export function cacheHasAssignmentPolicy(options: RedisPolicyOptions = {}): StackValidationPolicy {
  const name = RedisPolicyNames.CacheHasAssignment;
  return {
    name,
    description:
      "Every cache and Managed Redis database has at least one access policy assignment in the stack.",
    enforcementLevel: levelOf(name, options),
    validateStack: (args, report) => {
      for (const r of args.resources) {
        if (r.type === REDIS && cacheChildren(args.resources, r, CACHE_ASSIGNMENT).length === 0) {
          report(
            `${r.type} "${r.name}": has no azure-native:redis:AccessPolicyAssignment, so no identity can use it with Microsoft Entra ID; assign at least one identity (EntraRedisCache assignments)`,
            r.urn,
          );
        }
        if (r.type === DATABASE && databaseAssignments(args.resources, r).length === 0) {
          report(
            `${r.type} "${r.name}": has no azure-native:redisenterprise:AccessPolicyAssignment, so no identity can use it with Microsoft Entra ID; assign at least one identity (EntraManagedRedis assignments)`,
            r.urn,
          );
        }
      }
    },
  };
}
