import { test } from "node:test";
import assert from "node:assert/strict";
import { UNKNOWN } from "../../src/cli/preview/policy-analyzer.ts";
import { analyzeStackWith, GOOD_CACHE, reported, resource, urn, usePack } from "./helpers.ts";

const POLICY = "redis-network-access";
const REDIS = "azure-native:redis:Redis";
const CLUSTER = "azure-native:redisenterprise:RedisEnterprise";
const pack = usePack();

const cache = (extra: Record<string, unknown> = {}) => resource(REDIS, "cache", { ...GOOD_CACHE, ...extra });
const rule = (deps: string[], cacheName: unknown = "other") =>
  resource(
    "azure-native:redis:FirewallRule",
    "fw",
    { resourceGroupName: "rg", cacheName, ruleName: "app", startIP: "203.0.113.10", endIP: "203.0.113.10" },
    deps,
  );
const endpoint = (deps: string[], serviceId: string) =>
  resource(
    "azure-native:network:PrivateEndpoint",
    "pe",
    {
      resourceGroupName: "rg",
      subnet: {
        id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/pe",
      },
      privateLinkServiceConnections: [
        { name: "c", privateLinkServiceId: serviceId, groupIds: ["redisCache"] },
      ],
    },
    deps,
  );
const cluster = (extra: Record<string, unknown> = {}) =>
  resource(CLUSTER, "cl", {
    resourceGroupName: "rg",
    clusterName: "cl1",
    sku: { name: "Balanced_B1" },
    ...extra,
  });

test("a private cache, and a public one filtered by a rule that depends on it, comply", async () => {
  assert.deepEqual(await analyzeStackWith(pack.session(), POLICY, [cache()]), []);
  const open = cache({ publicNetworkAccess: "Enabled" });
  assert.deepEqual(await analyzeStackWith(pack.session(), POLICY, [open, rule([open.urn])]), []);
});

test("a firewall rule that names the cache (no dependency) counts too", async () => {
  const open = cache({ publicNetworkAccess: "Enabled" });
  assert.deepEqual(await analyzeStackWith(pack.session(), POLICY, [open, rule([], "CACHE1")]), []);
});

test("public access without a rule of its own is a violation; allowPublicNetworkAccess accepts it", async () => {
  const open = cache({ publicNetworkAccess: "Enabled" });
  const stray = rule([urn(REDIS, "another")], "another");
  const ds = await analyzeStackWith(pack.session(), POLICY, [open, stray]);
  assert.equal(ds.length, 1);
  assert.equal(ds[0].urn, open.urn);
  assert.match(
    reported(ds[0]),
    /^azure-native:redis:Redis "cache": publicNetworkAccess "Enabled" opens the cache to the whole internet/,
  );
  const allowed = await analyzeStackWith(pack.session(), POLICY, [open], {
    [POLICY]: { allowPublicNetworkAccess: true },
  });
  assert.deepEqual(allowed, []);
});

test("an unset publicNetworkAccess is a violation", async () => {
  const { publicNetworkAccess: _p, ...rest } = GOOD_CACHE;
  const ds = await analyzeStackWith(pack.session(), POLICY, [resource(REDIS, "cache", rest)]);
  assert.equal(ds.length, 1);
  assert.match(
    reported(ds[0]),
    /publicNetworkAccess \(not set\) is not set; set publicNetworkAccess: "Disabled"/,
  );
});

test("requirePrivateEndpoint: a cache needs an endpoint, linked by dependency or by its service id", async () => {
  const config = { [POLICY]: { requirePrivateEndpoint: true } };
  const c = cache();
  const none = await analyzeStackWith(pack.session(), POLICY, [c], config);
  assert.equal(none.length, 1);
  assert.match(reported(none[0]), /"cache": has no private endpoint .*requirePrivateEndpoint is true/);
  const byDep = endpoint([c.urn], UNKNOWN);
  assert.deepEqual(await analyzeStackWith(pack.session(), POLICY, [c, byDep], config), []);
  const byId = endpoint([], "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Cache/Redis/cache1");
  assert.deepEqual(await analyzeStackWith(pack.session(), POLICY, [c, byId], config), []);
});

test("Managed Redis: public access needs the allowance (no IP firewall); unset is a violation", async () => {
  assert.deepEqual(
    await analyzeStackWith(pack.session(), POLICY, [cluster({ publicNetworkAccess: "Disabled" })]),
    [],
  );
  const open = await analyzeStackWith(pack.session(), POLICY, [cluster({ publicNetworkAccess: "Enabled" })]);
  assert.equal(open.length, 1);
  assert.match(
    reported(open[0]),
    /^azure-native:redisenterprise:RedisEnterprise "cl": publicNetworkAccess "Enabled" .*no IP firewall/,
  );
  const allowed = await analyzeStackWith(
    pack.session(),
    POLICY,
    [cluster({ publicNetworkAccess: "Enabled" })],
    {
      [POLICY]: { allowPublicNetworkAccess: true },
    },
  );
  assert.deepEqual(allowed, []);
  const unset = await analyzeStackWith(pack.session(), POLICY, [cluster()]);
  assert.equal(unset.length, 1);
  assert.match(reported(unset[0]), /publicNetworkAccess \(not set\) is not set \(Azure requires it\)/);
});

test("an unknown publicNetworkAccess (pulumi preview) is reported as not checkable yet, advisory, not passed", async () => {
  const c = resource(REDIS, "cache", { ...GOOD_CACHE, publicNetworkAccess: UNKNOWN });
  const ds = await analyzeStackWith(pack.session(), POLICY, [c]);
  assert.equal(ds.length, 1);
  assert.equal(ds[0].enforcementLevel, "advisory");
  assert.match(ds[0].message, /can't run policy 'redis-network-access' .* during preview/);
});

test("an unknown subnetId (VNet injection, pulumi preview) still counts as private", async () => {
  const c = resource(REDIS, "cache", { ...GOOD_CACHE, subnetId: UNKNOWN });
  const ds = await analyzeStackWith(pack.session(), POLICY, [c], {
    [POLICY]: { requirePrivateEndpoint: true },
  });
  assert.deepEqual(ds, []);
});
