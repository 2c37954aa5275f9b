/** Azure Managed Redis assignments on the stable API's `default` policy: full data access for every identity. */
import * as redisenterprise from "@pulumi/azure-native/redisenterprise/index.js";
import * as resources from "@pulumi/azure-native/resources/index.js";
import { validateResourceOfType, type ResourceValidationPolicy } from "@pulumi/policy";
import {
  allowListed,
  fullAccessSchema,
  isGenericManagedAssignment,
  type FullAccessConfig,
} from "./assignments.ts";
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
    validateResource: [
      validateResourceOfType(redisenterprise.AccessPolicyAssignment, (assignment, args, report) => {
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
            FIX,
          ),
        );
      }),
      // EntraManagedRedis writes every assignment as the generic resource (issue 18): without an
      // access string, it is the same "default" policy.
      validateResourceOfType(resources.Resource, (resource, args, report) => {
        const props = resource as Record<string, unknown>;
        if (!isGenericManagedAssignment(props))
          args.notApplicable("not a Managed Redis access policy assignment");
        const properties = (props.properties ?? {}) as Record<string, unknown>;
        if (properties.accessString !== undefined) return; // redis-data-owner-allow-list's
        const config = settings(args.getConfig<Partial<FullAccessConfig>>(), defaults);
        const objectId = ((properties.user ?? {}) as Record<string, unknown>).objectId;
        if (allowListed(objectId, config)) return;
        report(
          violation(
            args,
            "properties.accessPolicyName",
            properties.accessPolicyName,
            `gives properties.user.objectId ${JSON.stringify(objectId)} full data access (every command on every key), and it is not in the allow-list`,
            FIX,
          ),
        );
      }),
    ],
  };
}

const FIX =
  "give the identity a narrower access string (EntraManagedRedis assignments with policy Data Contributor or Data Reader), or add its object id to the policy config dataOwnerObjectIds";
