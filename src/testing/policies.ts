/**
 * Access policies for the local gateway: Azure's built-in data access policies as Redis ACL rules
 * (as reported by `az redis access-policy list`, see docs/azure-facts.md, "Data access policies"), or a custom
 * Redis ACL permission string checked like an Azure custom policy.
 */
import { checkAclPermissions } from "../infra/acl-permissions.ts";
import { BuiltInPolicies, type BuiltInPolicy } from "../infra/policies.ts";

export { BuiltInPolicies };

/** The Redis ACL rules of each built-in data access policy ({@link BuiltInPolicies}). */
export const BuiltInPolicyRules: Readonly<Record<BuiltInPolicy, string>> = {
  "Data Owner": "+@all allkeys",
  "Data Contributor": "+@all -@dangerous +cluster|info +cluster|nodes +cluster|slots allkeys",
  "Data Reader": "+@read +@connection +cluster|info +cluster|nodes +cluster|slots allkeys",
};

/**
 * Commands Azure Cache for Redis blocks whatever the policy (docs/azure-facts.md, "Azure Cache for Redis": ACL,
 * BGREWRITEAOF, BGSAVE, CLUSTER writes, CONFIG, DEBUG, MIGRATE, PSYNC, REPLICAOF, REPLCONF, SAVE,
 * SHUTDOWN, SLAVEOF, SYNC), removed from every assigned user so that local tests can't rely on them
 * (and can't mint themselves a password user with `ACL SETUSER`). Redis answers them with NOPERM.
 */
export const AZURE_BLOCKED_RULES: readonly string[] = [
  "-acl",
  "-bgrewriteaof",
  "-bgsave",
  "-config",
  "-debug",
  "-migrate",
  "-psync",
  "-replicaof",
  "-replconf",
  "-save",
  "-shutdown",
  "-slaveof",
  "-sync",
  ...[
    "addslots",
    "addslotsrange",
    "delslots",
    "delslotsrange",
    "failover",
    "forget",
    "meet",
    "replicate",
    "reset",
    "saveconfig",
    "setslot",
    "set-config-epoch",
    "bumpepoch",
    "flushslots",
  ].map((sub) => `-cluster|${sub}`),
];

/** Turns a policy name or permission string into ACL rules; throws a clear error for bad input. */
export function policyRules(permissions: string): string[] {
  if (typeof permissions !== "string") {
    throw new TypeError(
      `assign(): permissions must be a string ("Data Owner", "Data Contributor", "Data Reader" or ACL rules), got ${typeof permissions}`,
    );
  }
  const builtIn = Object.entries(BuiltInPolicyRules).find(
    ([name]) => name.toLowerCase() === permissions.trim().toLowerCase(),
  );
  if (builtIn) return [...builtIn[1].split(" "), ...AZURE_BLOCKED_RULES];
  const result = checkAclPermissions(permissions);
  if (!result.ok) {
    throw new TypeError(
      `assign(): permissions ${result.problem}: ${result.fix} (or use "Data Owner", "Data Contributor" or "Data Reader")`,
    );
  }
  return [...permissions.trim().split(/ +/), ...AZURE_BLOCKED_RULES];
}
