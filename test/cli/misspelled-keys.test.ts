/**
 * `preview` of programs that misspell a component argument: a JavaScript program (no compiler to
 * catch it) at each nesting level, and a TypeScript program whose args come from JSON. The component
 * refuses the key by name with the right suggestion, before anything of it is declared.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { FIXTURES, runCli } from "./helpers.ts";

interface PreviewDoc {
  ok: boolean;
  errors: { name: string; message: string; field?: string }[];
  resources: { type: string; name: string }[];
}

const js = join(FIXTURES, "misspelled-key-js");

const LEVELS: [level: string, field: string, suggestion: string][] = [
  ["assignment", "assignments[0].polciy", "policy"],
  ["top", "firewallRule", "firewallRules"],
  ["privateEndpoint", "privateEndpoint.virtualNetworkID", "virtualNetworkId"],
  ["customPolicies", "customPolicies[0].permission", "permissions"],
  ["firewallRules", "firewallRules[0].nmae", "name"],
  ["existingCache", "existingCache.resourceGroup", "resourceGroupName"],
];

for (const [level, field, suggestion] of LEVELS) {
  test(`JavaScript program, ${level}: preview exits 1 naming ${field} and suggesting ${suggestion}`, async () => {
    const r = await runCli(["preview", js, "--json", "--config", `level=${level}`]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const doc = JSON.parse(r.stdout) as PreviewDoc;
    assert.equal(doc.ok, false);
    assert.equal(doc.errors.length, 1, JSON.stringify(doc.errors));
    assert.equal(doc.errors[0].name, "EntraRedisInputError");
    assert.equal(
      doc.errors[0].message,
      `EntraRedisCache "cache": ${field} is not an argument of EntraRedisCache; did you mean "${suggestion}"?`,
    );
    assert.ok(
      !doc.resources.some((x) => x.type.startsWith("azure-native:redis:")),
      "nothing of the cache declared",
    );
  });
}

test("TypeScript program with args from JSON: persistence.rdbFrequncy refused, rdbFrequency suggested", async () => {
  const r = await runCli(["preview", join(FIXTURES, "misspelled-key-ts"), "--json"]);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  const doc = JSON.parse(r.stdout) as PreviewDoc;
  assert.equal(doc.errors.length, 1, JSON.stringify(doc.errors));
  assert.equal(
    doc.errors[0].message,
    'EntraManagedRedis "sessions": persistence.rdbFrequncy is not an argument of EntraManagedRedis; did you mean "rdbFrequency"?',
  );
  assert.ok(!doc.resources.some((x) => x.type.startsWith("azure-native:redisenterprise:")));
});
