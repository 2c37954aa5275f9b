/**
 * The one reader of azure-native Redis inputs (src/internal/redis-inputs.ts) that the policy pack,
 * preview's summary and the existing-cache check share: Azure's string settings in any case, the
 * booleans only when `true`.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  cacheAadEnabled,
  cacheAccessKeysDisabled,
  cacheEntraEnabled,
  cacheNonTlsPortEnabled,
  databaseAccessKeysDisabled,
  databasePlaintext,
} from "../../src/internal/redis-inputs.ts";

test('aadEnabled "true" in any case, under either key, is Entra on', () => {
  for (const v of ["true", "True", "TRUE"]) {
    assert.equal(cacheEntraEnabled({ redisConfiguration: { aadEnabled: v } }), true, v);
    assert.equal(cacheEntraEnabled({ redisConfiguration: { "aad-enabled": v } }), true, v);
  }
  assert.equal(cacheAadEnabled({ redisConfiguration: { "aad-enabled": "True" } }), "True");
});

test("anything else is Entra off: false, unset, no redisConfiguration, not an object", () => {
  for (const inputs of [
    { redisConfiguration: { aadEnabled: "false" } },
    { redisConfiguration: { aadEnabled: "yes" } },
    { redisConfiguration: {} },
    { redisConfiguration: "aadEnabled=true" },
    {},
  ])
    assert.equal(cacheEntraEnabled(inputs), false, JSON.stringify(inputs));
});

test("access keys off and the non-TLS port on only for the boolean true; Managed Redis keys off for Disabled", () => {
  assert.equal(cacheAccessKeysDisabled({ disableAccessKeyAuthentication: true }), true);
  assert.equal(cacheAccessKeysDisabled({ disableAccessKeyAuthentication: "true" }), false);
  assert.equal(cacheAccessKeysDisabled({}), false);
  assert.equal(cacheNonTlsPortEnabled({ enableNonSslPort: true }), true);
  assert.equal(cacheNonTlsPortEnabled({}), false);
  assert.equal(databaseAccessKeysDisabled({ accessKeysAuthentication: "Disabled" }), true);
  assert.equal(databaseAccessKeysDisabled({ accessKeysAuthentication: "Enabled" }), false);
  assert.equal(databaseAccessKeysDisabled({}), false);
});

test("Managed Redis enums in any case, as ARM reads them: keys off for Disabled, plaintext for anything but Encrypted", () => {
  for (const v of ["Disabled", "disabled", "DISABLED"])
    assert.equal(databaseAccessKeysDisabled({ accessKeysAuthentication: v }), true, v);
  for (const v of ["Encrypted", "encrypted"])
    assert.equal(databasePlaintext({ clientProtocol: v }), false, v);
  for (const v of ["Plaintext", "plaintext", "PLAINTEXT"])
    assert.equal(databasePlaintext({ clientProtocol: v }), true, v);
  // Left out: Azure's default, Encrypted.
  assert.equal(databasePlaintext({}), false);
});

test("each reads only its own property (the policy pack's unknown values stop at the first one touched)", () => {
  const touched: string[] = [];
  const inputs = new Proxy(
    {},
    {
      get: (_t, key) => {
        touched.push(String(key));
        return undefined;
      },
    },
  );
  cacheNonTlsPortEnabled(inputs);
  cacheAccessKeysDisabled(inputs);
  databaseAccessKeysDisabled(inputs);
  assert.deepEqual(touched, [
    "enableNonSslPort",
    "disableAccessKeyAuthentication",
    "accessKeysAuthentication",
  ]);
});
