import { test } from "node:test";
import assert from "node:assert/strict";
import { analyzeStackWith, GOOD_CACHE, reported, resource, usePack } from "./helpers.ts";

const POLICY = "redis-cache-has-assignment";
const pack = usePack();
const APP = "22222222-2222-4222-8222-222222222222";

const cache = resource("azure-native:redis:Redis", "cache", GOOD_CACHE);
const cacheAssignment = (deps: string[], cacheName: string) =>
  resource(
    "azure-native:redis:AccessPolicyAssignment",
    "app",
    { cacheName, accessPolicyName: "Data Contributor", objectId: APP, objectIdAlias: "app" },
    deps,
  );
const db = resource("azure-native:redisenterprise:Database", "db", {
  resourceGroupName: "rg",
  clusterName: "cl1",
  databaseName: "default",
});
const generic = (parentResourcePath: string) =>
  resource("azure-native:resources:Resource", "g", {
    resourceProviderNamespace: "Microsoft.Cache",
    parentResourcePath,
    resourceType: "accessPolicyAssignments",
    resourceName: "app",
    apiVersion: "2026-05-01-preview",
    properties: { accessString: "+@read ~*", user: { objectId: APP } },
  });

test("a cache with an assignment (by dependency or by cacheName) complies", async () => {
  assert.deepEqual(
    await analyzeStackWith(pack.session(), POLICY, [cache, cacheAssignment([cache.urn], "x")]),
    [],
  );
  assert.deepEqual(
    await analyzeStackWith(pack.session(), POLICY, [cache, cacheAssignment([], "cache1")]),
    [],
  );
});

test("a cache without one is a violation", async () => {
  const ds = await analyzeStackWith(pack.session(), POLICY, [cache, cacheAssignment([], "someothercache")]);
  assert.equal(ds.length, 1);
  assert.equal(ds[0].urn, cache.urn);
  assert.match(
    reported(ds[0]),
    /^azure-native:redis:Redis "cache": has no azure-native:redis:AccessPolicyAssignment/,
  );
});

test("a Managed Redis database with a typed or a generic assignment complies; without, a violation", async () => {
  const typed = resource(
    "azure-native:redisenterprise:AccessPolicyAssignment",
    "t",
    { clusterName: "cl1", databaseName: "default", accessPolicyName: "default", user: { objectId: APP } },
    [],
  );
  assert.deepEqual(await analyzeStackWith(pack.session(), POLICY, [db, typed]), []);
  assert.deepEqual(
    await analyzeStackWith(pack.session(), POLICY, [db, generic("redisEnterprise/cl1/databases/default")]),
    [],
  );
  const ds = await analyzeStackWith(pack.session(), POLICY, [
    db,
    generic("redisEnterprise/other/databases/default"),
  ]);
  assert.equal(ds.length, 1);
  assert.match(
    reported(ds[0]),
    /^azure-native:redisenterprise:Database "db": has no azure-native:redisenterprise:AccessPolicyAssignment/,
  );
});
