/**
 * IP firewall rules of Azure Cache for Redis: parsed and checked before anything is deployed.
 * Azure takes IPv4 ranges only (`startIP`..`endIP`), and they filter public network access only
 * (docs/azure-facts.md, "Network"). Rule names follow azurerm's `^\w+$`.
 */
import ipaddr from "ipaddr.js";
import { kindOf } from "../errors.ts";
import { FIREWALL_RULE_NAME, FIREWALL_RULE_NAME_MAX } from "../rules/names.ts";

/** One firewall rule as the user writes it: a single address, a range, or a CIDR block. */
export interface FirewallRuleArgs {
  /** Rule name (letters, digits, underscores); derived from the addresses when omitted. */
  name?: string;
  /** First IPv4 address of the range, or the single address when `endIp` is omitted. */
  startIp?: string;
  /** Last IPv4 address of the range. */
  endIp?: string;
  /** An IPv4 CIDR block such as "203.0.113.0/24", instead of `startIp`/`endIp`. */
  cidr?: string;
}

/** A checked rule, ready for `redis.FirewallRule`. */
export interface ResolvedFirewallRule {
  name: string;
  startIP: string;
  endIP: string;
}

/** A problem with one rule: which field, the value shown, what is wrong and what to do. */
export interface FirewallRuleProblem {
  field: string;
  value: unknown;
  problem: string;
  fix: string;
}

function parseIPv4(text: string): ipaddr.IPv4 | undefined {
  return ipaddr.IPv4.isValidFourPartDecimal(text) ? ipaddr.IPv4.parse(text) : undefined;
}

function toNumber(ip: ipaddr.IPv4): number {
  return ip.octets.reduce((n, o) => n * 256 + o, 0);
}

function ipProblem(field: string, text: string, address = text): FirewallRuleProblem {
  if (ipaddr.IPv6.isValid(address)) {
    return {
      field,
      value: text,
      problem: "is an IPv6 address",
      fix: "Azure Cache for Redis firewall rules take IPv4 addresses only; give the client's public IPv4 address",
    };
  }
  return {
    field,
    value: text,
    problem: "is not an IPv4 address",
    fix: 'write four decimal numbers 0-255 separated by dots, e.g. "203.0.113.10"',
  };
}

/**
 * Parses one rule. Returns the resolved rule, or the first problem found. `prefix` is the rule's
 * field path, e.g. `firewallRules[2]`.
 */
export function parseFirewallRule(
  rule: FirewallRuleArgs,
  prefix: string,
): ResolvedFirewallRule | FirewallRuleProblem {
  for (const key of ["cidr", "startIp", "endIp", "name"] as const) {
    const v: unknown = rule[key];
    if (v !== undefined && typeof v !== "string") {
      return {
        field: `${prefix}.${key}`,
        value: v,
        problem: `is ${kindOf(v)}, not a string`,
        fix: 'write addresses as strings, e.g. { cidr: "203.0.113.0/24" } or { startIp: "198.51.100.7" }',
      };
    }
  }
  const { cidr, startIp, endIp } = rule;
  let start: string;
  let end: string;
  if (cidr !== undefined) {
    if (startIp !== undefined || endIp !== undefined) {
      return {
        field: `${prefix}.cidr`,
        value: cidr,
        problem: "is given together with startIp/endIp",
        fix: "give either cidr or startIp (and endIp), not both",
      };
    }
    const [addr, bits, ...rest] = cidr.split("/");
    const ip = addr === undefined ? undefined : parseIPv4(addr);
    const prefixLen = bits !== undefined && /^\d{1,2}$/.test(bits) ? Number(bits) : NaN;
    if (ip === undefined || rest.length > 0 || !(prefixLen >= 0 && prefixLen <= 32)) {
      if (addr !== undefined && ipaddr.IPv6.isValid(addr)) return ipProblem(`${prefix}.cidr`, cidr, addr);
      return {
        field: `${prefix}.cidr`,
        value: cidr,
        problem: "is not an IPv4 CIDR block",
        fix: 'write an IPv4 address, a slash and a prefix length 0-32, e.g. "203.0.113.0/24"',
      };
    }
    const network = ipaddr.IPv4.networkAddressFromCIDR(`${addr}/${prefixLen}`);
    if (network.toString() !== ip.toString()) {
      return {
        field: `${prefix}.cidr`,
        value: cidr,
        problem: "has host bits set",
        fix: `use the network address "${network.toString()}/${prefixLen}" (or a single address with startIp)`,
      };
    }
    start = network.toString();
    end = ipaddr.IPv4.broadcastAddressFromCIDR(`${addr}/${prefixLen}`).toString();
  } else {
    if (startIp === undefined) {
      return {
        field: `${prefix}`,
        value: rule,
        problem: "has neither startIp nor cidr",
        fix: 'give startIp (and endIp for a range) or cidr, e.g. { cidr: "203.0.113.0/24" }',
      };
    }
    const s = parseIPv4(startIp);
    if (s === undefined) return ipProblem(`${prefix}.startIp`, startIp);
    const e = endIp === undefined ? s : parseIPv4(endIp);
    if (e === undefined) return ipProblem(`${prefix}.endIp`, endIp as string);
    if (toNumber(s) > toNumber(e)) {
      return {
        field: `${prefix}.startIp`,
        value: startIp,
        problem: `comes after endIp "${endIp}"`,
        fix: "swap them: startIp is the lower address of the range",
      };
    }
    start = s.toString();
    end = e.toString();
  }
  let name = rule.name;
  if (name === undefined) {
    name =
      start === end
        ? `ip_${start.replaceAll(".", "_")}`
        : `range_${start.replaceAll(".", "_")}_${end.replaceAll(".", "_")}`;
  } else if (!FIREWALL_RULE_NAME.test(name) || name.length > FIREWALL_RULE_NAME_MAX) {
    return {
      field: `${prefix}.name`,
      value: name,
      problem: "is not a valid firewall rule name",
      fix: `use 1-${FIREWALL_RULE_NAME_MAX} letters, digits or underscores (no hyphens or spaces), e.g. "office_vpn"`,
    };
  }
  return { name, startIP: start, endIP: end };
}

/** Whether a parse result is a problem. */
export function isFirewallRuleProblem(
  r: ResolvedFirewallRule | FirewallRuleProblem,
): r is FirewallRuleProblem {
  return "problem" in r;
}
