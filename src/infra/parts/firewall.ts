/**
 * Part: IPv4 firewall rules of Azure Cache for Redis (Managed Redis has none). The rule syntax is
 * parsed by firewall-rules.ts; the rules are independent of each other, so none waits for another.
 */
import * as redis from "@pulumi/azure-native/redis/index.js";
import type * as pulumi from "@pulumi/pulumi";
import { isFirewallRuleProblem, parseFirewallRule, type ResolvedFirewallRule } from "./firewall-rules.ts";
import type { Part, PartScope } from "../part.ts";
import { formatShare, INTERNET_WIDE_FRACTION, publicIPv4Coverage } from "../public-ipv4.ts";
import { kindOf } from "../errors.ts";
import { fail, type ErrorContext } from "../validate.ts";

/** Parses and checks `firewallRules`: each rule valid, names unique (ignoring case). */
export function checkFirewallRules(ctx: ErrorContext, rules: unknown): ResolvedFirewallRule[] {
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
  return rules.map((rule: unknown, i) => {
    if (typeof rule !== "object" || rule === null || Array.isArray(rule))
      fail(
        ctx,
        `firewallRules[${i}]`,
        rule,
        `is ${kindOf(rule)}, not a rule`,
        'give { cidr: "203.0.113.0/24" } or { startIp, endIp }',
      );
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

/**
 * Refuses firewall rules that together let in 1/16 of the public IPv4 space or more (0.0.0.0/0,
 * 0.0.0.0-255.255.255.255, two /1 halves...): they filter nothing, so they open the cache to the
 * internet, which takes the explicit `allowPublicNetworkAccess: true` (docs/security.md,
 * "Internet-wide firewall rules"; the policy pack's redis-network-access flags the same).
 */
export function checkInternetWideRules(
  ctx: ErrorContext,
  rules: readonly ResolvedFirewallRule[],
  allowPublicNetworkAccess: unknown,
): void {
  if (allowPublicNetworkAccess === true || rules.length === 0) return;
  const coverage = publicIPv4Coverage(rules.map((r) => [r.startIP, r.endIP]));
  if (!coverage.internetWide) return;
  const shares = rules.map((r) => publicIPv4Coverage([[r.startIP, r.endIP]]));
  const alone = shares.findIndex((c) => c.internetWide);
  const one = alone === -1 ? undefined : rules[alone];
  const threshold = `rules covering 1/${1 / INTERNET_WIDE_FRACTION} of it or more filter nothing`;
  fail(
    ctx,
    one === undefined ? "firewallRules" : `firewallRules[${alone}]`,
    one === undefined ? `${rules.length} rules` : `${one.startIP}-${one.endIP}`,
    one === undefined
      ? `together let in ${formatShare(coverage.fraction)} of the public IPv4 internet, which opens the cache to it (${threshold})`
      : `lets in ${formatShare(shares[alone].fraction)} of the public IPv4 internet, which opens the cache to it (${threshold})`,
    "narrow the rules to your clients' addresses, or set allowPublicNetworkAccess: true to open the cache to the internet on purpose (Entra ID still required)",
  );
}

/** Creates one `redis:FirewallRule` per checked rule on the target cache. */
export function createFirewallRules({
  parent,
  plan,
  target,
}: PartScope<{ firewallRules: ResolvedFirewallRule[] }>): pulumi.Resource[] {
  return plan.firewallRules.map(
    (rule) =>
      new redis.FirewallRule(
        `${plan.name}-fw-${rule.name}`,
        {
          resourceGroupName: target.resourceGroupName,
          cacheName: target.resourceName,
          ruleName: rule.name,
          startIP: rule.startIP,
          endIP: rule.endIP,
        },
        { parent, dependsOn: plan.gate.after(...(target.resource ? [target.resource] : [])) },
      ),
  );
}

/** The part: `firewallRules` (Azure Cache for Redis; Managed Redis refuses the argument, so none). */
export const firewallPart = {
  name: "firewall",
  check: ({ ctx, args }) => {
    const firewallRules = checkFirewallRules(ctx, args.firewallRules);
    checkInternetWideRules(ctx, firewallRules, args.allowPublicNetworkAccess);
    return { firewallRules };
  },
  create: createFirewallRules,
} satisfies Part<{ firewallRules: ResolvedFirewallRule[] }>;
