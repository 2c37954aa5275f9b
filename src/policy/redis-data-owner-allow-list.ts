/** Full data access (Data Owner, or an access string with @dangerous commands) only for allow-listed identities. */
import * as redis from "@pulumi/azure-native/redis/index.js";
import * as redisenterprise from "@pulumi/azure-native/redisenterprise/index.js";
import * as resources from "@pulumi/azure-native/resources/index.js";
import { validateResourceOfType, type ResourceValidationPolicy } from "@pulumi/policy";
import { grantsDangerousCommands } from "./acl-grants.ts";
import {
  allowListed,
  fullAccessSchema,
  isGenericManagedAssignment,
  MANAGED_REDIS_DEFAULT_ACCESS_STRING,
  type FullAccessConfig,
} from "./assignments.ts";
import { violation } from "./messages.ts";
import { levelOf, RedisPolicyNames, settings, type RedisPolicyOptions } from "./options.ts";

const FIX_ALLOW =
  "give the identity Data Contributor or Data Reader (or a narrower custom policy), or add its object id to the policy config dataOwnerObjectIds";

/**
 * Assignments that give full data access must name an allow-listed object id:
 * `azure-native:redis:AccessPolicyAssignment` with the built-in `Data Owner`; Managed Redis
 * assignments (`azure-native:redisenterprise:AccessPolicyAssignment` with an `accessString`, and the
 * generic `azure-native:resources:Resource` for `Microsoft.Cache/redisEnterprise/databases/accessPolicyAssignments`)
 * whose access string grants `@dangerous` commands. A Managed Redis assignment without an access
 * string (the `default` policy: Azure's `+@all ~*`), typed or generic, is `managed-redis-default-policy`'s.
 */
export function dataOwnerAllowListPolicy(options: RedisPolicyOptions = {}): ResourceValidationPolicy {
  const name = RedisPolicyNames.DataOwnerAllowList;
  const defaults: FullAccessConfig = { dataOwnerObjectIds: options.dataOwnerObjectIds ?? [] };
  const config = (args: { getConfig<T extends object>(): T }): FullAccessConfig =>
    settings(args.getConfig<Partial<FullAccessConfig>>(), defaults);
  return {
    name,
    description:
      "Only allow-listed identities get full data access (Data Owner, or a Managed Redis access string with @dangerous commands).",
    enforcementLevel: levelOf(name, options),
    configSchema: fullAccessSchema(defaults),
    validateResource: [
      validateResourceOfType(redis.AccessPolicyAssignment, (assignment, args, report) => {
        const policy = assignment.accessPolicyName;
        if (typeof policy !== "string" || policy.trim().toLowerCase() !== "data owner") return;
        if (allowListed(assignment.objectId, config(args))) return;
        report(
          violation(
            args,
            "objectId",
            assignment.objectId,
            `gets "${policy}" (every command on every key) but is not in the Data Owner allow-list`,
            FIX_ALLOW,
          ),
        );
      }),
      validateResourceOfType(redisenterprise.AccessPolicyAssignment, (assignment, args, report) => {
        // azure-native 3.x (API 2025-07-01) has no accessString; a later version with it is checked here.
        const accessString = (assignment as Record<string, unknown>).accessString;
        if (accessString === undefined) return;
        reportFullAccess(
          args,
          report,
          config(args),
          accessString,
          assignment.user?.objectId,
          "accessString",
          "user.objectId",
        );
      }),
      validateResourceOfType(resources.Resource, (resource, args, report) => {
        const props = resource as Record<string, unknown>;
        if (!isGenericManagedAssignment(props)) {
          args.notApplicable("not a Managed Redis access policy assignment");
        }
        const properties = (props.properties ?? {}) as Record<string, unknown>;
        const user = (properties.user ?? {}) as Record<string, unknown>;
        // No access string: the "default" policy (EntraManagedRedis writes every assignment this
        // way, issue 18), managed-redis-default-policy's, as on the typed resource.
        if (properties.accessString === undefined) return;
        reportFullAccess(
          args,
          report,
          config(args),
          properties.accessString,
          user.objectId,
          "properties.accessString",
          "properties.user.objectId",
        );
      }),
    ],
  };
}

function reportFullAccess(
  args: { type: string; name: string },
  report: (message: string) => void,
  config: FullAccessConfig,
  accessString: unknown,
  objectId: unknown,
  field: string,
  idField: string,
): void {
  const effective = typeof accessString === "string" ? accessString : MANAGED_REDIS_DEFAULT_ACCESS_STRING;
  if (!grantsDangerousCommands(effective)) return;
  if (allowListed(objectId, config)) return;
  const what =
    accessString === undefined
      ? `is not set, so Azure applies "${MANAGED_REDIS_DEFAULT_ACCESS_STRING}" (full data access) to ${idField} ${JSON.stringify(objectId)}, which is not in the Data Owner allow-list`
      : `grants @dangerous commands (full data access) to ${idField} ${JSON.stringify(objectId)}, which is not in the Data Owner allow-list`;
  report(
    violation(
      args,
      field,
      accessString,
      what,
      'write a narrower access string (e.g. "+@all -@dangerous ~*" or "+@read ~*"), or add the object id to the policy config dataOwnerObjectIds',
    ),
  );
}
