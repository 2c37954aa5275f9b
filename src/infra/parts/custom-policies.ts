/**
 * Custom data access policies of Azure Cache for Redis: names and Redis ACL permission strings,
 * checked before anything is deployed. The permission syntax check is acl-permissions.ts.
 */
import { checkAclPermissions, redactAclPermissions } from "../acl-permissions.ts";
import { MANAGED_REDIS_POLICY, reservedPolicyName } from "../policies.ts";
import { isAccessPolicyName } from "../rules/names.ts";
import { fail, type ErrorContext } from "../validate.ts";

/** A custom data access policy. */
export interface CustomPolicyArgs {
  /**
   * Policy name: 3-63 letters, digits, hyphens or spaces, starting and ending with a letter or digit;
   * not the name of a built-in policy. Assignments refer to it by this name.
   */
  name: string;
  /**
   * Redis 6 ACL permission rules, e.g. "+@read +@connection ~reports:*": commands, categories, key and
   * channel patterns. User-management rules (on/off, passwords, nopass, reset) are not permissions.
   */
  permissions: string;
}

/** Checks every custom policy; returns their names (for the policy resolver). */
export function checkCustomPolicies(ctx: ErrorContext, policies: unknown): CustomPolicyArgs[] {
  if (policies === undefined) return [];
  if (!Array.isArray(policies))
    fail(
      ctx,
      "customPolicies",
      policies,
      "is not a list",
      'give [{ name: "Reporting Read Only", permissions: "+@read allkeys" }]',
    );
  const seen = new Map<string, number>();
  policies.forEach((p: unknown, i) => {
    const field = `customPolicies[${i}]`;
    if (typeof p !== "object" || p === null)
      fail(ctx, field, p, "is not an object", "give { name, permissions }");
    const { name, permissions } = p as Partial<CustomPolicyArgs>;
    if (!isAccessPolicyName(name)) {
      fail(
        ctx,
        `${field}.name`,
        name,
        "is not a valid access policy name",
        "use 3-63 letters, digits, hyphens or spaces, starting and ending with a letter or digit",
      );
    }
    const builtIn = reservedPolicyName(name);
    if (builtIn === MANAGED_REDIS_POLICY) {
      fail(
        ctx,
        `${field}.name`,
        name,
        `clashes with "${builtIn}", Azure Managed Redis's built-in full-access policy (names are compared ignoring case)`,
        "give the custom policy another name",
      );
    }
    if (builtIn !== undefined) {
      fail(
        ctx,
        `${field}.name`,
        name,
        `clashes with the built-in policy "${builtIn}"`,
        `assign "${builtIn}" directly, or give the custom policy another name`,
      );
    }
    const first = seen.get(name.toLowerCase());
    if (first !== undefined)
      fail(
        ctx,
        `${field}.name`,
        name,
        `is already used by customPolicies[${first}]`,
        "give every custom policy its own name",
      );
    seen.set(name.toLowerCase(), i);
    if (typeof permissions !== "string") {
      fail(
        ctx,
        `${field}.permissions`,
        permissions,
        "is not a string",
        'give Redis ACL rules as one string, e.g. "+@read allkeys"',
      );
    }
    const result = checkAclPermissions(permissions);
    if (!result.ok)
      fail(ctx, `${field}.permissions`, redactAclPermissions(permissions), result.problem, result.fix);
  });
  return policies as CustomPolicyArgs[];
}
