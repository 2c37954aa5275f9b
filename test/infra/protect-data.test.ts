/**
 * protectData (src/infra/protect-data.ts) as the components register it: the resources that hold the
 * data carry Pulumi's `protect`, nothing else does; `protectData: false` leaves `protect` to the
 * component's own options; bad values are refused before anything is registered. What the engine
 * then refuses is test/lifecycle/protect-rows.ts.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  adoptExisting,
  EntraManagedRedis,
  EntraRedisCache,
  EntraRedisInputError,
  type EntraManagedRedisArgs,
  type EntraRedisCacheArgs,
} from "../../src/index.ts";
import { children, OID1, reset, resources, RG, settle, SUB } from "./mocks.ts";

const DATA = new Set([
  "azure-native:redis:Redis",
  "azure-native:redisenterprise:RedisEnterprise",
  "azure-native:redisenterprise:Database",
]);
const cacheArgs: EntraRedisCacheArgs = {
  resourceGroupName: RG,
  assignments: [{ objectId: OID1, alias: "app" }],
  firewallRules: [{ startIp: "203.0.113.1" }],
  lock: "CanNotDelete",
};
const managedArgs: EntraManagedRedisArgs = {
  resourceGroupName: RG,
  assignments: [{ objectId: OID1, alias: "app" }],
  allowPublicNetworkAccess: true,
};

/** `type name → protected?` for every child of `component`. */
const protection = (component: string) =>
  Object.fromEntries(children(component).map((r) => [`${r.type} ${r.name}`, r.protect === true]));
const expected = (component: string, isProtected: (type: string) => boolean) =>
  Object.fromEntries(children(component).map((r) => [`${r.type} ${r.name}`, isProtected(r.type)]));

test("EntraRedisCache: the cache is protected by default, and only the cache", async () => {
  reset();
  new EntraRedisCache("c", cacheArgs);
  await settle();
  assert.deepEqual(
    protection("c"),
    expected("c", (t) => t === "azure-native:redis:Redis"),
  );
  assert.ok(Object.values(protection("c")).includes(true));
  assert.equal(resources.find((r) => r.name === "c" && !r.custom)?.protect, undefined);
});

test("EntraManagedRedis: the cluster and the database are protected by default, and only they", async () => {
  reset();
  new EntraManagedRedis("m", managedArgs);
  await settle();
  assert.deepEqual(
    protection("m"),
    expected("m", (t) => DATA.has(t)),
  );
  assert.equal(Object.values(protection("m")).filter(Boolean).length, 2);
});

test("protectData: false (the opt-in) leaves protect to the component's options: none, or inherited", async () => {
  reset();
  new EntraRedisCache("c", { ...cacheArgs, protectData: false });
  new EntraManagedRedis("m", { ...managedArgs, protectData: false });
  await settle();
  assert.deepEqual(
    protection("c"),
    expected("c", () => false),
  );
  assert.deepEqual(
    protection("m"),
    expected("m", () => false),
  );
  reset();
  // `protect` on the component covers every child (Pulumi's SDK: a child inherits its parent's).
  new EntraRedisCache("c", { ...cacheArgs, protectData: false }, { protect: true });
  new EntraManagedRedis("m", { ...managedArgs, protectData: false }, { protect: true });
  await settle();
  assert.deepEqual(
    protection("c"),
    expected("c", () => true),
  );
  assert.deepEqual(
    protection("m"),
    expected("m", () => true),
  );
});

test("an adopted cache (adoptExisting) is imported and protected", async () => {
  reset();
  const id = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Cache/Redis/legacy`;
  new EntraRedisCache(
    "a",
    { ...cacheArgs, cacheName: "legacy" },
    { transformations: [adoptExisting({ "a-redis": id })] },
  );
  await settle();
  const cache = children("a").find((r) => r.type === "azure-native:redis:Redis")!;
  assert.equal(cache.importId, id);
  assert.equal(cache.protect, true);
});

test("protectData is checked before anything is registered: a boolean, and not with existingCache", () => {
  const refused = (build: () => unknown, message: RegExp) => {
    reset();
    assert.throws(build, (err: unknown) => {
      assert.ok(err instanceof EntraRedisInputError, String(err));
      assert.equal(err.field, "protectData");
      assert.match(err.message, message);
      return true;
    });
    assert.equal(resources.length, 0);
  };
  const notBoolean = /protectData "false" is a string, not a boolean.*give true or false/;
  refused(
    () => new EntraRedisCache("c", { ...cacheArgs, protectData: "false" as unknown as boolean }),
    notBoolean,
  );
  refused(
    () => new EntraManagedRedis("m", { ...managedArgs, protectData: "false" as unknown as boolean }),
    notBoolean,
  );
  refused(
    () =>
      new EntraRedisCache("e", {
        existingCache: { name: "legacy", resourceGroupName: RG },
        assignments: cacheArgs.assignments,
        protectData: false,
      }),
    /has nothing to guard with existingCache.*remove protectData/,
  );
});
