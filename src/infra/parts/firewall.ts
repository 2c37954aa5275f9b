/**
 * Part: IPv4 firewall rules of Azure Cache for Redis (Managed Redis has none). The rule syntax is
 * parsed by firewall-rules.ts; the rules are independent of each other, so none waits for another.
 */
import * as redis from "@pulumi/azure-native/redis/index.js";
import type * as pulumi from "@pulumi/pulumi";
import {
  isFirewallRuleProblem,
  parseFirewallRule,
  type FirewallRuleArgs,
  type ResolvedFirewallRule,
} from "./firewall-rules.ts";
import type { PartScope } from "../part.ts";
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
