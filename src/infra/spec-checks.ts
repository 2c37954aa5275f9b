/**
 * The checks of Azure's rules (rules/) as the components' check step uses them: each throws one
 * EntraRedisInputError naming the field, the value (unless it may be a secret) and the fix, and cites
 * the rule's row in docs/azure-constraints.md. Values that are Outputs are handed to `defer` (the
 * component's input gate) and checked when they resolve.
 */
import * as pulumi from "@pulumi/pulumi";
import { planChildName, type NameRule, type PlannedName } from "./autoname.ts";
import { constraint } from "./rules/index.ts";
import {
  CACHE_NAME_MAX,
  CLUSTER_NAME_MAX,
  isCacheName,
  isClusterName,
  PRIVATE_ENDPOINT_NAME_MAX,
  VIRTUAL_NETWORK_LINK_NAME_MAX,
} from "./rules/names.ts";
import { CACHE_CONFIG_READ_ONLY, CACHE_CONFIG_RULES, cacheConfigRule } from "./rules/redis-configuration.ts";
import { EntraRedisInputError, VALUE_NOT_SHOWN } from "./errors.ts";
import { suggestKey, type Defer } from "./unknown-args.ts";

/** Throws unless the constraint `id` accepts `value`. `fix` says what to write instead. */
export function checkConstraint(ctx: string, field: string, id: string, value: unknown, fix: string): void {
  const c = constraint(id);
  if (c.accepts(value)) return;
  throw new EntraRedisInputError(
    ctx,
    field,
    value,
    `is not accepted: ${c.rule} (docs/azure-constraints.md, ${c.id})`,
    fix,
  );
}

/** Whether a value is an Output or a Promise (checked when it resolves). */
function unresolved(value: unknown): boolean {
  return pulumi.Output.isInstance(value) || value instanceof Promise;
}

const normalise = (s: string): string => s.toLowerCase().replace(/[-_\s]/g, "");
const API_NAMES = new Map<string, string>(
  Object.entries(CACHE_CONFIG_RULES).map(([key, r]) => [r.apiName, key]),
);

/**
 * Checks `redisConfiguration`: every key azure-native knows (else the nearest one is suggested),
 * none the component sets itself or the spec makes read-only, and each value by its rule. Values of
 * connection strings are never shown.
 */
export function checkCacheConfiguration(ctx: string, config: unknown, defer: Defer): void {
  if (config === undefined) return;
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    throw new EntraRedisInputError(
      ctx,
      "redisConfiguration",
      VALUE_NOT_SHOWN,
      "is not a map of settings",
      'give settings by azure-native name, e.g. { maxmemoryPolicy: "allkeys-lru" }',
    );
  }
  const known = Object.keys(CACHE_CONFIG_RULES);
  for (const [key, value] of Object.entries(config as Record<string, unknown>)) {
    if (value === undefined) continue;
    const field = `redisConfiguration.${key}`;
    const exact = cacheConfigRule(key);
    // The key as azure-native spells it: itself, or the camelCase of a REST API name, or the same
    // letters in another case or with separators (so "AAD-Enabled" is refused like aadEnabled).
    const meant = exact !== undefined ? key : (API_NAMES.get(key.toLowerCase()) ?? suggestKey(key, known));
    const meantRule = meant !== undefined ? cacheConfigRule(meant) : undefined;
    const sameLetters = meant !== undefined && normalise(meant) === normalise(key);
    if (
      meantRule?.refused !== undefined &&
      (exact !== undefined || sameLetters || API_NAMES.has(key.toLowerCase()))
    ) {
      throw new EntraRedisInputError(
        ctx,
        field,
        VALUE_NOT_SHOWN,
        `can't be set: ${meantRule.refused}`,
        `remove ${key} from redisConfiguration`,
      );
    }
    if (Object.hasOwn(CACHE_CONFIG_READ_ONLY, key.toLowerCase())) {
      throw new EntraRedisInputError(
        ctx,
        field,
        VALUE_NOT_SHOWN,
        "is read-only: Azure sets it (redis.json marks it readOnly)",
        `remove ${key} from redisConfiguration`,
      );
    }
    if (exact === undefined) {
      throw new EntraRedisInputError(
        ctx,
        field,
        VALUE_NOT_SHOWN,
        "is not a Redis setting azure-native knows",
        meant !== undefined ? `write it as ${meant}` : `use one of ${known.join(", ")}`,
      );
    }
    const rule = exact;
    const check = (v: unknown): void => {
      if (rule.accepts(v)) return;
      throw new EntraRedisInputError(
        ctx,
        field,
        rule.showValue ? v : VALUE_NOT_SHOWN,
        `is not accepted: ${rule.rule} (docs/azure-constraints.md, ${rule.apiName})`,
        `give ${rule.apiName} as ${rule.rule}`,
      );
    };
    if (unresolved(value)) defer(value, check);
    else check(value);
  }
}

/** Generated-name rules (azure-native appends 8 hex characters to the child's name). */
export const CACHE_NAME_RULE: NameRule = { max: CACHE_NAME_MAX, accepts: isCacheName };
export const CLUSTER_NAME_RULE: NameRule = { max: CLUSTER_NAME_MAX, accepts: isClusterName };
export const PRIVATE_ENDPOINT_NAME_RULE: NameRule = {
  max: PRIVATE_ENDPOINT_NAME_MAX,
  accepts: (n) => constraint("network.privateEndpoint.name").accepts(n),
};
export const VIRTUAL_NETWORK_LINK_NAME_RULE: NameRule = {
  max: VIRTUAL_NETWORK_LINK_NAME_MAX,
  accepts: (n) => constraint("network.virtualNetworkLink.name").accepts(n),
};

/** The child names a component registers its autonamed resources under. */
export interface ChildNames {
  /** The cache (`${name}-redis`) or the cluster (`${name}-cluster`). */
  target: PlannedName;
  /** The private endpoint (`${name}-pe`). */
  privateEndpoint: PlannedName;
  /** The private DNS zone's VNet link (`${name}-dns-link`). */
  dnsLink: PlannedName;
}

/**
 * Plans the child names of component `name` so that every name azure-native generates is valid.
 * With `azureName` (cacheName / clusterName given), the cache or cluster isn't autonamed and keeps
 * its usual child name.
 */
export function planChildNames(name: string, target: "cache" | "cluster", azureName?: string): ChildNames {
  const suffix = target === "cache" ? "redis" : "cluster";
  return {
    target:
      azureName !== undefined
        ? { childName: `${name}-${suffix}`, sanitized: false, example: azureName }
        : planChildName(name, suffix, target === "cache" ? CACHE_NAME_RULE : CLUSTER_NAME_RULE),
    privateEndpoint: planChildName(name, "pe", PRIVATE_ENDPOINT_NAME_RULE),
    dnsLink: planChildName(name, "dns-link", VIRTUAL_NETWORK_LINK_NAME_RULE),
  };
}
