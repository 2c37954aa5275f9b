/**
 * How EntraManagedRedis writes per-identity permissions (access strings), in one place.
 *
 * `accessString` on `Microsoft.Cache/redisEnterprise/databases/accessPolicyAssignments` arrived with
 * the preview API 2026-05-01-preview and is in the stable API 2026-09-01 (docs/azure-facts.md, "API
 * versions the package sends"). The pinned @pulumi/azure-native 3.x types only API 2025-07-01, which
 * has no `accessString`: every assignment, whatever its policy, is the generic
 * `azure-native:resources:Resource` with this API version.
 *
 * One resource type for every assignment (issue 18): a policy change is an in-place update, and so is
 * a move to another API version (the generic resource's `apiVersion` is a query parameter, not part of
 * its path: docs/azure-facts.md, "How a deployed stack changes"). Moving to a typed resource later
 * would be a replacement (other path inputs): keep the generic resource and change the version here.
 */

/**
 * The API version of the assignments: the first stable one with `accessString` (2026-09-01). Stacks
 * written at 2026-05-01-preview move to it in place (only the generic resource's `api-version` changes).
 */
export const ACCESS_STRING_API_VERSION = "2026-09-01";

/**
 * The typed resource releases up to 0.1.0 registered while every assignment was "default": the
 * assignments carry it as a type alias, so those stacks find their resources (a replacement on the
 * way: README, "Changing a deployed stack").
 */
/** The type token of every assignment the component registers (the generic resource). */
export const GENERIC_RESOURCE_TYPE = "azure-native:resources:Resource";

export const LEGACY_ASSIGNMENT_TYPE = "azure-native:redisenterprise:AccessPolicyAssignment";

/** The generic resource's address of an assignment, below its cluster's database. */
export const ACCESS_POLICY_ASSIGNMENT_TYPE = {
  resourceProviderNamespace: "Microsoft.Cache",
  resourceType: "accessPolicyAssignments",
  /** `parentResourcePath` of an assignment on database `default` of cluster `clusterName`. */
  parentResourcePath: (clusterName: string, databaseName: string): string =>
    `redisEnterprise/${clusterName}/databases/${databaseName}`,
} as const;
