/**
 * preview's summary of a cache (src/cli/commands/preview/summary.ts) reads Entra ID as Azure and the policy
 * pack do: `redisConfiguration` values are strings, and "True" or "TRUE" turn Entra ID on too.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { describeSettings, summarizeCaches } from "../../src/cli/commands/preview/summary.ts";
import type { PreviewResource } from "../../src/internal/pulumi-offline/model.ts";

function cache(inputs: Record<string, unknown>): PreviewResource {
  return {
    type: "azure-native:redis:Redis",
    name: "shop",
    custom: true,
    dependsOn: [],
    dependencies: [],
    urn: "urn:pulumi:stack::project::azure-native:redis:Redis::shop",
    inputs: { sku: { name: "Standard", family: "C", capacity: 1 }, ...inputs },
  };
}

for (const aadEnabled of ["true", "True", "TRUE"]) {
  test(`aadEnabled "${aadEnabled}" is Entra on, in the tree and in --json`, () => {
    const r = cache({ redisConfiguration: { aadEnabled }, disableAccessKeyAuthentication: true });
    assert.ok(
      describeSettings(r).includes(`Entra on (aadEnabled=${aadEnabled})`),
      describeSettings(r).join("\n"),
    );
    assert.equal(summarizeCaches([r])[0].entraEnabled, true);
  });
}

test('Azure\'s own key "aad-enabled" counts; "false" and unset are Entra off', () => {
  assert.equal(
    summarizeCaches([cache({ redisConfiguration: { "aad-enabled": "True" } })])[0].entraEnabled,
    true,
  );
  for (const redisConfiguration of [{ aadEnabled: "false" }, {}, undefined]) {
    const r = cache({ redisConfiguration });
    assert.equal(summarizeCaches([r])[0].entraEnabled, false);
    assert.match(describeSettings(r).join("\n"), /Entra OFF/);
  }
});

test("access keys and the non-TLS port read as the policy reads them: only `true` turns them", () => {
  const open = summarizeCaches([
    cache({ disableAccessKeyAuthentication: "true", enableNonSslPort: true }),
  ])[0];
  assert.equal(open.accessKeysDisabled, false);
  assert.equal(open.nonTlsPortEnabled, true);
});
