/**
 * Names, default enforcement levels and options of the azure-redis-entra policy pack. Each policy
 * reads its own settings from the policy pack config (`configSchema`, set per stack with
 * `pulumi preview --policy-pack-config` or in Pulumi Cloud), falling back to the options given to
 * `redisPolicies(options)`, then to the defaults here.
 */
import type { EnforcementLevel } from "@pulumi/policy";

/** The policy names (stable: config files and Pulumi Cloud refer to them). */
export const RedisPolicyNames = {
  CacheEntraOnly: "redis-cache-entra-only",
  CacheTlsOnly: "redis-cache-tls-only",
  CacheVersion: "redis-cache-version",
  AccessPolicyPermissions: "redis-access-policy-permissions",
  DataOwnerAllowList: "redis-data-owner-allow-list",
  ManagedRedisDefaultPolicy: "managed-redis-default-policy",
  ManagedRedisClusterTls: "managed-redis-cluster-tls",
  ManagedRedisDatabaseEntraOnly: "managed-redis-database-entra-only",
  NetworkAccess: "redis-network-access",
  CacheHasAssignment: "redis-cache-has-assignment",
} as const;
/** The name of one policy of the pack. */
export type RedisPolicyName = (typeof RedisPolicyNames)[keyof typeof RedisPolicyNames];

/**
 * Enforcement levels when nothing else is said: mandatory, except the typed Managed Redis `default`
 * assignment, which is the only access policy the stable API (2025-07-01) has, so a stack on it can't
 * comply any other way yet; it reports, and a platform can make it mandatory.
 */
export const DEFAULT_ENFORCEMENT_LEVELS: Readonly<Record<RedisPolicyName, EnforcementLevel>> = {
  "redis-cache-entra-only": "mandatory",
  "redis-cache-tls-only": "mandatory",
  "redis-cache-version": "mandatory",
  "redis-access-policy-permissions": "mandatory",
  "redis-data-owner-allow-list": "mandatory",
  "managed-redis-default-policy": "advisory",
  "managed-redis-cluster-tls": "mandatory",
  "managed-redis-database-entra-only": "mandatory",
  "redis-network-access": "mandatory",
  "redis-cache-has-assignment": "mandatory",
};

/** Options of {@link redisPolicies}: the defaults a stack's policy config can override. */
export interface RedisPolicyOptions {
  /** Level of every policy not named in `enforcementLevels` (default: {@link DEFAULT_ENFORCEMENT_LEVELS}). */
  enforcementLevel?: EnforcementLevel;
  /** Level per policy name. */
  enforcementLevels?: Partial<Record<RedisPolicyName, EnforcementLevel>>;
  /**
   * Object ids (principal ids) that may hold Data Owner or another full-access assignment
   * (a Managed Redis access string with `@dangerous` commands, or its `default` policy). Default none.
   */
  dataOwnerObjectIds?: string[];
  /** Whether public network access without firewall rules, or with internet-wide ones (src/infra/public-ipv4.ts), is acceptable. Default false. */
  allowPublicNetworkAccess?: boolean;
  /** Whether every cache and Managed Redis cluster must have a private endpoint. Default false. */
  requirePrivateEndpoint?: boolean;
  /** Whether custom access policies may grant `@dangerous` commands (as Data Owner does). Default false. */
  allowDangerousCommands?: boolean;
}

/** The level a policy gets from the options. */
export function levelOf(name: RedisPolicyName, options: RedisPolicyOptions): EnforcementLevel {
  return options.enforcementLevels?.[name] ?? options.enforcementLevel ?? DEFAULT_ENFORCEMENT_LEVELS[name];
}

/**
 * A policy's settings: its config (from the stack's policy pack config) over the option defaults.
 * Only the defaults' own keys are read from the config (a config key such as `__proto__` or
 * `constructor` is not a setting); keys whose config value is undefined or null keep the default.
 */
export function settings<T extends object>(config: Partial<T>, defaults: T): T {
  const out = { ...defaults };
  for (const k of Object.keys(defaults)) {
    const v: unknown = Object.hasOwn(config, k) ? (config as Record<string, unknown>)[k] : undefined;
    if (v !== undefined && v !== null) (out as Record<string, unknown>)[k] = v;
  }
  return out;
}
