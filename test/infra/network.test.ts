/** The public-network decision shared by both components, as a table. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { decidePublicNetworkAccess } from "../../src/infra/network.ts";
import { EntraRedisInputError } from "../../src/infra/errors.ts";

const PE = { subnetId: "s", virtualNetworkId: "v" };
const ctx = 'EntraRedisCache "t"';

test("outcomes for Azure Cache for Redis (firewall rules exist)", () => {
  const table: Array<
    [string, Parameters<typeof decidePublicNetworkAccess>[1], "Enabled" | "Disabled" | string]
  > = [
    ["private endpoint only", { privateEndpoint: PE, firewallRuleCount: 0 }, "Disabled"],
    [
      "private endpoint, allowPublicNetworkAccess false",
      { privateEndpoint: PE, firewallRuleCount: 0, allowPublicNetworkAccess: false },
      "Disabled",
    ],
    [
      "private endpoint + public",
      { privateEndpoint: PE, firewallRuleCount: 0, allowPublicNetworkAccess: true },
      "Enabled",
    ],
    [
      "private endpoint + rules + public",
      { privateEndpoint: PE, firewallRuleCount: 2, allowPublicNetworkAccess: true },
      "Enabled",
    ],
    ["rules only", { firewallRuleCount: 1 }, "Enabled"],
    ["rules + public", { firewallRuleCount: 1, allowPublicNetworkAccess: true }, "Enabled"],
    ["public only", { firewallRuleCount: 0, allowPublicNetworkAccess: true }, "Enabled"],
    ["nothing", { firewallRuleCount: 0 }, "privateEndpoint"],
    ["public false only", { firewallRuleCount: 0, allowPublicNetworkAccess: false }, "privateEndpoint"],
    ["private endpoint + rules", { privateEndpoint: PE, firewallRuleCount: 1 }, "firewallRules"],
    [
      "rules + public false",
      { firewallRuleCount: 1, allowPublicNetworkAccess: false },
      "allowPublicNetworkAccess",
    ],
  ];
  for (const [title, args, expected] of table) {
    if (expected === "Enabled" || expected === "Disabled") {
      assert.equal(decidePublicNetworkAccess(ctx, args), expected, title);
    } else {
      assert.throws(
        () => decidePublicNetworkAccess(ctx, args),
        (e: unknown) => e instanceof EntraRedisInputError && e.field === expected,
        title,
      );
    }
  }
});

test("Managed Redis (no firewall): only the endpoint and the opt-in count, and the message doesn't offer rules", () => {
  assert.equal(decidePublicNetworkAccess(ctx, { privateEndpoint: PE }), "Disabled");
  assert.equal(decidePublicNetworkAccess(ctx, { allowPublicNetworkAccess: true }), "Enabled");
  assert.throws(
    () => decidePublicNetworkAccess(ctx, {}),
    (e: unknown) => e instanceof EntraRedisInputError && !/firewallRules/.test(e.message),
  );
});
