/**
 * What a rule of Azure's is (src/infra/rules/): one constraint on one value, with the REST API spec
 * file and JSON pointer where Azure writes it, and the resource inputs that carry the value. The
 * rules themselves are data, one file per subject (names.ts, sizing.ts, network.ts, access.ts,
 * identity.ts, database.ts, geo-replication.ts, redis-configuration.ts; patterns of ids in ids.ts),
 * listed in order by index.ts; docs/azure-constraints.md is generated from them
 * (scripts/azure-constraints.ts).
 *
 * The specs are those of the API versions the pinned @pulumi/azure-native targets (`redis`
 * 2024-11-01, `redisenterprise` 2025-07-01; the versions are named in azure-native's
 * `redis/redis.d.ts` and `redisenterprise/redisEnterprise.d.ts`). Enumerations are azure-native's own
 * runtime enum objects, so an SDK upgrade that changes Azure's enum updates the checks. Where the
 * component is deliberately stricter than the spec, `stricter` says how and why. Pure data and
 * predicates: no Pulumi resources, no I/O.
 */

/** The spec files, relative to the root of github.com/Azure/azure-rest-api-specs. */
export const SPEC_FILES = {
  cache: "specification/redis/resource-manager/Microsoft.Cache/Redis/stable/2024-11-01/redis.json",
  managed:
    "specification/redisenterprise/resource-manager/Microsoft.Cache/RedisEnterprise/stable/2025-07-01/redisenterprise.json",
  /** The stable API whose assignments carry per-identity access strings (managed-redis/access-api.ts). */
  managedAccess:
    "specification/redisenterprise/resource-manager/Microsoft.Cache/RedisEnterprise/stable/2026-09-01/redisenterprise.json",
  /** Not a REST spec: Azure's resource naming rules page, for names the specs give no pattern. */
  naming: "https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules",
  /** Not a REST spec: Redis's own configuration reference (values Redis itself accepts). */
  redis: "https://redis.io/docs/latest/operate/oss_and_stack/management/config-file/",
  /**
   * Not a REST spec: azurerm's validator of the geo-replication group name (the spec types it as a
   * plain string; Azure's rules for it are written down nowhere else).
   */
  azurermGeoGroup:
    "https://github.com/hashicorp/terraform-provider-azurerm/blob/main/internal/services/managedredis/validate/managed_redis_database_georeplication_group_name.go",
} as const;
export type SpecFile = keyof typeof SPEC_FILES;

/** How docs/azure-constraints.md names each spec file in its tables. */
export const SPEC_LABELS: { readonly [F in SpecFile]: string } = {
  cache: "redis.json",
  managed: "redisenterprise.json",
  managedAccess: "2026-09-01 redisenterprise.json",
  naming: "naming rules",
  redis: "Redis",
  azurermGeoGroup: "azurerm geo group",
};

/** Where a rule is written: a file of SPEC_FILES and a JSON pointer (RFC 6901) into it. */
export interface SpecRef {
  file: SpecFile;
  pointer: string;
  /** Where the pointer leads on to, when the definition is shared (e.g. a common-types file). */
  note?: string;
}

/** A resource input the components send to azure-native, as `type` token and dotted input path. */
export interface SentInput {
  type: string;
  /** Dotted path into the resource's inputs; `[]` steps into every array item, e.g. `modules[].name`. */
  path: string;
}

/** One rule Azure has on one value. */
export interface AzureConstraint {
  /** Stable id; also the first column of docs/azure-constraints.md. */
  id: string;
  /** The component argument(s) the value comes from, or "(sent)" for values the component fixes. */
  args: string;
  /** Azure's rule in words (what `accepts` checks). */
  rule: string;
  spec: SpecRef;
  /** Whether Azure accepts the value (and, where `stricter` is set, the component too). */
  accepts(value: unknown): boolean;
  /** How and why the component is stricter than the spec, when it is. */
  stricter?: string;
  /** The resource inputs that carry the value. */
  sends: SentInput[];
}

/** The rules of one subject: a section of docs/azure-constraints.md. */
export interface RuleSubject {
  /** Section title in docs/azure-constraints.md. */
  title: string;
  constraints: readonly AzureConstraint[];
}

export const REDIS = "azure-native:redis:Redis";
export const ACCESS_POLICY = "azure-native:redis:AccessPolicy";
export const CACHE_ASSIGNMENT = "azure-native:redis:AccessPolicyAssignment";
export const FIREWALL_RULE = "azure-native:redis:FirewallRule";
export const LINKED_SERVER = "azure-native:redis:LinkedServer";
export const CLUSTER = "azure-native:redisenterprise:RedisEnterprise";
export const DATABASE = "azure-native:redisenterprise:Database";
export const MANAGED_ASSIGNMENT = "azure-native:redisenterprise:AccessPolicyAssignment";
/** Managed Redis assignments with an access string: the generic resource, preview API. */
export const GENERIC_RESOURCE = "azure-native:resources:Resource";

/** JSON pointer of a path-parameter field in the cache spec, e.g. the `cacheName` pattern. */
export function cachePath(path: string, parameterIndex: number, field: string): string {
  return `/paths/${path.replaceAll("~", "~0").replaceAll("/", "~1")}/put/parameters/${parameterIndex}/${field}`;
}
/** The cache spec's path up to a cache's resource type. */
export const CACHE_RG =
  "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Cache/redis";

export const isString = (v: unknown): v is string => typeof v === "string";
export const isInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);
export const anyString = (v: unknown): boolean => isString(v) && v.length > 0;
export const oneOf =
  (values: readonly string[]) =>
  (v: unknown): boolean =>
    isString(v) && values.includes(v);
export const matches =
  (re: RegExp, min = 0, max = Infinity) =>
  (v: unknown): boolean =>
    isString(v) && v.length >= min && v.length <= max && re.test(v);

/** A whole-number range, as the checks and the rules both read it. */
export interface IntRange {
  readonly min: number;
  readonly max: number;
}
export const inRange =
  ({ min, max }: IntRange) =>
  (v: unknown): boolean =>
    isInt(v) && v >= min && v <= max;

/** Values of an azure-native enum object, e.g. `enumValues(managedEnums.SkuName)`. */
export function enumValues(e: Readonly<Record<string, string>>): string[] {
  return Object.values(e);
}

/** An enum's values as a list for a rule's text, a value with a comma in quotes. */
export function enumList(e: Readonly<Record<string, string>>): string {
  return enumValues(e)
    .map((v) => (v.includes(",") ? JSON.stringify(v) : v))
    .join(", ");
}

/** The value at a dotted input path (`[]` fans out over arrays); every value found. */
export function valuesAt(inputs: unknown, path: string): unknown[] {
  let current: unknown[] = [inputs];
  for (const step of path.split(".")) {
    const many = step.endsWith("[]");
    const key = many ? step.slice(0, -2) : step;
    const next: unknown[] = [];
    for (const v of current) {
      if (typeof v !== "object" || v === null) continue;
      const x = (v as Record<string, unknown>)[key];
      if (x === undefined) continue;
      if (many) {
        if (Array.isArray(x)) next.push(...(x as unknown[]));
      } else next.push(x);
    }
    current = next;
  }
  return current;
}
