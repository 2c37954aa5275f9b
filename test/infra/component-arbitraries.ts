/**
 * fast-check arbitraries for EntraRedisCache and EntraManagedRedis arguments: valid argument sets,
 * and the same sets with one field replaced by a hostile or odd value (wrong type, prototype names,
 * a password in a permissions string, huge strings, Outputs of those), for the property that every
 * argument set either registers or is refused with an EntraRedisInputError naming its field.
 */
import fc from "fast-check";
import type { EntraManagedRedisArgs, EntraRedisCacheArgs } from "../../src/index.ts";

/** The password the hostile values carry: it must never appear in a message. */
export const ARG_PASSWORD = "Pw-7XKQ-never-shown";

const RG = "rg-test";
const objectId = fc.uuid({ version: 4 });
const alias = fc.stringMatching(/^[a-z][a-z0-9]{2,10}$/);
const policyName = fc.stringMatching(/^[A-Z][a-z]{2,8}( [A-Z][a-z]{2,8})?$/);
const permissions = fc.constantFrom(
  "+@read allkeys",
  "+get +set ~cache:*",
  "+@read +@connection ~reports:*",
  "+@all -@dangerous allkeys",
  "resetchannels &events:* +subscribe",
);
const publicIp = fc
  .tuple(fc.integer({ min: 11, max: 99 }), fc.nat(255), fc.nat(255), fc.nat(255))
  .map((o) => o.join("."));
const tags = fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/), fc.stringMatching(/^[a-z0-9]{0,8}$/), {
  maxKeys: 3,
});

interface PolicySet {
  customPolicies: Array<{ name: string; permissions: string }>;
  assignments: Array<{ objectId: string; alias: string; policy?: string }>;
}

/** Custom policies and assignments that refer to them or to built-ins, with unique names and ids. */
function policiesAndAssignments(builtIns: readonly string[]): fc.Arbitrary<PolicySet> {
  return fc
    .tuple(
      fc.uniqueArray(fc.tuple(policyName, permissions), {
        maxLength: 2,
        selector: ([n]) => n.toLowerCase(),
      }),
      fc.uniqueArray(fc.tuple(objectId, alias, fc.nat()), {
        minLength: 1,
        maxLength: 3,
        selector: ([o, a]) => `${o}|${a}`,
      }),
    )
    .filter(
      ([policies, assignments]) =>
        new Set(assignments.map(([o]) => o)).size === assignments.length &&
        new Set(assignments.map(([, a]) => a)).size === assignments.length &&
        policies.every(([n]) => !builtIns.some((b) => b.toLowerCase() === n.toLowerCase())),
    )
    .map(([policies, assignments]) => {
      const names = [...builtIns, ...policies.map(([n]) => n)];
      return {
        customPolicies: policies.map(([name, p]) => ({ name, permissions: p })),
        assignments: assignments.map(([o, a, pick]) => {
          const choice = pick % (names.length + 1);
          return choice === names.length
            ? { objectId: o, alias: a }
            : { objectId: o, alias: a, policy: names[choice] };
        }),
      };
    });
}

/** A valid EntraRedisCache argument set (firewall rules or the public opt-in). */
export const validCacheArgs: fc.Arbitrary<EntraRedisCacheArgs> = fc
  .record({
    set: policiesAndAssignments(["Data Owner", "Data Contributor", "Data Reader"]),
    tags,
    sku: fc.constantFrom("Basic", "Standard", "Premium"),
    rules: fc.uniqueArray(publicIp, { minLength: 0, maxLength: 3 }),
    maxmemoryPolicy: fc.option(fc.constantFrom("allkeys-lru", "volatile-lru", "noeviction"), {
      nil: undefined,
    }),
  })
  .map(({ set, tags: t, sku, rules, maxmemoryPolicy }) => ({
    resourceGroupName: RG,
    location: "westeurope",
    tags: t,
    sku: sku as EntraRedisCacheArgs["sku"],
    capacity: sku === "Premium" ? 1 : 0,
    ...(maxmemoryPolicy === undefined ? {} : { redisConfiguration: { maxmemoryPolicy } }),
    ...(set.customPolicies.length > 0 ? { customPolicies: set.customPolicies } : {}),
    assignments: set.assignments,
    ...(rules.length > 0
      ? { firewallRules: rules.map((startIp) => ({ startIp })) }
      : { allowPublicNetworkAccess: true }),
  }));

/** A valid EntraManagedRedis argument set (a private endpoint, or the public opt-in). */
export function validManagedArgs(privateEndpoint: {
  subnetId: string;
  virtualNetworkId: string;
}): fc.Arbitrary<EntraManagedRedisArgs> {
  return fc
    .record({
      set: policiesAndAssignments(["Data Owner", "Data Contributor", "Data Reader", "default"]),
      tags,
      sku: fc.constantFrom("Balanced_B1", "Balanced_B5", "MemoryOptimized_M10"),
      highAvailability: fc.boolean(),
      open: fc.boolean(),
    })
    .map(({ set, tags: t, sku, highAvailability, open }) => ({
      resourceGroupName: RG,
      location: "westeurope",
      tags: t,
      sku,
      highAvailability,
      ...(set.customPolicies.length > 0 ? { customPolicies: set.customPolicies } : {}),
      assignments: set.assignments,
      ...(open ? { allowPublicNetworkAccess: true } : { privateEndpoint }),
    }));
}

/** Values of the wrong type or shape, prototype names, passwords, huge and odd strings. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    undefined,
    null,
    "",
    " ",
    0,
    -1,
    1.5,
    NaN,
    Infinity,
    true,
    false,
    "false",
    "true",
    "0",
    [],
    {},
    "constructor",
    "__proto__",
    "toString",
    "DEFAULT",
    "default",
    "data owner",
    "0.0.0.0/0",
    "\u0000",
    "\u00a0",
    "\u001b[31mred",
    "a".repeat(5000),
    `>${ARG_PASSWORD}`,
    `+@read >${ARG_PASSWORD}`,
    `+@read\u00a0>${ARG_PASSWORD}`,
    `+@read,>${ARG_PASSWORD}`,
    `allkeys>${ARG_PASSWORD}`,
    [`>${ARG_PASSWORD}`],
    { permissions: `>${ARG_PASSWORD}`, name: "x" },
    [{ name: "p1", permissions: `>${ARG_PASSWORD}` }],
    { 0: { name: "p1", permissions: `+@read >${ARG_PASSWORD}` } },
    JSON.parse('{"__proto__": {"polluted": 1}}') as unknown,
    { constructor: 1 },
    new Date(0),
    () => 1,
    1n,
  ),
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
);

/** Where a mutation lands: a top-level field, or a field of the first list element or object. */
export const CACHE_PATHS = [
  ["resourceGroupName"],
  ["location"],
  ["cacheName"],
  ["tags"],
  ["tags", "env"],
  ["tags", "__proto__"],
  ["sku"],
  ["capacity"],
  ["redisVersion"],
  ["zones"],
  ["replicasPerPrimary"],
  ["shardCount"],
  ["redisConfiguration"],
  ["redisConfiguration", "maxmemoryPolicy"],
  ["redisConfiguration", "rdbStorageConnectionString"],
  ["redisConfiguration", "__proto__"],
  ["redisConfiguration", "constructor"],
  ["accessKeyAuthentication"],
  ["customPolicies"],
  ["customPolicies", 0],
  ["customPolicies", 0, "name"],
  ["customPolicies", 0, "permissions"],
  ["assignments"],
  ["assignments", 0],
  ["assignments", 0, "objectId"],
  ["assignments", 0, "alias"],
  ["assignments", 0, "policy"],
  ["firewallRules"],
  ["firewallRules", 0],
  ["firewallRules", 0, "cidr"],
  ["firewallRules", 0, "startIp"],
  ["firewallRules", 0, "name"],
  ["privateEndpoint"],
  ["allowPublicNetworkAccess"],
  ["keyspaceNotifications"],
  ["keyspaceNotifications", "events"],
  ["keyspaceNotifications", "channels", 0],
  ["lock"],
  ["identity"],
  ["unknownArgument"],
] as const;

export const MANAGED_PATHS = [
  ["resourceGroupName"],
  ["location"],
  ["clusterName"],
  ["tags"],
  ["tags", "env"],
  ["sku"],
  ["highAvailability"],
  ["zones"],
  ["clusteringPolicy"],
  ["evictionPolicy"],
  ["persistence"],
  ["modules"],
  ["accessKeyAuthentication"],
  ["customPolicies"],
  ["customPolicies", 0],
  ["customPolicies", 0, "name"],
  ["customPolicies", 0, "permissions"],
  ["assignments"],
  ["assignments", 0],
  ["assignments", 0, "objectId"],
  ["assignments", 0, "alias"],
  ["assignments", 0, "policy"],
  ["privateEndpoint"],
  ["privateEndpoint", "subnetId"],
  ["allowPublicNetworkAccess"],
  ["encryption"],
  ["lock"],
  ["unknownArgument"],
] as const;

/** A copy of `args` with the value at `path` replaced (missing containers are created). */
export function mutate<T extends object>(args: T, path: readonly (string | number)[], value: unknown): T {
  const copy = structuredClone(args) as Record<string | number, unknown>;
  let at: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    const next = at[key];
    if (next === null || typeof next !== "object")
      at[key] = typeof path[path.indexOf(key) + 1] === "number" ? [{}] : {};
    at = at[key] as Record<string | number, unknown>;
  }
  Object.defineProperty(at, path[path.length - 1], {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return copy as T;
}
