/**
 * Data access policies of Azure Cache for Redis (docs/azure-facts.md, "Data access
 * policies") and of Azure Managed Redis.
 */

/**
 * The built-in data access policies of Azure Cache for Redis, for `assignments[].policy`.
 * As reported by `az redis access-policy list`: Data Owner `+@all allkeys`; Data Contributor
 * `+@all -@dangerous ... allkeys`; Data Reader `+@read +@connection ... allkeys`.
 */
export const BuiltInPolicies = {
  /** Every command on every key. */
  DataOwner: "Data Owner",
  /** Every command except the dangerous ones, on every key (the default). */
  DataContributor: "Data Contributor",
  /** Read commands on every key. */
  DataReader: "Data Reader",
} as const;
/** Name of a built-in Azure Cache for Redis data access policy. */
export type BuiltInPolicy = (typeof BuiltInPolicies)[keyof typeof BuiltInPolicies];

/** Policy given to an assignment on Azure Cache for Redis when it names none. */
export const DEFAULT_CACHE_POLICY: BuiltInPolicy = BuiltInPolicies.DataContributor;

/**
 * Policy given to an assignment on Azure Managed Redis when it names none: the same as on the cache
 * (least privilege by default), written as its access string.
 */
export const DEFAULT_MANAGED_POLICY: BuiltInPolicy = BuiltInPolicies.DataContributor;

/** Managed Redis's own access policy name: full access ("+@all ~*", Azure's default access string). */
export const MANAGED_REDIS_POLICY = "default";

const BUILT_IN = new Map<string, BuiltInPolicy>(
  Object.values(BuiltInPolicies).map((p) => [p.toLowerCase(), p]),
);

/** The built-in policy `name` means, ignoring case, or undefined. */
export function builtInPolicyNamed(name: string): BuiltInPolicy | undefined {
  return BUILT_IN.get(name.toLowerCase());
}

/**
 * The built-in name a custom policy name would shadow, ignoring case: the three built-in policies of
 * Azure Cache for Redis and Managed Redis's `default`, on both components (a custom policy named
 * "default" on Managed Redis was taken for the built-in full access). Undefined when free.
 */
export function reservedPolicyName(name: string): string | undefined {
  if (name.toLowerCase() === MANAGED_REDIS_POLICY) return MANAGED_REDIS_POLICY;
  return builtInPolicyNamed(name);
}
