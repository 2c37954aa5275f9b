/** Network access of caches and Managed Redis clusters: public only when filtered or allowed; private endpoints when required. */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { formatShare, INTERNET_WIDE_FRACTION, publicIPv4Coverage } from "../infra/public-ipv4.ts";
import { violation } from "./messages.ts";
import { levelOf, RedisPolicyNames, settings, type RedisPolicyOptions } from "./options.ts";
import {
  cacheChildren,
  CLUSTER,
  FIREWALL_RULE,
  isSet,
  known,
  privateEndpointsOf,
  REDIS,
} from "./stack-links.ts";

/** Config of {@link networkAccessPolicy}. */
export interface NetworkAccessConfig {
  allowPublicNetworkAccess: boolean;
  requirePrivateEndpoint: boolean;
}

/**
 * A stack policy (firewall rules and private endpoints are resources of their own):
 * - `azure-native:redis:Redis`: `publicNetworkAccess` set; "Enabled" only with at least one
 *   `redis:FirewallRule` for the cache, and rules that together cover less than
 *   {@link INTERNET_WIDE_FRACTION} of the public IPv4 space (src/infra/public-ipv4.ts; `0.0.0.0/0`
 *   filters nothing), or when the config allows public access;
 * - `azure-native:redisenterprise:RedisEnterprise`: `publicNetworkAccess` set; "Enabled" only when the
 *   config allows public access (Managed Redis has no IP firewall);
 * - with `requirePrivateEndpoint`, each of them has a `network:PrivateEndpoint` connected to it
 *   (VNet injection, a cache's `subnetId`, counts as private).
 */
export function networkAccessPolicy(options: RedisPolicyOptions = {}): StackValidationPolicy {
  const name = RedisPolicyNames.NetworkAccess;
  const defaults: NetworkAccessConfig = {
    allowPublicNetworkAccess: options.allowPublicNetworkAccess ?? false,
    requirePrivateEndpoint: options.requirePrivateEndpoint ?? false,
  };
  return {
    name,
    description:
      "Caches and Managed Redis clusters are not open to the internet: public access only with firewall rules or an explicit allowance, private endpoints where required.",
    enforcementLevel: levelOf(name, options),
    configSchema: {
      properties: {
        allowPublicNetworkAccess: {
          type: "boolean",
          default: defaults.allowPublicNetworkAccess,
          description:
            "Accept public network access without firewall rules, or with rules covering 1/16 of the public IPv4 space or more (Entra ID still required).",
        },
        requirePrivateEndpoint: {
          type: "boolean",
          default: defaults.requirePrivateEndpoint,
          description: "Require a private endpoint for every cache and Managed Redis cluster.",
        },
      },
    },
    validateStack: (args, report) => {
      const config = settings(args.getConfig<Partial<NetworkAccessConfig>>(), defaults);
      for (const r of args.resources) {
        if (r.type === REDIS) checkCache(args.resources, r, config, report);
        if (r.type === CLUSTER) checkCluster(args.resources, r, config, report);
      }
    },
  };
}

type Report = (message: string, urn?: string) => void;

const NOT_SET_FIX =
  'set publicNetworkAccess: "Disabled" with a private endpoint, or "Enabled" with firewall rules (docs and REST reference disagree on the default)';

function checkCache(
  all: PolicyResource[],
  cache: PolicyResource,
  config: NetworkAccessConfig,
  report: Report,
): void {
  // Read directly: an unknown value (pulumi preview) makes @pulumi/policy report that it can't run yet.
  const access: unknown = cache.props.publicNetworkAccess;
  const injected = isSet(() => cache.props.subnetId);
  if (access === undefined && !injected) {
    report(violation(cache, "publicNetworkAccess", access, "is not set", NOT_SET_FIX), cache.urn);
  } else if (access === "Enabled" && !config.allowPublicNetworkAccess) {
    const rules = cacheChildren(all, cache, FIREWALL_RULE);
    if (rules.length > 0) {
      checkRuleCoverage(cache, rules, report);
    } else {
      report(
        violation(
          cache,
          "publicNetworkAccess",
          access,
          "opens the cache to the whole internet: no azure-native:redis:FirewallRule filters it",
          'add firewall rules for the clients\' addresses (EntraRedisCache firewallRules), or set publicNetworkAccess: "Disabled" and use a private endpoint; the policy config allowPublicNetworkAccess: true accepts it',
        ),
        cache.urn,
      );
    }
  }
  if (config.requirePrivateEndpoint && !injected && privateEndpointsOf(all, cache, "redis").length === 0) {
    report(
      `${cache.type} "${cache.name}": has no private endpoint (azure-native:network:PrivateEndpoint with groupIds ["redisCache"]) and the policy config requirePrivateEndpoint is true; add one (EntraRedisCache privateEndpoint)`,
      cache.urn,
    );
  }
}

/** Firewall rules that let in (nearly) the whole internet filter nothing: the same as no rule. */
function checkRuleCoverage(cache: PolicyResource, rules: PolicyResource[], report: Report): void {
  const ranges: Array<[string, string]> = [];
  for (const r of rules) {
    const start = known(() => r.props.startIP);
    const end = known(() => r.props.endIP);
    if (typeof start === "string" && typeof end === "string") ranges.push([start, end]);
  }
  const coverage = publicIPv4Coverage(ranges);
  if (!coverage.internetWide) return;
  const names = rules.slice(0, 5).map((r) => `"${r.name}"`);
  const more = rules.length > 5 ? ` and ${rules.length - 5} more` : "";
  report(
    violation(
      cache,
      "publicNetworkAccess",
      "Enabled",
      `opens the cache to ${formatShare(coverage.fraction)} of the public IPv4 internet through its firewall rules (${names.join(", ")}${more}); rules covering 1/${1 / INTERNET_WIDE_FRACTION} of it or more count as open to the internet`,
      'narrow the rules to the clients\' addresses, or set publicNetworkAccess: "Disabled" and use a private endpoint; the policy config allowPublicNetworkAccess: true accepts it',
    ),
    cache.urn,
  );
}

function checkCluster(
  all: PolicyResource[],
  cluster: PolicyResource,
  config: NetworkAccessConfig,
  report: Report,
): void {
  const access: unknown = cluster.props.publicNetworkAccess;
  if (access === undefined) {
    report(
      violation(
        cluster,
        "publicNetworkAccess",
        access,
        "is not set (Azure requires it)",
        'set publicNetworkAccess: "Disabled" and use a private endpoint',
      ),
      cluster.urn,
    );
  } else if (access === "Enabled" && !config.allowPublicNetworkAccess) {
    report(
      violation(
        cluster,
        "publicNetworkAccess",
        access,
        "opens the Managed Redis cluster to the whole internet (Managed Redis has no IP firewall)",
        'set publicNetworkAccess: "Disabled" and use a private endpoint (EntraManagedRedis privateEndpoint); the policy config allowPublicNetworkAccess: true accepts it',
      ),
      cluster.urn,
    );
  }
  if (config.requirePrivateEndpoint && privateEndpointsOf(all, cluster, "redisEnterprise").length === 0) {
    report(
      `${cluster.type} "${cluster.name}": has no private endpoint (azure-native:network:PrivateEndpoint with groupIds ["redisEnterprise"]) and the policy config requirePrivateEndpoint is true; add one (EntraManagedRedis privateEndpoint)`,
      cluster.urn,
    );
  }
}
