/** Firewall rule parsing (ipaddr.js): single addresses, ranges, CIDR blocks, names, and every problem. */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  isFirewallRuleProblem,
  parseFirewallRule,
  type FirewallRuleArgs,
} from "../../../src/infra/parts/firewall-rules.ts";
import { FIREWALL_RULE_NAME } from "../../../src/infra/rules/names.ts";

function ok(rule: FirewallRuleArgs) {
  const r = parseFirewallRule(rule, "firewallRules[0]");
  assert.ok(!isFirewallRuleProblem(r), `unexpected problem: ${JSON.stringify(r)}`);
  return r;
}
function problem(rule: FirewallRuleArgs) {
  const r = parseFirewallRule(rule, "firewallRules[0]");
  assert.ok(isFirewallRuleProblem(r), `expected a problem for ${JSON.stringify(rule)}`);
  return r;
}

test("a single address is a one-address range with a derived name", () => {
  assert.deepEqual(ok({ startIp: "203.0.113.10" }), {
    name: "ip_203_0_113_10",
    startIP: "203.0.113.10",
    endIP: "203.0.113.10",
  });
  assert.deepEqual(ok({ startIp: "203.0.113.10", endIp: "203.0.113.10" }), {
    name: "ip_203_0_113_10",
    startIP: "203.0.113.10",
    endIP: "203.0.113.10",
  });
});

test("a range keeps its bounds; a given name is kept", () => {
  assert.deepEqual(ok({ startIp: "10.0.0.1", endIp: "10.0.3.254" }), {
    name: "range_10_0_0_1_10_0_3_254",
    startIP: "10.0.0.1",
    endIP: "10.0.3.254",
  });
  assert.equal(ok({ name: "office_vpn", startIp: "10.0.0.1" }).name, "office_vpn");
});

test("CIDR blocks become their first and last address", () => {
  assert.deepEqual(ok({ cidr: "192.0.2.0/24" }), {
    name: "range_192_0_2_0_192_0_2_255",
    startIP: "192.0.2.0",
    endIP: "192.0.2.255",
  });
  assert.deepEqual(ok({ cidr: "198.51.100.7/32" }), {
    name: "ip_198_51_100_7",
    startIP: "198.51.100.7",
    endIP: "198.51.100.7",
  });
  assert.deepEqual(ok({ cidr: "0.0.0.0/0" }), {
    name: "range_0_0_0_0_255_255_255_255",
    startIP: "0.0.0.0",
    endIP: "255.255.255.255",
  });
  assert.deepEqual(ok({ cidr: "10.128.0.0/9" }), {
    name: "range_10_128_0_0_10_255_255_255",
    startIP: "10.128.0.0",
    endIP: "10.255.255.255",
  });
});

test("derived names match Azure's ^\\w+$ rule", () => {
  for (const rule of [
    { startIp: "1.2.3.4" },
    { cidr: "10.0.0.0/8" },
    { startIp: "1.1.1.1", endIp: "2.2.2.2" },
  ]) {
    assert.match(ok(rule).name, FIREWALL_RULE_NAME);
  }
});

test("invalid IPv4 addresses are rejected, with the field", () => {
  for (const bad of [
    "256.0.0.1",
    "10.0.0",
    "10.0.0.1.2",
    "a.b.c.d",
    "",
    " 10.0.0.1",
    "0x0A.0.0.1",
    "010.0.0.1",
  ]) {
    const p = problem({ startIp: bad });
    assert.equal(p.field, "firewallRules[0].startIp", bad);
    assert.match(p.problem, /is not an IPv4 address/);
  }
  assert.equal(problem({ startIp: "10.0.0.1", endIp: "10.0.0.256" }).field, "firewallRules[0].endIp");
});

test("IPv6 is rejected: Azure firewall rules are IPv4 only", () => {
  assert.match(problem({ startIp: "2001:db8::1" }).problem, /IPv6/);
  assert.match(problem({ cidr: "2001:db8::/32" }).problem, /IPv6/);
});

test("start after end", () => {
  const p = problem({ startIp: "10.0.0.10", endIp: "10.0.0.2" });
  assert.equal(p.field, "firewallRules[0].startIp");
  assert.match(p.problem, /comes after endIp "10.0.0.2"/);
  assert.match(p.fix, /swap/);
  // Compared as numbers, not strings.
  ok({ startIp: "10.0.0.9", endIp: "10.0.0.10" });
});

test("bad CIDR blocks", () => {
  for (const bad of [
    "10.0.0.0/33",
    "10.0.0.0/",
    "10.0.0.0",
    "10.0.0.0/8/8",
    "10.0.0/8",
    "10.0.0.0/-1",
    "10.0.0.0/ 8",
  ]) {
    const p = problem({ cidr: bad });
    assert.equal(p.field, "firewallRules[0].cidr", bad);
    assert.match(p.problem, /is not an IPv4 CIDR block/, bad);
  }
  const hostBits = problem({ cidr: "10.1.2.3/16" });
  assert.match(hostBits.problem, /host bits/);
  assert.match(hostBits.fix, /"10\.1\.0\.0\/16"/);
});

test("cidr and startIp together, or neither", () => {
  assert.match(problem({ cidr: "10.0.0.0/8", endIp: "10.0.0.1" }).problem, /together with startIp\/endIp/);
  assert.equal(problem({}).field, "firewallRules[0]");
  assert.equal(problem({ endIp: "10.0.0.1" }).field, "firewallRules[0]");
});

test("rule names must match ^\\w+$ and be at most 100 characters", () => {
  for (const bad of ["office-vpn", "my rule", "", "é", "a".repeat(101)]) {
    assert.equal(problem({ name: bad, startIp: "10.0.0.1" }).field, "firewallRules[0].name", bad);
  }
  ok({ name: "A_1", startIp: "10.0.0.1" });
});
