import { test } from "node:test";
import assert from "node:assert/strict";
import { UNKNOWN } from "../../src/internal/pulumi-offline/policy-analyzer.ts";
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

/** A firewall rule of the cache (it depends on it), from startIP to endIP. */
const ranged = (owner: string, name: string, startIP: unknown, endIP: unknown, cacheName = "cache1") =>
  resource(
    "azure-native:redis:FirewallRule",
    name,
    { resourceGroupName: "rg", cacheName, ruleName: name, startIP, endIP },
    [owner],
  );

test("firewall rules that together let in the internet filter nothing: a violation unless allowed (issue 19 item 4)", async () => {
  const open = cache({ publicNetworkAccess: "Enabled" });
  const wide: Array<Array<[string, string]>> = [
    [["0.0.0.0", "255.255.255.255"]], // 0.0.0.0/0
    [
      ["0.0.0.0", "127.255.255.255"],
      ["128.0.0.0", "255.255.255.255"],
    ],
    [["1.0.0.0", "223.255.255.255"]], // every public address, none of the reserved blocks
    [["0.0.0.0", "31.255.255.255"]], // 13.6% of the public space, over the 1/16 threshold
    Array.from({ length: 16 }, (_, i): [string, string] => [`${i * 16}.0.0.0`, `${i * 16 + 15}.255.255.255`]),
  ];
  for (const ranges of wide) {
    const rules = ranges.map(([a, b], i) => ranged(open.urn, `r${i}`, a, b));
    const ds = await analyzeStackWith(pack.session(), POLICY, [open, ...rules]);
    assert.equal(ds.length, 1, JSON.stringify(ranges));
    assert.equal(ds[0].urn, open.urn);
    assert.match(
      reported(ds[0]),
      /publicNetworkAccess "Enabled" opens the cache to [\d.]+% of the public IPv4 internet through its firewall rules \("r0"(, "r1")?.*\); rules covering 1\/16 of it or more count as open to the internet; narrow the rules/,
    );
    const allowed = await analyzeStackWith(pack.session(), POLICY, [open, ...rules], {
      [POLICY]: { allowPublicNetworkAccess: true },
    });
    assert.deepEqual(allowed, [], JSON.stringify(ranges));
  }
});

test("wide but bounded rules comply: a /8, private and reserved blocks, 0.0.0.0/0 on another cache", async () => {
  const open = cache({ publicNetworkAccess: "Enabled" });
  const fine = [
    ranged(open.urn, "a8", "8.0.0.0", "8.255.255.255"),
    ranged(open.urn, "private", "10.0.0.0", "10.255.255.255"),
    ranged(open.urn, "multicast_and_e", "224.0.0.0", "255.255.255.255"),
    ranged(urn(REDIS, "another"), "elsewhere", "0.0.0.0", "255.255.255.255", "another"),
  ];
  assert.deepEqual(await analyzeStackWith(pack.session(), POLICY, [open, ...fine]), []);
});

test("during preview, rules with unknown addresses are skipped; known ones still count", async () => {
  const open = cache({ publicNetworkAccess: "Enabled" });
  const unknownRule = ranged(open.urn, "later", UNKNOWN, UNKNOWN);
  assert.deepEqual(await analyzeStackWith(pack.session(), POLICY, [open, unknownRule]), []);
  const all = ranged(open.urn, "all", "0.0.0.0", "255.255.255.255");
  const ds = await analyzeStackWith(pack.session(), POLICY, [open, unknownRule, all]);
  assert.equal(ds.length, 1);
  assert.match(reported(ds[0]), /opens the cache to 100% of the public IPv4 internet/);
});
