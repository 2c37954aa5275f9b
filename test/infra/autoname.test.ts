import { test } from "node:test";
import assert from "node:assert/strict";
import { AUTONAME_SUFFIX_LENGTH, planChildName, type NameRule } from "../../src/infra/autoname.ts";
import { constraint } from "../../src/infra/rules/index.ts";
import { CACHE_NAME_MAX, CLUSTER_NAME_MAX, isCacheName, isClusterName } from "../../src/infra/rules/names.ts";

const CACHE: NameRule = { max: CACHE_NAME_MAX, accepts: isCacheName };
const CLUSTER: NameRule = { max: CLUSTER_NAME_MAX, accepts: isClusterName };
const PE: NameRule = { max: 64, accepts: (n) => constraint("network.privateEndpoint.name").accepts(n) };

/** Every name azure-native could generate from the child name: 8 random lower-case hex characters appended. */
function generated(childName: string): string[] {
  return ["00000000", "ffffffff", "0a1b2c3d", "9f8e7d6c"].map((h) => childName + h);
}

const NAMES = [
  "cache",
  "my_app",
  "my.app",
  "My_App.Prod",
  "MyApp",
  "app-",
  "-app",
  "a--b",
  "__",
  "x".repeat(49),
  "x".repeat(50),
  "a".repeat(61),
  "very-long-component-name-for-the-production-cache-of-team-platform-42",
  "ünïcödé",
];

for (const [label, suffix, rule] of [
  ["cache", "redis", CACHE],
  ["cluster", "cluster", CLUSTER],
  ["private endpoint", "pe", PE],
] as const) {
  test(`${label}: the name azure-native generates from the planned child name is valid, for every component name`, () => {
    for (const name of NAMES) {
      const plan = planChildName(name, suffix, rule);
      for (const g of generated(plan.childName)) {
        assert.ok(rule.accepts(g), `${name} -> ${plan.childName} -> ${g} is valid`);
        assert.ok(g.length <= rule.max, `${g} fits ${rule.max}`);
      }
      assert.equal(plan.example.length, plan.childName.length + AUTONAME_SUFFIX_LENGTH);
    }
  });
}

test("a valid component name keeps its usual child name (existing stacks keep their URNs)", () => {
  assert.deepEqual(planChildName("cache", "redis", CACHE), {
    childName: "cache-redis",
    sanitized: false,
    example: "cache-redis0a1b2c3d",
  });
  assert.equal(
    planChildName("MyApp", "redis", CACHE).childName,
    "MyApp-redis",
    "capitals are valid in the spec pattern",
  );
  assert.equal(planChildName("x".repeat(49), "redis", CACHE).sanitized, false, "49 + 6 + 8 = 63 fits");
  assert.equal(
    planChildName("my_app", "pe", PE).childName,
    "my_app-pe",
    "underscores are valid for private endpoints",
  );
});

test("underscores, dots, bad hyphens and long names get a derived child name", () => {
  const underscore = planChildName("my_app", "redis", CACHE);
  assert.equal(underscore.sanitized, true);
  assert.match(underscore.childName, /^my-app-[0-9a-f]{4}-redis$/);
  const dots = planChildName("My_App.Prod", "cluster", CLUSTER);
  assert.match(dots.childName, /^my-app-prod-[0-9a-f]{4}-cluster$/);
  assert.match(
    planChildName("app-", "redis", CACHE).childName,
    /^app-[0-9a-f]{4}-redis$/,
    "no `--` before the suffix",
  );
  const long = planChildName("x".repeat(50), "redis", CACHE);
  assert.equal(long.sanitized, true);
  assert.ok(long.example.length <= 63);
  assert.ok(planChildName("a".repeat(61), "pe", PE).example.length <= 64);
});

test("two component names that sanitize alike get different child names", () => {
  const a = planChildName("my_app", "redis", CACHE).childName;
  const b = planChildName("my.app", "redis", CACHE).childName;
  assert.notEqual(a, b);
  assert.equal(planChildName("my_app", "redis", CACHE).childName, a, "deterministic");
});
