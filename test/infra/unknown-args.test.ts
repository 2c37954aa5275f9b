import { test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { EntraRedisInputError } from "../../src/infra/errors.ts";
import { MANAGED_ARGS_SHAPE } from "../../src/infra/managed-redis/args.ts";
import { CACHE_ARGS_SHAPE } from "../../src/infra/redis-cache/args.ts";
import { checkKnownArguments, suggestKey, type Defer } from "../../src/infra/unknown-args.ts";

const CTX = 'EntraRedisCache "cache"';
const noDefer: Defer = () => assert.fail("nothing to defer");

function refusal(
  shape = CACHE_ARGS_SHAPE,
  args: unknown,
  component = "EntraRedisCache",
  ctx = CTX,
): EntraRedisInputError {
  try {
    checkKnownArguments(ctx, component, shape, args, noDefer);
  } catch (e) {
    assert.ok(e instanceof EntraRedisInputError, String(e));
    return e;
  }
  assert.fail("no error");
}

const base = {
  resourceGroupName: "rg",
  assignments: [{ objectId: "x", alias: "app" }],
  allowPublicNetworkAccess: true,
};

test("the issue's example, word for word", () => {
  const err = refusal(CACHE_ARGS_SHAPE, {
    ...base,
    assignments: [{ objectId: "x", alias: "app", polciy: "Data Reader" }],
  });
  assert.equal(
    err.message,
    'EntraRedisCache "cache": assignments[0].polciy is not an argument of EntraRedisCache; did you mean "policy"?',
  );
  assert.equal(err.field, "assignments[0].polciy");
  assert.equal(err.value, "(not shown)");
  assert.equal(err.fix, 'did you mean "policy"?');
});

test("every nesting level of EntraRedisCache: the misspelled key is named, with the right suggestion", () => {
  const cases: [unknown, string, string][] = [
    [{ ...base, resourceGroupNme: "rg" }, "resourceGroupNme", "resourceGroupName"],
    [
      { ...base, assignments: [base.assignments[0], { objectId: "y", alais: "b" }] },
      "assignments[1].alais",
      "alias",
    ],
    [
      { ...base, customPolicies: [{ name: "p", permisions: "+@read" }] },
      "customPolicies[0].permisions",
      "permissions",
    ],
    [
      { ...base, firewallRules: [{ cidr: "203.0.113.0/24", nmae: "office" }] },
      "firewallRules[0].nmae",
      "name",
    ],
    [{ ...base, firewallRules: [{ startIP: "203.0.113.1" }] }, "firewallRules[0].startIP", "startIp"],
    [
      { ...base, privateEndpoint: { subnetID: "s", virtualNetworkId: "v" } },
      "privateEndpoint.subnetID",
      "subnetId",
    ],
    [
      { ...base, existingCache: { name: "c", resourceGroup: "rg" } },
      "existingCache.resourceGroup",
      "resourceGroupName",
    ],
    [{ ...base, resource_group_name: "rg" }, "resource_group_name", "resourceGroupName"],
    [{ ...base, clusterName: "c" }, "clusterName", "cacheName"],
  ];
  for (const [args, field, suggestion] of cases) {
    const err = refusal(CACHE_ARGS_SHAPE, args);
    assert.equal(err.field, field);
    assert.equal(err.fix, `did you mean ${JSON.stringify(suggestion)}?`, field);
    assert.ok(err.message.startsWith(`${CTX}: ${field} is not an argument of EntraRedisCache;`), err.message);
  }
});

test("every nesting level of EntraManagedRedis", () => {
  const ctx = 'EntraManagedRedis "m"';
  const cases: [unknown, string, string][] = [
    [{ ...base, skuu: "Balanced_B1" }, "skuu", "sku"],
    [{ ...base, persistence: { aofEnable: true } }, "persistence.aofEnable", "aofEnabled"],
    [{ ...base, modules: [{ name: "RedisJSON", arg: "x" }] }, "modules[0].arg", "args"],
    [
      { ...base, assignments: [{ objectId: "x", alias: "a", Policy: "default" }] },
      "assignments[0].Policy",
      "policy",
    ],
    [
      { ...base, privateEndpoint: { subnetId: "s", privateDnsZoneID: "z" } },
      "privateEndpoint.privateDnsZoneID",
      "privateDnsZoneId",
    ],
    [{ ...base, cacheName: "c" }, "cacheName", "clusterName"],
  ];
  for (const [args, field, suggestion] of cases) {
    const err = refusal(MANAGED_ARGS_SHAPE, args, "EntraManagedRedis", ctx);
    assert.equal(err.field, field);
    assert.equal(
      err.message,
      `${ctx}: ${field} is not an argument of EntraManagedRedis; did you mean ${JSON.stringify(suggestion)}?`,
    );
  }
  const fw = refusal(MANAGED_ARGS_SHAPE, { ...base, firewallRules: [] }, "EntraManagedRedis", ctx);
  assert.match(fw.message, /firewallRules is not supported: Azure Managed Redis has no IP firewall rules/);
});

test("no close key: the fix lists the arguments of that level", () => {
  const err = refusal(CACHE_ARGS_SHAPE, { ...base, privateEndpoint: { subnetId: "s", banana: 1 } });
  assert.equal(err.field, "privateEndpoint.banana");
  assert.equal(
    err.fix,
    'the arguments of privateEndpoint are "privateDnsZoneId", "subnetId", "virtualNetworkId"',
  );
});

test("the unknown key's value never appears in the message (it may be a secret)", () => {
  const secret = "DefaultEndpointsProtocol=https;AccountKey=c2VjcmV0";
  const err = refusal(CACHE_ARGS_SHAPE, { ...base, accesKey: secret });
  assert.ok(!err.message.includes(secret));
  assert.ok(!err.message.includes("c2VjcmV0"));
});

test("known keys, maps and undefined values pass; tags and redisConfiguration keys are free-form", () => {
  checkKnownArguments(
    CTX,
    "EntraRedisCache",
    CACHE_ARGS_SHAPE,
    {
      ...base,
      tags: { anything: "x" },
      redisConfiguration: { whatever: "checked elsewhere" },
      polciy: undefined,
      firewallRules: [{ cidr: "203.0.113.0/24" }],
    },
    noDefer,
  );
});

test("nested Outputs are checked when they resolve, through the caller's gate", async () => {
  const deferred: Promise<void>[] = [];
  const defer: Defer = (value, recheck) => {
    deferred.push(Promise.resolve(value as Promise<unknown>).then(recheck));
  };
  checkKnownArguments(
    CTX,
    "EntraRedisCache",
    CACHE_ARGS_SHAPE,
    { ...base, privateEndpoint: Promise.resolve({ subnetId: "s", vnetId: "v" }) },
    defer,
  );
  assert.equal(deferred.length, 1);
  await assert.rejects(deferred[0], (e: unknown) => {
    assert.ok(e instanceof EntraRedisInputError);
    assert.equal(
      e.message,
      `${CTX}: privateEndpoint.vnetId is not an argument of EntraRedisCache; did you mean "virtualNetworkId"?`,
    );
    return true;
  });
  let outputs = 0;
  checkKnownArguments(
    CTX,
    "EntraRedisCache",
    CACHE_ARGS_SHAPE,
    { ...base, assignments: [pulumi.output({ objectId: "x", alias: "a" })] },
    () => {
      outputs++;
    },
  );
  assert.equal(outputs, 1, "an Output list item is deferred too");
});

test("suggestKey: case and separators first, then edit distance within a third of the length", () => {
  const known = ["resourceGroupName", "policy", "alias", "objectId"];
  assert.equal(suggestKey("ResourceGroupName", known), "resourceGroupName");
  assert.equal(suggestKey("resource-group-name", known), "resourceGroupName");
  assert.equal(suggestKey("polciy", known), "policy");
  assert.equal(suggestKey("objectID", known), "objectId");
  assert.equal(suggestKey("resourceGroup", known), "resourceGroupName");
  assert.equal(suggestKey("zzz", known), undefined);
  assert.equal(suggestKey("banana", known), undefined);
});
