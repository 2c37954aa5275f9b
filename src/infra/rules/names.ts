/**
 * Azure's rules for names: the cache, the Managed Redis cluster and database, firewall rules, the
 * network children the components name (private endpoint, DNS zone link), and the name patterns of
 * access policies and assignments (whose constraints are in access.ts; aliases follow the cache's
 * assignment names).
 */
import {
  ACCESS_POLICY,
  CACHE_ASSIGNMENT,
  CACHE_RG,
  CLUSTER,
  DATABASE,
  FIREWALL_RULE,
  LINKED_SERVER,
  MANAGED_ASSIGNMENT,
  REDIS,
  cachePath,
  matches,
  type IntRange,
  type RuleSubject,
} from "./rule.ts";

/** Azure Cache for Redis name: the spec's `cacheName` pattern. */
export const CACHE_NAME_PATTERN = /^([a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]|[a-zA-Z0-9])$/;
/** Longest Azure Cache for Redis name (resource naming rules; the spec gives no length). */
export const CACHE_NAME_MAX = 63;
/** Azure Managed Redis cluster (and database) name: the spec's ClusterNameParameter pattern. */
export const CLUSTER_NAME_PATTERN = /^(?=.{1,60}$)[A-Za-z0-9]+(-[A-Za-z0-9]+)*$/;
/** Longest Azure Managed Redis cluster name (in the spec's pattern). */
export const CLUSTER_NAME_MAX = 60;
/** Firewall rule name: azurerm's `^\w+$` (the spec gives no pattern), at most 100 characters. */
export const FIREWALL_RULE_NAME = /^\w+$/;
/** Longest firewall rule name. */
export const FIREWALL_RULE_NAME_MAX = 100;
/** Private endpoint and DNS zone link names (Microsoft.Network naming rules). */
const NETWORK_CHILD_NAME = /^[a-zA-Z0-9]([a-zA-Z0-9_.-]*[a-zA-Z0-9_])?$/;
/** Longest private endpoint name. */
export const PRIVATE_ENDPOINT_NAME_MAX = 64;
/** Longest virtual network link name. */
export const VIRTUAL_NETWORK_LINK_NAME_MAX = 80;

/**
 * A cache or cluster name of 1-`max` characters: letters, digits and hyphens, starting and ending
 * with a letter or digit, no `--` (the cache spec's pattern and the naming rules; the cluster spec's
 * pattern says the same within 60).
 */
export function isResourceName(v: unknown, max: number): v is string {
  return matches(CACHE_NAME_PATTERN, 1, max)(v) && !(v as string).includes("--");
}
/** Cache name: the spec pattern, at most 63 characters and no "--" (resource naming rules). */
export function isCacheName(v: unknown): v is string {
  return isResourceName(v, CACHE_NAME_MAX);
}
/** Managed Redis cluster name: the spec pattern (1-60, single hyphens inside). */
export function isClusterName(v: unknown): v is string {
  return matches(CLUSTER_NAME_PATTERN)(v);
}

/** Cache access policy (custom policy) name: 3-63 characters, spaces allowed inside. */
export const ACCESS_POLICY_NAME_PATTERN = /^([a-zA-Z0-9][a-zA-Z0-9- ]*[a-zA-Z0-9]|[a-zA-Z0-9])$/;
/** Length of a cache access policy name. */
export const ACCESS_POLICY_NAME_LENGTH: IntRange = { min: 3, max: 63 };
/**
 * Cache access policy assignment name: 3-63 letters, digits or hyphens, starting and ending with a
 * letter or digit. The components name each assignment after its alias, so aliases follow it.
 */
export const CACHE_ASSIGNMENT_NAME_PATTERN = /^([a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]|[a-zA-Z0-9])$/;
/** Length of a cache access policy assignment name (and so of an alias). */
export const CACHE_ASSIGNMENT_NAME_LENGTH: IntRange = { min: 3, max: 63 };
/** Whether `v` is a valid alias: a valid cache assignment name. */
export function isAlias(v: unknown): v is string {
  return matches(
    CACHE_ASSIGNMENT_NAME_PATTERN,
    CACHE_ASSIGNMENT_NAME_LENGTH.min,
    CACHE_ASSIGNMENT_NAME_LENGTH.max,
  )(v);
}
/** Whether `v` is a valid name for a custom access policy of Azure Cache for Redis. */
export function isAccessPolicyName(v: unknown): v is string {
  return matches(ACCESS_POLICY_NAME_PATTERN, ACCESS_POLICY_NAME_LENGTH.min, ACCESS_POLICY_NAME_LENGTH.max)(v);
}
/** Managed Redis access policy assignment name: the spec's AccessPolicyAssignmentNameParameter. */
export const MANAGED_ASSIGNMENT_NAME_PATTERN = /^[A-Za-z0-9]{1,60}$/;

/** Names. */
export const NAME_RULES: RuleSubject = {
  title: "Names",
  constraints: [
    {
      id: "cache.name",
      args: "cacheName, existingCache.name, generated names",
      rule: "1-63 letters, digits and hyphens, starting and ending with a letter or digit, no `--`",
      spec: {
        file: "cache",
        pointer: cachePath(`${CACHE_RG}/{cacheName}/firewallRules/{ruleName}`, 3, "pattern"),
      },
      accepts: isCacheName,
      stricter:
        "the spec has the pattern only; the length (63) and no consecutive hyphens are Azure's resource naming rules for Microsoft.Cache/redis",
      sends: [
        { type: REDIS, path: "name" },
        { type: FIREWALL_RULE, path: "cacheName" },
        { type: ACCESS_POLICY, path: "cacheName" },
        { type: CACHE_ASSIGNMENT, path: "cacheName" },
        { type: LINKED_SERVER, path: "name" },
        { type: LINKED_SERVER, path: "linkedServerName" },
      ],
    },
    {
      id: "managed.clusterName",
      args: "clusterName, generated names",
      rule: "1-60 letters, digits and single hyphens, starting and ending with a letter or digit",
      spec: { file: "managed", pointer: "/parameters/ClusterNameParameter/pattern" },
      accepts: isClusterName,
      sends: [
        { type: CLUSTER, path: "clusterName" },
        { type: DATABASE, path: "clusterName" },
        { type: MANAGED_ASSIGNMENT, path: "clusterName" },
      ],
    },
    {
      id: "managed.databaseName",
      args: '(sent: "default")',
      rule: "the cluster name pattern; Azure allows a single database, named default",
      spec: { file: "managed", pointer: "/parameters/DatabaseNameParameter/pattern" },
      accepts: (v) => v === "default",
      sends: [
        { type: DATABASE, path: "databaseName" },
        { type: MANAGED_ASSIGNMENT, path: "databaseName" },
      ],
    },
    {
      id: "cache.firewallRule.name",
      args: "firewallRules[i].name",
      rule: "1-100 letters, digits or underscores",
      spec: {
        file: "cache",
        pointer: cachePath(`${CACHE_RG}/{cacheName}/firewallRules/{ruleName}`, 4, "type"),
      },
      accepts: matches(FIREWALL_RULE_NAME, 1, FIREWALL_RULE_NAME_MAX),
      stricter: "the spec gives no pattern; the component uses azurerm's `^\\w+$`, which Azure accepts",
      sends: [{ type: FIREWALL_RULE, path: "ruleName" }],
    },
    {
      id: "network.privateEndpoint.name",
      args: "generated from the component name",
      rule: "2-64 letters, digits, underscores, periods or hyphens, starting with a letter or digit and ending with a letter, digit or underscore",
      spec: { file: "naming", pointer: "#microsoftnetwork" },
      accepts: matches(NETWORK_CHILD_NAME, 2, PRIVATE_ENDPOINT_NAME_MAX),
      sends: [{ type: "azure-native:network:PrivateEndpoint", path: "privateLinkServiceConnections[].name" }],
    },
    {
      id: "network.virtualNetworkLink.name",
      args: "generated from the component name",
      rule: "1-80 letters, digits, underscores, periods or hyphens, starting with a letter or digit and ending with a letter, digit or underscore",
      spec: { file: "naming", pointer: "#microsoftnetwork" },
      accepts: matches(NETWORK_CHILD_NAME, 1, VIRTUAL_NETWORK_LINK_NAME_MAX),
      sends: [],
    },
  ],
};
