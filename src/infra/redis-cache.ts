/**
 * EntraRedisCache: an Azure Cache for Redis reachable only with Microsoft Entra ID tokens, or the
 * Entra setup (policies, assignments, network) of an existing cache. See README.md.
 */
import * as pulumi from "@pulumi/pulumi";
import * as redis from "@pulumi/azure-native/redis/index.js";
import { REDIS_TOKEN_SCOPE } from "../internal/token-scope.ts";
import { checkAssignments, connectionsOutput, objectIdsOutput, SerialWrites } from "./assignments.ts";
import { checkCustomPolicies, type CustomPolicyArgs } from "./custom-policies.ts";
import { checkExistingCache, existingCacheKeysEnabled, type ExistingCacheArgs } from "./existing-cache.ts";
import {
  isFirewallRuleProblem,
  parseFirewallRule,
  type FirewallRuleArgs,
  type ResolvedFirewallRule,
} from "./firewall-rules.ts";
import { InputGate } from "./input-gate.ts";
import {
  CACHE_PRIVATE_LINK,
  checkPrivateEndpoint,
  createPrivateEndpoint,
  decidePublicNetworkAccess,
} from "./network.ts";
import { builtInPolicyNamed, DEFAULT_CACHE_POLICY } from "./policies.ts";
import { CacheSku, type AssignmentArgs, type PrivateEndpointArgs, type RedisConnection } from "./types.ts";
import {
  checkInteger,
  checkNonEmpty,
  checkOneOf,
  checkResourceName,
  fail,
  type ErrorContext,
} from "./validate.ts";

/** Arguments of {@link EntraRedisCache}. */
export interface EntraRedisCacheArgs {
  /** Resource group for the cache and everything the component creates (private endpoint, DNS zone). */
  resourceGroupName: pulumi.Input<string>;
  /** Azure region of the cache (default: the resource group's provider default location). */
  location?: pulumi.Input<string>;
  /** Cache name (1-63 letters, digits, single hyphens); generated from the component name when omitted. */
  cacheName?: string;
  /** Tags for the cache, private endpoint and DNS zone. */
  tags?: { [key: string]: pulumi.Input<string> };
  /** Pricing tier: "Basic", "Standard" (default) or "Premium". */
  sku?: CacheSku;
  /** Size within the tier (default 1): 0-6 for Basic/Standard (family C), 1-5 for Premium (family P). */
  capacity?: number;
  /** Redis version (default "6"); 4 has no ACLs and so no Entra ID. */
  redisVersion?: string;
  /** Availability zones, e.g. ["1", "2"]. */
  zones?: string[];
  /** Replicas per primary (Premium only). */
  replicasPerPrimary?: number;
  /** Number of shards of a clustered cache (Premium only); clients must then be cluster-aware. */
  shardCount?: number;
  /**
   * Extra Redis settings in azure-native's camelCase, e.g. { maxmemoryPolicy: "allkeys-lru" }. Can't
   * contain aadEnabled or authnotrequired: Entra ID stays on.
   */
  redisConfiguration?: { [key: string]: pulumi.Input<string> };
  /** Keep access keys working next to Entra ID (default false: keys disabled, Entra ID only). */
  accessKeyAuthentication?: boolean;
  /** Custom data access policies (Redis ACL rules), created before the assignments that use them. */
  customPolicies?: CustomPolicyArgs[];
  /** The identities that may connect, one assignment each (at least one). */
  assignments: AssignmentArgs[];
  /** IPv4 firewall rules filtering public access: single addresses, ranges or CIDR blocks. */
  firewallRules?: FirewallRuleArgs[];
  /** A private endpoint and its private DNS zone; public access is then off unless allowPublicNetworkAccess is true. */
  privateEndpoint?: PrivateEndpointArgs;
  /**
   * Explicit opt-in to public network access: alone, the cache is open to the internet (Entra ID still
   * required); with privateEndpoint and firewallRules, public access stays on, filtered by the rules.
   */
  allowPublicNetworkAccess?: boolean;
  /**
   * Manage an existing cache instead of creating one: its policies, assignments, firewall rules and
   * private endpoint. The cache must already have Entra ID on, Redis 6 and no non-TLS port. Can't be
   * combined with the creation arguments (location, cacheName, tags, sku, capacity, redisVersion,
   * zones, replicasPerPrimary, shardCount, redisConfiguration, accessKeyAuthentication, allowPublicNetworkAccess).
   */
  existingCache?: ExistingCacheArgs;
}

/** Settings the component always sets; redisConfiguration may not touch them. */
const FORBIDDEN_CONFIG = new Map<string, string>([
  ["aadenabled", "Entra ID authentication is always on"],
  ["aad-enabled", "Entra ID authentication is always on"],
  ["authnotrequired", "it would let clients in without authentication"],
]);

/** redisConfiguration keys azure-native 3.x knows (RedisCommonPropertiesRedisConfigurationArgs). */
const CONFIG_KEYS = [
  "aofBackupEnabled",
  "aofStorageConnectionString0",
  "aofStorageConnectionString1",
  "maxfragmentationmemoryReserved",
  "maxmemoryDelta",
  "maxmemoryPolicy",
  "maxmemoryReserved",
  "notifyKeyspaceEvents",
  "preferredDataPersistenceAuthMethod",
  "rdbBackupEnabled",
  "rdbBackupFrequency",
  "rdbBackupMaxSnapshotCount",
  "rdbStorageConnectionString",
  "storageSubscriptionId",
];

const CREATION_ARGS = [
  "location",
  "cacheName",
  "tags",
  "sku",
  "capacity",
  "redisVersion",
  "zones",
  "replicasPerPrimary",
  "shardCount",
  "redisConfiguration",
  "accessKeyAuthentication",
  "allowPublicNetworkAccess",
] as const;

/** What the constructor derives from the arguments before creating anything. */
interface CachePlan {
  sku: CacheSku;
  capacity: number;
  redisVersion: string;
  publicNetworkAccess?: "Enabled" | "Disabled";
}

/**
 * An Azure Cache for Redis reachable only with Microsoft Entra ID tokens: Entra auth on, access keys
 * off, TLS 1.2 only, a data access policy per identity (written one at a time), the network closed by
 * a private endpoint or firewall rules, and the connection metadata for the apps. With
 * `existingCache`, it manages the same around a cache it doesn't create.
 *
 * All input is checked before anything is created; Output values as soon as they resolve, before any
 * child resource is registered.
 */
export class EntraRedisCache extends pulumi.ComponentResource {
  /** Resource id of the cache. */
  public readonly cacheId: pulumi.Output<string>;
  /** Name of the cache. */
  public readonly cacheName: pulumi.Output<string>;
  /** Host name of the cache, <name>.redis.cache.windows.net. */
  public readonly hostName: pulumi.Output<string>;
  /** TLS port (6380). */
  public readonly sslPort: pulumi.Output<number>;
  /** OAuth scope for the apps' tokens: https://redis.azure.com/.default. */
  public readonly tokenScope: pulumi.Output<string>;
  /** Every assigned object id (the Redis usernames), in assignment order. */
  public readonly objectIds: pulumi.Output<string[]>;
  /** Per alias: host, port, username (object id), policy, token scope and cluster flag for the app's settings. */
  public readonly connections: pulumi.Output<{ [alias: string]: RedisConnection }>;

  constructor(name: string, args: EntraRedisCacheArgs, opts?: pulumi.ComponentResourceOptions) {
    // Every plain value is checked before anything is registered, even the component itself; Output
    // values are checked through the gate before any child is registered.
    const ctx: ErrorContext = `EntraRedisCache "${name}"`;
    const {
      gate,
      existing,
      resourceGroupName,
      location,
      plan,
      customPolicies,
      assignments,
      firewallRules,
      privateEndpoint,
    } = checkCacheArgs(ctx, args);
    super("azure-redis-entra:index:EntraRedisCache", name, {}, opts);

    // ---- the cache: created, or looked up and checked ----
    let cache: redis.Redis | undefined;
    let cacheRg: pulumi.Input<string>;
    let cacheName: pulumi.Output<string>;
    let cacheId: pulumi.Output<string>;
    let cacheLocation: pulumi.Input<string>;
    let hostName: pulumi.Output<string>;
    let sslPort: pulumi.Output<number>;
    let cluster: pulumi.Input<boolean>;
    if (existing === undefined) {
      const premium = plan.sku === "Premium";
      cache = new redis.Redis(
        `${name}-redis`,
        {
          resourceGroupName,
          ...(location !== undefined ? { location } : {}),
          ...(args.cacheName !== undefined ? { name: args.cacheName } : {}),
          ...(args.tags !== undefined ? { tags: args.tags } : {}),
          sku: { name: plan.sku, family: premium ? "P" : "C", capacity: plan.capacity },
          redisVersion: plan.redisVersion,
          ...(args.zones !== undefined ? { zones: args.zones } : {}),
          ...(args.replicasPerPrimary !== undefined ? { replicasPerPrimary: args.replicasPerPrimary } : {}),
          ...(args.shardCount !== undefined ? { shardCount: args.shardCount } : {}),
          // Entra ID on, always (a string: the API's `aad-enabled`), after the user's extra settings.
          redisConfiguration: { ...(args.redisConfiguration ?? {}), aadEnabled: "true" },
          disableAccessKeyAuthentication: args.accessKeyAuthentication !== true,
          enableNonSslPort: false,
          minimumTlsVersion: "1.2",
          publicNetworkAccess: plan.publicNetworkAccess!,
        },
        { parent: this, dependsOn: gate.after() },
      );
      cacheRg = resourceGroupName;
      cacheName = cache.name;
      cacheId = cache.id;
      cacheLocation = cache.location;
      hostName = cache.hostName;
      sslPort = cache.sslPort;
      cluster = premium && (args.shardCount ?? 0) >= 1;
    } else {
      cacheRg = existing.resourceGroupName;
      const state = redis.getRedisOutput(
        { name: existing.name, resourceGroupName: existing.resourceGroupName },
        { parent: this },
      );
      const hasRules = firewallRules.length > 0;
      const checked = pulumi.all([state, existing.resourceGroupName]).apply(([s, rg]) => {
        checkExistingCache(ctx, s, rg);
        if (hasRules && s.publicNetworkAccess === "Disabled") {
          fail(
            ctx,
            "firewallRules",
            `${firewallRules.length} rule(s)`,
            `have no effect: public network access is Disabled on cache "${s.name}"`,
            "remove them (private endpoint traffic isn't filtered by firewall rules), or enable public network access on the cache first",
          );
        }
        if (existingCacheKeysEnabled(s)) {
          void pulumi.log.warn(
            `${ctx}: cache "${s.name}" still accepts access keys; once every client uses Entra ID, turn them off: az redis update --name ${s.name} --resource-group ${rg} --set disableAccessKeyAuthentication=true`,
            this,
          );
        }
        return s;
      });
      gate.add(checked);
      cacheName = checked.apply((s) => s.name);
      cacheId = checked.apply((s) => s.id);
      cacheLocation = checked.apply((s) => s.location);
      hostName = checked.apply((s) => s.hostName);
      sslPort = checked.apply((s) => s.sslPort);
      cluster = checked.apply((s) => (s.shardCount ?? 0) >= 1);
    }

    // ---- firewall rules (independent of each other) ----
    for (const rule of firewallRules) {
      new redis.FirewallRule(
        `${name}-fw-${rule.name}`,
        {
          resourceGroupName: cacheRg,
          cacheName,
          ruleName: rule.name,
          startIP: rule.startIP,
          endIP: rule.endIP,
        },
        { parent: this, dependsOn: gate.after(...(cache ? [cache] : [])) },
      );
    }

    // ---- policies, then assignments: one write at a time ----
    const writes = new SerialWrites(gate, cache);
    for (const policy of customPolicies) {
      writes.next(
        (dependsOn) =>
          new redis.AccessPolicy(
            `${name}-policy-${policy.name}`,
            {
              resourceGroupName: cacheRg,
              cacheName,
              accessPolicyName: policy.name,
              permissions: policy.permissions,
            },
            { parent: this, dependsOn },
          ),
      );
    }
    for (const a of assignments) {
      writes.next(
        (dependsOn) =>
          new redis.AccessPolicyAssignment(
            `${name}-assignment-${a.alias}`,
            {
              resourceGroupName: cacheRg,
              cacheName,
              accessPolicyAssignmentName: a.alias,
              accessPolicyName: a.policy,
              objectId: a.objectId,
              objectIdAlias: a.alias,
            },
            { parent: this, dependsOn },
          ),
      );
    }

    // ---- private endpoint ----
    if (privateEndpoint !== undefined) {
      createPrivateEndpoint({
        name,
        parent: this,
        gate,
        resourceGroupName,
        location: location ?? cacheLocation,
        targetId: cacheId,
        ...(cache ? { target: cache } : {}),
        service: CACHE_PRIVATE_LINK,
        args: privateEndpoint,
        ...(args.tags !== undefined ? { tags: args.tags } : {}),
      });
    }

    // ---- outputs ----
    this.cacheId = cacheId;
    this.cacheName = cacheName;
    this.hostName = hostName;
    this.sslPort = sslPort;
    this.tokenScope = pulumi.output(REDIS_TOKEN_SCOPE);
    this.objectIds = objectIdsOutput(assignments, gate);
    this.connections = connectionsOutput(assignments, gate, hostName, sslPort, cluster);
    this.registerOutputs({
      cacheId: this.cacheId,
      cacheName: this.cacheName,
      hostName: this.hostName,
      sslPort: this.sslPort,
      tokenScope: this.tokenScope,
      objectIds: this.objectIds,
      connections: this.connections,
    });
  }
}

/** All checks of the arguments that can run now; Output values get gate checks. Creates nothing. */
function checkCacheArgs(ctx: ErrorContext, args: EntraRedisCacheArgs) {
  if (typeof args !== "object" || args === null)
    fail(
      ctx,
      "args",
      args,
      "are missing",
      "give at least resourceGroupName, assignments and a network choice",
    );
  const gate = new InputGate();
  const existing = args.existingCache;

  // ---- checks (plain values now, Output values through the gate) ----
  const resourceGroupName = gate.check(args.resourceGroupName, (v) =>
    checkNonEmpty(ctx, "resourceGroupName", v),
  );
  const location =
    args.location === undefined
      ? undefined
      : gate.check(args.location, (v) => checkNonEmpty(ctx, "location", v));
  const plan = existing === undefined ? planNewCache(ctx, args) : planExisting(ctx, args, existing);
  const customPolicies = checkCustomPolicies(ctx, args.customPolicies);
  const policyNames = new Set(customPolicies.map((p) => p.name));
  const assignments = checkAssignments(ctx, gate, args.assignments, (policy, field) => {
    if (policy === undefined) return DEFAULT_CACHE_POLICY;
    const builtIn = builtInPolicyNamed(policy);
    if (builtIn !== undefined) return builtIn;
    if (policyNames.has(policy)) return policy;
    const known = [
      '"Data Owner"',
      '"Data Contributor"',
      '"Data Reader"',
      ...[...policyNames].map((p) => JSON.stringify(p)),
    ];
    return fail(
      ctx,
      field,
      policy,
      "is not a built-in or custom access policy",
      `use one of ${known.join(", ")}, or declare it in customPolicies`,
    );
  });
  const firewallRules = checkFirewallRules(ctx, args.firewallRules);
  const privateEndpoint =
    args.privateEndpoint === undefined
      ? undefined
      : checkPrivateEndpoint(ctx, gate, args.privateEndpoint, CACHE_PRIVATE_LINK);
  if (existing === undefined) {
    plan.publicNetworkAccess = decidePublicNetworkAccess(ctx, {
      firewallRuleCount: firewallRules.length,
      allowPublicNetworkAccess: args.allowPublicNetworkAccess,
      ...(args.privateEndpoint !== undefined ? { privateEndpoint: args.privateEndpoint } : {}),
    });
  }
  return {
    gate,
    existing,
    resourceGroupName,
    location,
    plan,
    customPolicies,
    assignments,
    firewallRules,
    privateEndpoint,
  };
}

const SKUS = Object.values(CacheSku);

function planNewCache(ctx: ErrorContext, args: EntraRedisCacheArgs): CachePlan {
  const sku = args.sku ?? "Standard";
  if (typeof sku === "string" && /^enterprise/i.test(sku)) {
    fail(
      ctx,
      "sku",
      sku,
      "is an Enterprise tier, which has no Entra ID support in Azure Cache for Redis",
      'use "Basic", "Standard" or "Premium", or EntraManagedRedis for Azure Managed Redis',
    );
  }
  checkOneOf(ctx, "sku", sku, SKUS, "a supported tier");
  const premium = sku === "Premium";
  const capacity = args.capacity ?? 1;
  if (premium) checkInteger(ctx, "capacity", capacity, 1, 5, "for Premium (family P)");
  else checkInteger(ctx, "capacity", capacity, 0, 6, `for ${sku} (family C)`);
  const redisVersion = args.redisVersion ?? "6";
  if (typeof redisVersion === "string" && /^4(\.|$)/.test(redisVersion)) {
    fail(ctx, "redisVersion", redisVersion, "has no ACLs and so no Entra ID authentication", 'use "6"');
  }
  if (typeof redisVersion !== "string" || !/^(6(\.\d+)*|latest)$/.test(redisVersion)) {
    fail(ctx, "redisVersion", redisVersion, "is not a Redis version Azure Cache for Redis offers", 'use "6"');
  }
  for (const field of ["shardCount", "replicasPerPrimary"] as const) {
    const value = args[field];
    if (value === undefined) continue;
    if (!premium)
      fail(
        ctx,
        field,
        value,
        `needs the Premium tier (sku is "${sku}")`,
        `set sku: "Premium", or remove ${field}`,
      );
    if (field === "shardCount") checkInteger(ctx, field, value, 1, 30, "for a Premium cache");
    else checkInteger(ctx, field, value, 1, 3, "for a Premium cache");
  }
  if (args.cacheName !== undefined) checkResourceName(ctx, "cacheName", args.cacheName, 63);
  if (args.zones !== undefined) {
    if (!Array.isArray(args.zones))
      fail(ctx, "zones", args.zones, "is not a list", 'give zone numbers as strings, e.g. ["1", "2"]');
    args.zones.forEach((z, i) => checkOneOf(ctx, `zones[${i}]`, z, ["1", "2", "3"], "an availability zone"));
  }
  if (args.accessKeyAuthentication !== undefined && typeof args.accessKeyAuthentication !== "boolean") {
    fail(
      ctx,
      "accessKeyAuthentication",
      args.accessKeyAuthentication,
      "is not a boolean",
      "use true or false (default false: Entra ID only)",
    );
  }
  for (const key of Object.keys(args.redisConfiguration ?? {})) {
    const field = `redisConfiguration.${key}`;
    const forbidden = FORBIDDEN_CONFIG.get(key.toLowerCase());
    if (forbidden !== undefined)
      fail(ctx, field, "(set)", `can't be set: ${forbidden}`, `remove ${key} from redisConfiguration`);
    if (!CONFIG_KEYS.includes(key)) {
      const close = CONFIG_KEYS.find((k) => k.toLowerCase() === key.replaceAll("-", "").toLowerCase());
      fail(
        ctx,
        field,
        "(set)",
        "is not a Redis setting azure-native knows",
        close ? `write it as ${close}` : `use one of ${CONFIG_KEYS.join(", ")}`,
      );
    }
  }
  return { sku, capacity, redisVersion };
}

function planExisting(ctx: ErrorContext, args: EntraRedisCacheArgs, existing: ExistingCacheArgs): CachePlan {
  if (typeof existing !== "object" || existing === null)
    fail(ctx, "existingCache", existing, "is not an object", "give { name, resourceGroupName }");
  for (const field of CREATION_ARGS) {
    if (args[field] !== undefined) {
      fail(
        ctx,
        field,
        field === "redisConfiguration" || field === "tags" ? "(set)" : args[field],
        "is a creation argument, given together with existingCache",
        `remove ${field}: an existing cache keeps its own settings (change them in the portal or with az redis update), or remove existingCache to create a new cache`,
      );
    }
  }
  checkResourceName(ctx, "existingCache.name", existing.name, 63);
  if (existing.resourceGroupName === undefined)
    fail(
      ctx,
      "existingCache.resourceGroupName",
      undefined,
      "is missing",
      "give the resource group the existing cache is in",
    );
  return { sku: "Standard", capacity: 1, redisVersion: "6" };
}

function checkFirewallRules(ctx: ErrorContext, rules: unknown): ResolvedFirewallRule[] {
  if (rules === undefined) return [];
  if (!Array.isArray(rules))
    fail(
      ctx,
      "firewallRules",
      rules,
      "is not a list",
      'give [{ cidr: "203.0.113.0/24" }, { startIp: "198.51.100.7" }]',
    );
  const seen = new Map<string, number>();
  return rules.map((rule: FirewallRuleArgs, i) => {
    const r = parseFirewallRule(rule, `firewallRules[${i}]`);
    if (isFirewallRuleProblem(r)) fail(ctx, r.field, r.value, r.problem, r.fix);
    const first = seen.get(r.name.toLowerCase());
    if (first !== undefined) {
      fail(
        ctx,
        `firewallRules[${i}].name`,
        r.name,
        `is already used by firewallRules[${first}]`,
        "give each rule its own name (rules for the same addresses are duplicates: remove one)",
      );
    }
    seen.set(r.name.toLowerCase(), i);
    return r;
  });
}
