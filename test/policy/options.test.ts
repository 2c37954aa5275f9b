/** settings(): a policy's config over its defaults, reading only the settings the policy has. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { settings } from "../../src/policy/options.ts";

const defaults = { allowPublicNetworkAccess: false, requirePrivateEndpoint: false };

test("config values replace the defaults; undefined and null keep them", () => {
  assert.deepEqual(
    settings({ allowPublicNetworkAccess: true, requirePrivateEndpoint: undefined }, defaults),
    {
      allowPublicNetworkAccess: true,
      requirePrivateEndpoint: false,
    },
  );
});

test("config keys that are not settings (__proto__, constructor, enforcementLevel, typos) are not copied", () => {
  // JSON.parse makes "__proto__" an own key, as a policy config file does.
  const config = JSON.parse(
    '{"__proto__": {"polluted": true, "requirePrivateEndpoint": true}, "constructor": 1, "enforcementLevel": "advisory", "allowPublicNetworkAcess": true}',
  ) as Partial<typeof defaults>;
  const out = settings(config, defaults);
  assert.equal(Object.getPrototypeOf(out), Object.prototype);
  assert.deepEqual(Object.keys(out).sort(), ["allowPublicNetworkAccess", "requirePrivateEndpoint"]);
  assert.equal("polluted" in out, false);
  assert.deepEqual(out, defaults);
});
