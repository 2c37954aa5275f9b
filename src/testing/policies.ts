/**
 * Access policies for the local gateway: Azure's built-in data access policies as Redis ACL rules
 * (as reported by `az redis access-policy list`, see shared/reference/azure-facts.md), or a custom
 * Redis ACL permission string checked like an Azure custom policy.
 */
import { checkAclPermissions } from "../infra/acl-permissions.ts";

/** Built-in Azure Cache for Redis data access policies. */
export const BUILT_IN_POLICIES: Readonly<Record<string, string>> = {
  "Data Owner": "+@all allkeys",
  "Data Contributor": "+@all -@dangerous +cluster|info +cluster|nodes +cluster|slots allkeys",
  "Data Reader": "+@read +@connection +cluster|info +cluster|nodes +cluster|slots allkeys",
};

/** Turns a policy name or permission string into ACL rules; throws a clear error for bad input. */
export function policyRules(permissions: string): string[] {
  if (typeof permissions !== "string") {
    throw new TypeError(`assign(): permissions must be a string ("Data Owner", "Data Contributor", "Data Reader" or ACL rules), got ${typeof permissions}`);
  }
  const builtIn = Object.entries(BUILT_IN_POLICIES).find(([name]) => name.toLowerCase() === permissions.trim().toLowerCase());
  if (builtIn) return builtIn[1].split(" ");
  const result = checkAclPermissions(permissions);
  if (!result.ok) {
    throw new TypeError(`assign(): permissions ${result.problem}: ${result.fix} (or use "Data Owner", "Data Contributor" or "Data Reader")`);
  }
  return permissions.trim().split(/ +/);
}
