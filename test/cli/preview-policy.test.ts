/**
 * `preview --policy [pack]` as a subprocess: the pack runs over what the mock preview registered,
 * through the pack's own analyzer server. The hand-written non-compliant program
 * (test/policy/fixtures/non-compliant) fails with every violation named; the quick start and every
 * example pass (no mandatory violation); --json carries the violations; --policy-config changes
 * settings and levels; the policy-pack/ template folder runs as a pack too.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, existsSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, runCli } from "./helpers.ts";

const NON_COMPLIANT = "test/policy/fixtures/non-compliant";
const APP = "22222222-2222-4222-8222-222222222222";

interface Violation {
  policy: string;
  level: string;
  resource?: { type: string; name: string; urn: string };
  message: string;
}
interface Doc {
  ok: boolean;
  errors: unknown[];
  policy: {
    pack: { name: string; version: string };
    policies: { name: string; level: string }[];
    violations: Violation[];
    mandatory: number;
    advisory: number;
  };
}

/** Every violation the non-compliant program has, as `level policy resource`. */
const EXPECTED_VIOLATIONS = [
  "mandatory redis-cache-entra-only open-cache",
  "mandatory redis-cache-entra-only open-cache",
  "mandatory redis-cache-tls-only open-cache",
  "mandatory redis-cache-tls-only open-cache",
  "mandatory redis-cache-version open-cache",
  "mandatory redis-access-policy-permissions open-cache-policy",
  "mandatory redis-data-owner-allow-list open-cache-owner",
  "mandatory redis-data-owner-allow-list cluster-full-access",
  "mandatory managed-redis-cluster-tls open-cluster",
  "mandatory managed-redis-database-entra-only open-db",
  "mandatory managed-redis-database-entra-only open-db",
  "advisory managed-redis-default-policy cluster-default",
  "mandatory redis-network-access open-cache",
  "mandatory redis-network-access open-cluster",
  "mandatory redis-cache-has-assignment orphan-cache",
  "mandatory redis-cache-has-assignment orphan-db",
].sort();

const summary = (vs: Violation[]): string[] =>
  vs.map((v) => `${v.level} ${v.policy} ${v.resource?.name ?? "(stack)"}`).sort();

function parse(stdout: string): Doc {
  return JSON.parse(stdout) as Doc;
}

// Each test previews in its own CLI process (its own analyzer server), reading its program folder and
// writing its own temporary policy config: up to four at once.
describe("preview --policy", { concurrency: 4 }, () => {
  test("the non-compliant program: exit 1, every violation by policy and resource, no password in the report", async () => {
    const run = await runCli(["preview", NON_COMPLIANT, "--policy"]);
    assert.equal(run.code, 1, run.stderr);
    for (const entry of EXPECTED_VIOLATIONS) {
      const [level, policy, name] = entry.split(" ");
      assert.match(run.stdout, new RegExp(`${level} ${policy} azure-native:\\S+ "${name}"`), entry);
    }
    assert.match(run.stdout, /15 mandatory, 1 advisory violations/);
    assert.match(run.stdout, /15 mandatory policy violation\(s\): exit code 1/);
    // The password of the ">password" rule is masked everywhere: the resource tree and the policy report.
    const report = run.stdout.slice(run.stdout.indexOf("Policy pack azure-redis-entra"));
    assert.match(report, /permissions "on >\*\*\* \+@all ~\*" contains the user-management rule "on"/);
    assert.ok(!run.stdout.includes("s3cretpassw0rd"), "password leaked into the preview output");
    assert.ok(!run.stderr.includes("s3cretpassw0rd"), "password leaked into stderr");
  });

  test("--json: ok false, the pack and every violation with resource, policy, level and message", async () => {
    const run = await runCli(["preview", NON_COMPLIANT, "--policy", "--json"]);
    assert.equal(run.code, 1, run.stderr);
    const doc = parse(run.stdout);
    assert.equal(doc.ok, false);
    assert.deepEqual(doc.errors, []);
    assert.equal(doc.policy.pack.name, "azure-redis-entra");
    assert.equal(doc.policy.policies.length, 10);
    assert.deepEqual(summary(doc.policy.violations), EXPECTED_VIOLATIONS);
    assert.equal(doc.policy.mandatory, 15);
    assert.equal(doc.policy.advisory, 1);
    assert.ok(
      !run.stdout.includes("s3cretpassw0rd"),
      "password leaked into --json (resources or policy report)",
    );
    for (const v of doc.policy.violations) {
      assert.ok(v.resource, `${v.policy}: no resource`);
      // The message names the resource first, as the components' errors do.
      assert.ok(v.message.startsWith(`${v.resource.type} "${v.resource.name}": `), v.message);
      assert.match(v.resource.urn, /^urn:pulumi:preview::non-compliant-redis::/);
    }
  });

  test("--policy-config: an allow-listed Data Owner and a disabled policy drop out; levels are reported", async () => {
    const dir = mkdtempSync(join(tmpdir(), "policy-config-"));
    const file = join(dir, "policy.json");
    writeFileSync(
      file,
      JSON.stringify({
        "redis-data-owner-allow-list": { dataOwnerObjectIds: [APP] },
        "managed-redis-default-policy": { enforcementLevel: "disabled" },
        "redis-cache-tls-only": "advisory",
      }),
    );
    const run = await runCli(["preview", NON_COMPLIANT, "--policy", "--policy-config", file, "--json"]);
    assert.equal(run.code, 1, run.stderr);
    const doc = parse(run.stdout);
    const expected = EXPECTED_VIOLATIONS.filter(
      (v) => !v.includes("redis-data-owner-allow-list") && !v.includes("managed-redis-default-policy"),
    ).map((v) => v.replace("mandatory redis-cache-tls-only", "advisory redis-cache-tls-only"));
    assert.deepEqual(summary(doc.policy.violations), expected.sort());
    assert.equal(
      doc.policy.policies.find((p) => p.name === "managed-redis-default-policy")?.level,
      "disabled",
    );
  });

  test("--policy-config naming an unknown policy or setting is refused with the right names", async () => {
    const dir = mkdtempSync(join(tmpdir(), "policy-config-"));
    const file = join(dir, "policy.json");
    writeFileSync(file, JSON.stringify({ "redis-network-access": { requirePrivateEndpoints: true } }));
    const run = await runCli(["preview", NON_COMPLIANT, "--policy", "--policy-config", file]);
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /redis-network-access\.requirePrivateEndpoints is not a setting of that policy; its settings are allowPublicNetworkAccess, requirePrivateEndpoint/,
    );
  });

  test("--policy-config: a setting named like an Object.prototype member is refused, not taken for a known one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "policy-config-"));
    const file = join(dir, "policy.json");
    writeFileSync(file, JSON.stringify({ "redis-network-access": { constructor: true } }));
    const run = await runCli(["preview", NON_COMPLIANT, "--policy", "--policy-config", file]);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /redis-network-access\.constructor is not a setting of that policy/);
  });

  test("the policy-pack/ template folder runs as a pack and finds the same violations", async () => {
    const run = await runCli(["preview", NON_COMPLIANT, "--policy", "policy-pack", "--json"]);
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(summary(parse(run.stdout).policy.violations), EXPECTED_VIOLATIONS);
  });

  test("a --policy folder without PulumiPolicy.yaml is a usage error", async () => {
    const run = await runCli(["preview", NON_COMPLIANT, "--policy", "examples"]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /"examples" has no PulumiPolicy\.yaml/);
  });

  /** Config each example requires (as in examples.test.ts). */
  const SUBNET =
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/pe";
  const ZONE =
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/net/providers/Microsoft.Network/privateDnsZones/privatelink.redis.cache.windows.net";
  const EXAMPLE_CONFIG: Record<string, string[]> = {
    "firewall-app-service": ['allowedOutbound=["20.1.2.3","20.1.4.0/24"]'],
    "custom-readonly-policy": [`privateEndpointSubnetId=${SUBNET}`, `privateDnsZoneId=${ZONE}`],
  };

  /**
   * Policy config an example needs: the migration keeps the cache's apps reaching it publicly (Azure
   * migrates no cache with a private endpoint), so the organisation allows public access for the move.
   */
  const EXAMPLE_POLICY_CONFIG: Record<string, Record<string, unknown>> = {
    "migrate-to-managed-redis": { "redis-network-access": { allowPublicNetworkAccess: true } },
  };

  function policyConfigArgs(name: string): string[] {
    const config = EXAMPLE_POLICY_CONFIG[name];
    if (config === undefined) return [];
    const file = join(mkdtempSync(join(tmpdir(), "policy-config-")), "policy.json");
    writeFileSync(file, JSON.stringify(config));
    return ["--policy-config", file];
  }

  const programs = [
    ".",
    ...readdirSync(join(ROOT, "examples"))
      .filter((d) => existsSync(join(ROOT, "examples", d, "Pulumi.yaml")))
      .map((d) => `examples/${d}`),
  ];

  for (const program of programs) {
    test(`${program === "." ? "the quick start" : program}: passes the pack (exit 0, no mandatory violation)`, async () => {
      const name = program.replace("examples/", "");
      const config = (EXAMPLE_CONFIG[name] ?? []).flatMap((c) => ["-c", c]);
      const run = await runCli([
        "preview",
        ...(program === "." ? [] : [program]),
        ...config,
        "--policy",
        ...policyConfigArgs(name),
        "--json",
      ]);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      const doc = parse(run.stdout);
      assert.equal(doc.ok, true);
      assert.equal(doc.policy.mandatory, 0, JSON.stringify(doc.policy.violations, null, 2));
      // The only report: Managed Redis assignments on the "default" policy (full access), every one the
      // generic resource since issue 18.
      for (const v of doc.policy.violations) {
        assert.equal(
          `${v.level} ${v.policy} ${v.resource?.type}`,
          "advisory managed-redis-default-policy azure-native:resources:Resource",
        );
      }
    });
  }

  test("with the quick start and the firewall example, requirePrivateEndpoint tells them apart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "policy-config-"));
    const file = join(dir, "policy.json");
    writeFileSync(file, JSON.stringify({ "redis-network-access": { requirePrivateEndpoint: true } }));
    const quick = await runCli(["preview", "--policy", "--policy-config", file, "--json"]);
    assert.equal(quick.code, 0, quick.stdout);
    const firewall = await runCli([
      "preview",
      "examples/firewall-app-service",
      "-c",
      EXAMPLE_CONFIG["firewall-app-service"][0],
      "--policy",
      "--policy-config",
      file,
      "--json",
    ]);
    assert.equal(firewall.code, 1);
    assert.deepEqual(summary(parse(firewall.stdout).policy.violations), [
      "mandatory redis-network-access cache-redis",
    ]);
  });
});
