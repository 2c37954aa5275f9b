import { test } from "node:test";
import assert from "node:assert/strict";
import { analyzeWith, reported, resource, usePack } from "./helpers.ts";

const POLICY = "redis-data-owner-allow-list";
const OWNER = "11111111-1111-4111-8111-111111111111";
const APP = "22222222-2222-4222-8222-222222222222";
const pack = usePack();
const allow = { [POLICY]: { dataOwnerObjectIds: [OWNER.toUpperCase()] } };

const cacheAssignment = (accessPolicyName: string, objectId: string) =>
  resource("azure-native:redis:AccessPolicyAssignment", "a", {
    resourceGroupName: "rg",
    cacheName: "c",
    accessPolicyAssignmentName: "a",
    accessPolicyName,
    objectId,
    objectIdAlias: "a",
  });

const generic = (properties: Record<string, unknown>) =>
  resource("azure-native:resources:Resource", "g", {
    resourceGroupName: "rg",
    resourceProviderNamespace: "Microsoft.Cache",
    parentResourcePath: "redisEnterprise/cluster1/databases/default",
    resourceType: "accessPolicyAssignments",
    resourceName: "app",
    apiVersion: "2026-05-01-preview",
    properties,
  });

test("cache: Data Contributor for anyone and Data Owner for an allow-listed id comply", async () => {
  assert.deepEqual(await analyzeWith(pack.session(), POLICY, cacheAssignment("Data Contributor", APP)), []);
  assert.deepEqual(
    await analyzeWith(pack.session(), POLICY, cacheAssignment("Data Owner", OWNER), allow),
    [],
  );
});

test("cache: Data Owner (any case) for an id outside the allow-list is a violation", async () => {
  const ds = await analyzeWith(pack.session(), POLICY, cacheAssignment("data owner", APP), allow);
  assert.equal(ds.length, 1);
  assert.equal(ds[0].enforcementLevel, "mandatory");
  assert.match(
    reported(ds[0]),
    new RegExp(
      `^azure-native:redis:AccessPolicyAssignment "a": objectId "${APP}" gets "data owner" .*dataOwnerObjectIds`,
    ),
  );
});

test("Managed Redis generic assignment: a narrow access string complies, full access needs the allow-list", async () => {
  const narrow = generic({ accessString: "+@all -@dangerous ~*", user: { objectId: APP } });
  assert.deepEqual(await analyzeWith(pack.session(), POLICY, narrow), []);
  const full = generic({ accessString: "+@all ~*", user: { objectId: APP } });
  const ds = await analyzeWith(pack.session(), POLICY, full, allow);
  assert.equal(ds.length, 1);
  assert.match(
    reported(ds[0]),
    /^azure-native:resources:Resource "g": properties\.accessString "\+@all ~\*" grants @dangerous/,
  );
  const owner = generic({ accessString: "+@all ~*", user: { objectId: OWNER } });
  assert.deepEqual(await analyzeWith(pack.session(), POLICY, owner, allow), []);
});

test('Managed Redis generic assignment without an access string (the "default" policy) is managed-redis-default-policy\'s', async () => {
  assert.deepEqual(await analyzeWith(pack.session(), POLICY, generic({ user: { objectId: APP } })), []);
});

test("a generic resource that is not a Managed Redis assignment is not this policy's business", async () => {
  const other = resource("azure-native:resources:Resource", "o", {
    resourceProviderNamespace: "Microsoft.Storage",
    parentResourcePath: "",
    resourceType: "storageAccounts",
    resourceName: "x",
    apiVersion: "2024-01-01",
    properties: {},
  });
  assert.deepEqual(await analyzeWith(pack.session(), POLICY, other), []);
});

test("typed Managed Redis assignment with an accessString (a later azure-native) is checked too", async () => {
  const typed = resource("azure-native:redisenterprise:AccessPolicyAssignment", "t", {
    clusterName: "c",
    databaseName: "default",
    user: { objectId: APP },
    accessString: "allcommands allkeys",
  });
  const ds = await analyzeWith(pack.session(), POLICY, typed);
  assert.equal(ds.length, 1);
  assert.match(
    reported(ds[0]),
    /"t": accessString "allcommands allkeys" grants @dangerous commands .*user\.objectId/,
  );
});
