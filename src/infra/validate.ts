/**
 * Input rules shared by EntraRedisCache and EntraManagedRedis. Every failure throws one
 * EntraRedisInputError naming the field, the value and the fix. Rules that need a resolved Output
 * value take the plain value and are called from an InputGate (input-gate.ts) once it resolves.
 */
import * as pulumi from "@pulumi/pulumi";
import { EntraRedisInputError, kindOf } from "./errors.ts";
import { isAlias, isResourceName } from "./rules/names.ts";
import { GUID, PRIVATE_DNS_ZONE_ID, SUBNET_ID, VIRTUAL_NETWORK_ID } from "./rules/ids.ts";

/** `EntraRedisCache "name"`: the start of every error message of one component. */
export type ErrorContext = string;

/** Throws an EntraRedisInputError. */
export function fail(ctx: ErrorContext, field: string, value: unknown, problem: string, fix: string): never {
  throw new EntraRedisInputError(ctx, field, value, problem, fix);
}

/** Whether `value` is a plain value (not an Output or a Promise) the constructor can check now. */
export function isKnown<T>(value: pulumi.Input<T> | undefined): value is T {
  return !pulumi.Output.isInstance(value) && !(value instanceof Promise);
}

/** Object id: a GUID (the Redis username). */
export function checkObjectId(ctx: ErrorContext, field: string, value: unknown): string {
  if (typeof value !== "string" || !GUID.test(value)) {
    const hint =
      typeof value === "string" && value.includes("/")
        ? "; a resource id or group path is not accepted, and Entra groups can't be assigned"
        : "";
    fail(
      ctx,
      field,
      value,
      "is not an object id (a GUID)",
      `give the identity's object id (principalId), e.g. identity.principalId${hint}`,
    );
  }
  return value;
}

/** Rejects an object id used by two assignments (Azure rejects duplicate entries). */
export function checkDistinctObjectIds(
  ctx: ErrorContext,
  ids: ReadonlyArray<{ field: string; value: string }>,
): void {
  const seen = new Map<string, string>();
  for (const { field, value } of ids) {
    const key = value.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) {
      fail(
        ctx,
        field,
        value,
        `is already assigned by ${first}`,
        "give each identity one assignment (Azure allows only one per object id); pick the policy it needs there",
      );
    }
    seen.set(key, field);
  }
}

/** Checks the alias of every assignment: the pattern, and no duplicates (ignoring case). */
export function checkAliases(ctx: ErrorContext, aliases: ReadonlyArray<unknown>): void {
  const seen = new Map<string, number>();
  aliases.forEach((alias, i) => {
    const field = `assignments[${i}].alias`;
    if (!isAlias(alias)) {
      fail(
        ctx,
        field,
        alias,
        "is not a valid assignment name",
        "use 3-63 letters, digits or hyphens, starting and ending with a letter or digit",
      );
    }
    const key = alias.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) {
      fail(
        ctx,
        field,
        alias,
        `is already used by assignments[${first}]`,
        "give every assignment its own alias",
      );
    }
    seen.set(key, i);
  });
}

/**
 * Most assignments one component takes. Azure documents no limit on access policy assignments per
 * cache or per Managed Redis database (docs/azure-facts.md, "Access policy assignments"), so the
 * bound is the package's: ARM's documented 800 resources of one type per resource group, the nearest
 * limit Azure states. Each assignment is an ARM write that Azure applies one at a time per cache, and
 * 10,000 of them exhausted memory before anything was sent.
 */
export const MAX_ASSIGNMENTS = 800;

/** Requires a non-empty `assignments` array of at most {@link MAX_ASSIGNMENTS}. */
export function checkAssignmentList(
  ctx: ErrorContext,
  assignments: unknown,
): asserts assignments is unknown[] {
  if (!Array.isArray(assignments) || assignments.length === 0) {
    fail(
      ctx,
      "assignments",
      assignments,
      Array.isArray(assignments) || assignments === undefined
        ? "is empty"
        : `is ${kindOf(assignments)}, not a list`,
      'assign at least one identity, e.g. [{ objectId: identity.principalId, alias: "app" }]; without one nobody can connect',
    );
  }
  if (assignments.length > MAX_ASSIGNMENTS) {
    fail(
      ctx,
      "assignments",
      `${assignments.length} assignments`,
      `are more than the ${MAX_ASSIGNMENTS} one component takes`,
      `split the identities across caches, or grant a group of workloads one identity (a user-assigned managed identity shared by them)`,
    );
  }
}

/** Requires a non-empty string (resource group names, locations). */
export function checkNonEmpty(ctx: ErrorContext, field: string, value: unknown): void {
  if (typeof value !== "string" || value.trim() === "") {
    const problem =
      typeof value === "string" || value === undefined ? "is empty" : `is ${kindOf(value)}, not a string`;
    fail(ctx, field, value, problem, `give the ${field} as a non-empty string`);
  }
}

/** Azure resource name rule for caches and clusters: letters, digits and single hyphens. */
export function checkResourceName(ctx: ErrorContext, field: string, value: unknown, max: number): void {
  if (!isResourceName(value, max)) {
    fail(
      ctx,
      field,
      value,
      "is not a valid name",
      `use 1-${max} letters, digits or hyphens, starting and ending with a letter or digit, without "--" (or leave it out to get a generated name)`,
    );
  }
}

/** Requires an integer within [min, max]. */
export function checkInteger(
  ctx: ErrorContext,
  field: string,
  value: unknown,
  min: number,
  max: number,
  why: string,
): void {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    fail(ctx, field, value, `is out of range ${why}`, `use a whole number from ${min} to ${max}`);
  }
}

/** Requires one of a fixed set of strings. */
export function checkOneOf(
  ctx: ErrorContext,
  field: string,
  value: unknown,
  allowed: readonly string[],
  what: string,
): void {
  if (typeof value !== "string" || !allowed.includes(value)) {
    fail(
      ctx,
      field,
      value,
      `is not ${what}`,
      `use ${allowed
        .map((a) => JSON.stringify(a))
        .join(", ")
        .replace(/, ([^,]*)$/, " or $1")}`,
    );
  }
}

/** Checks a subnet resource id. */
export function checkSubnetId(ctx: ErrorContext, field: string, value: unknown): void {
  if (typeof value !== "string" || !SUBNET_ID.test(value)) {
    fail(
      ctx,
      field,
      value,
      "is not a subnet resource id",
      "give /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>, e.g. subnet.id",
    );
  }
}

/** Checks a virtual network resource id. */
export function checkVirtualNetworkId(ctx: ErrorContext, field: string, value: unknown): void {
  if (typeof value !== "string" || !VIRTUAL_NETWORK_ID.test(value)) {
    fail(
      ctx,
      field,
      value,
      "is not a virtual network resource id",
      "give /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/virtualNetworks/<vnet>, e.g. vnet.id (not a subnet id)",
    );
  }
}

/** Checks a private DNS zone resource id and that the zone is the one the service needs. */
export function checkPrivateDnsZoneId(
  ctx: ErrorContext,
  field: string,
  value: unknown,
  zoneName: string,
): void {
  const m = typeof value === "string" ? PRIVATE_DNS_ZONE_ID.exec(value) : null;
  if (m === null) {
    fail(
      ctx,
      field,
      value,
      "is not a private DNS zone resource id",
      `give /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/privateDnsZones/${zoneName}`,
    );
  }
  if (m[1].toLowerCase() !== zoneName) {
    fail(
      ctx,
      field,
      value,
      `is the zone "${m[1]}", not "${zoneName}"`,
      `give the id of the ${zoneName} zone, or virtualNetworkId instead to have one created`,
    );
  }
}
