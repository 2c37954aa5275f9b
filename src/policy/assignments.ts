/**
 * Recognising access policy assignments on Azure Managed Redis, typed or through azure-native's
 * generic resource, and the allow-list config the full-access policies share.
 */
import type { PolicyConfigSchema } from "@pulumi/policy";

/** Config of the policies that limit full data access to an allow-list. */
export interface FullAccessConfig {
  dataOwnerObjectIds: string[];
}

/** The config schema of {@link FullAccessConfig}, with `defaults` as its default. */
export function fullAccessSchema(defaults: FullAccessConfig): PolicyConfigSchema {
  return {
    properties: {
      dataOwnerObjectIds: {
        type: "array",
        items: { type: "string" },
        default: defaults.dataOwnerObjectIds,
        description:
          "Object ids (principal ids of users, service principals, managed identities) that may hold full data access.",
      },
    },
  };
}

/** Whether `objectId` is in the allow-list (object ids are GUIDs: compared ignoring case). */
export function allowListed(objectId: unknown, config: FullAccessConfig): boolean {
  if (typeof objectId !== "string") return false;
  const id = objectId.trim().toLowerCase();
  return config.dataOwnerObjectIds.some((allowed) => allowed.trim().toLowerCase() === id);
}

/** Azure Managed Redis's access string when an assignment sends none (REST spec 2026-05-01-preview and 2026-09-01). */
export const MANAGED_REDIS_DEFAULT_ACCESS_STRING = "+@all ~*";

const GENERIC_PARENT = /^redisEnterprise\/[^/]+\/databases\/[^/]+$/i;

/**
 * True when a generic `azure-native:resources:Resource`'s props declare a Managed Redis access policy
 * assignment (`Microsoft.Cache/redisEnterprise/databases/accessPolicyAssignments`): namespace
 * `Microsoft.Cache`, parent path `redisEnterprise/<cluster>/databases/<db>` and type
 * `accessPolicyAssignments`, or the full type in `resourceType`.
 */
export function isGenericManagedAssignment(props: Record<string, unknown>): boolean {
  const type = typeof props.resourceType === "string" ? props.resourceType.toLowerCase() : "";
  if (type === "microsoft.cache/redisenterprise/databases/accesspolicyassignments") return true;
  const namespace =
    typeof props.resourceProviderNamespace === "string" ? props.resourceProviderNamespace : "";
  const parent = typeof props.parentResourcePath === "string" ? props.parentResourcePath : "";
  return (
    namespace.toLowerCase() === "microsoft.cache" &&
    type === "accesspolicyassignments" &&
    GENERIC_PARENT.test(parent)
  );
}
