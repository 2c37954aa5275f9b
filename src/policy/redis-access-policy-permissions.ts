/** Azure Cache for Redis custom data access policies: valid Redis 6 ACL permissions, nothing more. */
import * as redis from "@pulumi/azure-native/redis/index.js";
import { validateResourceOfType, type ResourceValidationPolicy } from "@pulumi/policy";
import { checkAclPermissions, redactAclPermissions } from "../infra/acl-permissions.ts";
import { grantsDangerousCommands } from "./acl-grants.ts";
import { violation } from "./messages.ts";
import { levelOf, RedisPolicyNames, settings, type RedisPolicyOptions } from "./options.ts";

/** Config of {@link accessPolicyPermissionsPolicy}. */
export interface AccessPolicyPermissionsConfig {
  allowDangerousCommands: boolean;
}

/**
 * `azure-native:redis:AccessPolicy` `permissions` must pass the components' ACL checker (Redis 6
 * rules that a real `ACL SETUSER` accepts; no user-management rules such as `on` or `>password`),
 * and must not grant `@dangerous` commands unless the config allows it (that is Data Owner under
 * another name, which the Data Owner allow-list could not see).
 */
export function accessPolicyPermissionsPolicy(options: RedisPolicyOptions = {}): ResourceValidationPolicy {
  const name = RedisPolicyNames.AccessPolicyPermissions;
  const defaults: AccessPolicyPermissionsConfig = {
    allowDangerousCommands: options.allowDangerousCommands ?? false,
  };
  return {
    name,
    description:
      "Custom data access policies on Azure Cache for Redis hold valid Redis 6 ACL permission rules only, without @dangerous commands.",
    enforcementLevel: levelOf(name, options),
    configSchema: {
      properties: {
        allowDangerousCommands: {
          type: "boolean",
          default: defaults.allowDangerousCommands,
          description:
            "Allow custom policies that grant @dangerous commands (+@all, allcommands, +@dangerous).",
        },
      },
    },
    validateResource: validateResourceOfType(redis.AccessPolicy, (policy, args, report) => {
      const config = settings(args.getConfig<Partial<AccessPolicyPermissionsConfig>>(), defaults);
      const permissions = policy.permissions;
      // The value is shown with passwords masked: permissions may carry a ">password" rule.
      const shown = typeof permissions === "string" ? redactAclPermissions(permissions) : permissions;
      const checked = checkAclPermissions(permissions);
      if (!checked.ok) {
        report(violation(args, "permissions", shown, checked.problem, checked.fix));
        return;
      }
      if (!config.allowDangerousCommands && grantsDangerousCommands(permissions)) {
        report(
          violation(
            args,
            "permissions",
            shown,
            "grants @dangerous commands (FLUSHALL, KEYS, ...), which makes every identity assigned to it a Data Owner",
            `add "-@dangerous" after "+@all", or use the built-in "Data Owner" for the identities in the allow-list (config allowDangerousCommands: true allows it)`,
          ),
        );
      }
    }),
  };
}
