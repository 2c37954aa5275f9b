/**
 * How EntraManagedRedis writes per-identity permissions (access strings), in one place.
 *
 * `accessString` on `Microsoft.Cache/redisEnterprise/databases/accessPolicyAssignments` arrived with
 * the preview API 2026-05-01-preview (docs/azure-facts.md, "Azure Managed Redis"). The pinned
 * @pulumi/azure-native 3.x types only API 2025-07-01, which has no `accessString`: assignments that
 * need one are written through the generic `azure-native:resources:Resource` with this API version.
 *
 * When azure-native gains a stable `redisenterprise` version with `accessString`, this file is the
 * one switch: set `TYPED_ACCESS_STRINGS` to true (and pass `accessString` in
 * `managed-redis/create.ts`'s typed writer), and every assignment goes back to the typed resource.
 */

/** The API version that has `accessString` on access policy assignments (preview). */
export const ACCESS_STRING_API_VERSION = "2026-05-01-preview";

/** Whether the typed `redisenterprise:AccessPolicyAssignment` can carry `accessString` (not yet). */
export const TYPED_ACCESS_STRINGS = false;

/** The generic resource's address of an assignment, below its cluster's database. */
export const ACCESS_POLICY_ASSIGNMENT_TYPE = {
  resourceProviderNamespace: "Microsoft.Cache",
  resourceType: "accessPolicyAssignments",
  /** `parentResourcePath` of an assignment on database `default` of cluster `clusterName`. */
  parentResourcePath: (clusterName: string, databaseName: string): string =>
    `redisEnterprise/${clusterName}/databases/${databaseName}`,
} as const;
