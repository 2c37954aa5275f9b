/** Azure Managed Redis assignments on the stable API's `default` policy: full data access for every identity. */
import * as redisenterprise from "@pulumi/azure-native/redisenterprise/index.js";
import { validateResourceOfType, type ResourceValidationPolicy } from "@pulumi/policy";
import { allowListed, fullAccessSchema, type FullAccessConfig } from "./assignments.ts";
import { violation } from "./messages.ts";
import { levelOf, RedisPolicyNames, settings, type RedisPolicyOptions } from "./options.ts";

/**
 * `azure-native:redisenterprise:AccessPolicyAssignment` without an `accessString` uses the access
 * policy `default`, the only one API 2025-07-01 (azure-native 3.x) has: every command on every key.
 * Reported for object ids outside the allow-list; advisory by default, because a stack on the stable
 * API has no narrower choice (per-identity access strings need API 2026-05-01-preview or 2026-09-01,
 * which EntraManagedRedis uses through the generic resource).
 */
export function managedRedisDefaultPolicy(options: RedisPolicyOptions = {}): ResourceValidationPolicy {
  const name = RedisPolicyNames.ManagedRedisDefaultPolicy;
  const defaults: FullAccessConfig = { dataOwnerObjectIds: options.dataOwnerObjectIds ?? [] };
  return {
    name,
    description:
      "Azure Managed Redis assignments on the 'default' access policy give full data access; only allow-listed identities should have it.",
    enforcementLevel: levelOf(name, options),
    configSchema: fullAccessSchema(defaults),
    validateResource: validateResourceOfType(
      redisenterprise.AccessPolicyAssignment,
      (assignment, args, report) => {
        if ((assignment as Record<string, unknown>).accessString !== undefined) return; // redis-data-owner-allow-list's
        const config = settings(args.getConfig<Partial<FullAccessConfig>>(), defaults);
        const objectId = assignment.user?.objectId;
        if (allowListed(objectId, config)) return;
        report(
          violation(
            args,
            "accessPolicyName",
            assignment.accessPolicyName,
            `gives user.objectId ${JSON.stringify(objectId)} full data access (every command on every key), and it is not in the allow-list`,
            "give the identity a narrower access string through the preview API (EntraManagedRedis assignments with policy Data Contributor or Data Reader), or add its object id to the policy config dataOwnerObjectIds",
          ),
        );
      },
    ),
  };
}
