/**
 * Which resources of a stack belong to which cache, for the stack policies: a firewall rule, an
 * assignment or a private endpoint belongs to a cache when it depends on it (it takes the cache's
 * name or id as an Output, as the components and most hand-written programs do), or else when it
 * names it (`cacheName`, a private link service id ending in the cache's name).
 */
import type { PolicyResource } from "@pulumi/policy";
import { isGenericManagedAssignment } from "./assignments.ts";

export const REDIS = "azure-native:redis:Redis";
export const FIREWALL_RULE = "azure-native:redis:FirewallRule";
export const CACHE_ASSIGNMENT = "azure-native:redis:AccessPolicyAssignment";
export const CLUSTER = "azure-native:redisenterprise:RedisEnterprise";
export const DATABASE = "azure-native:redisenterprise:Database";
export const MANAGED_ASSIGNMENT = "azure-native:redisenterprise:AccessPolicyAssignment";
export const GENERIC = "azure-native:resources:Resource";
export const PRIVATE_ENDPOINT = "azure-native:network:PrivateEndpoint";

/**
 * Reads a property that may be unknown during `pulumi preview` (@pulumi/policy's props throw on
 * unknown values): a name that isn't known yet can't link resources, so it reads as undefined.
 */
export function known(read: () => unknown): unknown {
  try {
    return read();
  } catch (err) {
    if (err instanceof Error && err.constructor.name === "UnknownValueError") return undefined;
    throw err;
  }
}

/** True when the property has a value, known or not yet known. */
export function isSet(read: () => unknown): boolean {
  try {
    return read() !== undefined;
  } catch (err) {
    if (err instanceof Error && err.constructor.name === "UnknownValueError") return true;
    throw err;
  }
}

function lower(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value.toLowerCase() : undefined;
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" ? (value as Record<string, unknown>) : {};
}

/** True when `child` has `target` among its dependencies (explicit or through an Output input). */
export function dependsOn(child: PolicyResource, target: PolicyResource): boolean {
  if (child.dependencies.some((d) => d.urn === target.urn)) return true;
  return Object.values(child.propertyDependencies).some((list) => list.some((d) => d.urn === target.urn));
}

/** The Azure name of a resource: `nameProp` (e.g. `clusterName`) or `name` in its props. */
export function azureName(r: PolicyResource, nameProp = "name"): string | undefined {
  return lower(known(() => r.props[nameProp])) ?? lower(known(() => r.props.name));
}

/** The resources of `type` that belong to `cache` (an `azure-native:redis:Redis`) by dependency or by `cacheName`. */
export function cacheChildren(
  resources: PolicyResource[],
  cache: PolicyResource,
  type: string,
): PolicyResource[] {
  const name = azureName(cache);
  return resources.filter(
    (r) =>
      r.type === type &&
      (dependsOn(r, cache) || (name !== undefined && lower(known(() => r.props.cacheName)) === name)),
  );
}

/** The private endpoints that connect to `target` (a cache or a Managed Redis cluster). */
export function privateEndpointsOf(
  resources: PolicyResource[],
  target: PolicyResource,
  armType: "redis" | "redisEnterprise",
): PolicyResource[] {
  const name = azureName(target, armType === "redis" ? "name" : "clusterName");
  const suffix = name !== undefined ? `/microsoft.cache/${armType.toLowerCase()}/${name}` : undefined;
  return resources.filter((r) => {
    if (r.type !== PRIVATE_ENDPOINT) return false;
    if (dependsOn(r, target)) return true;
    if (suffix === undefined) return false;
    const connections = [
      ...asArray(known(() => r.props.privateLinkServiceConnections)),
      ...asArray(known(() => r.props.manualPrivateLinkServiceConnections)),
    ];
    return connections.some((c) => lower(record(c).privateLinkServiceId)?.endsWith(suffix) === true);
  });
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The database's cluster and database names, as Azure sees them. */
function databaseNames(db: PolicyResource): { cluster?: string; database?: string } {
  return {
    cluster: lower(known(() => db.props.clusterName)),
    database: lower(known(() => db.props.databaseName)) ?? lower(known(() => db.props.name)),
  };
}

/** The assignments (typed or generic) on a Managed Redis database. */
export function databaseAssignments(resources: PolicyResource[], db: PolicyResource): PolicyResource[] {
  const names = databaseNames(db);
  const sameNames = (cluster: unknown, database: unknown): boolean =>
    names.cluster !== undefined &&
    names.database !== undefined &&
    lower(cluster) === names.cluster &&
    lower(database) === names.database;
  return resources.filter((r) => {
    if (r.type === MANAGED_ASSIGNMENT) {
      return (
        dependsOn(r, db) ||
        sameNames(
          known(() => r.props.clusterName),
          known(() => r.props.databaseName),
        )
      );
    }
    if (r.type === GENERIC && known(() => isGenericManagedAssignment(r.props)) === true) {
      if (dependsOn(r, db)) return true;
      const path = known(() => r.props.parentResourcePath);
      const m =
        typeof path === "string" ? /^redisEnterprise\/([^/]+)\/databases\/([^/]+)$/i.exec(path) : null;
      return m !== null && sameNames(m[1], m[2]);
    }
    return false;
  });
}
