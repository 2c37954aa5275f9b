import { test } from "node:test";
import assert from "node:assert/strict";
import { analyzeWith, reported, resource, usePack } from "./helpers.ts";

const POLICY = "managed-redis-default-policy";
const OWNER = "11111111-1111-4111-8111-111111111111";
const APP = "22222222-2222-4222-8222-222222222222";
const pack = usePack();
const typed = (objectId: string) =>
  resource("azure-native:redisenterprise:AccessPolicyAssignment", "api", {
    resourceGroupName: "rg",
    clusterName: "c",
    databaseName: "default",
    accessPolicyAssignmentName: "api",
    accessPolicyName: "default",
    user: { objectId },
  });

test("the default policy for an allow-listed id complies", async () => {
  const ds = await analyzeWith(pack.session(), POLICY, typed(OWNER), {
    [POLICY]: { dataOwnerObjectIds: [OWNER] },
  });
  assert.deepEqual(ds, []);
});

test("the default policy for any other id is reported, advisory unless made mandatory", async () => {
  const ds = await analyzeWith(pack.session(), POLICY, typed(APP));
  assert.equal(ds.length, 1);
  assert.equal(ds[0].enforcementLevel, "advisory");
  assert.match(
    reported(ds[0]),
    new RegExp(`"api": accessPolicyName "default" gives user\\.objectId "${APP}" full data access`),
  );
  const strict = await analyzeWith(pack.session(), POLICY, typed(APP), { [POLICY]: "mandatory" });
  assert.deepEqual(
    strict.map((d) => d.enforcementLevel),
    ["mandatory"],
  );
});

test('the generic resource without an access string (how EntraManagedRedis writes "default") is reported the same', async () => {
  const generic = (properties: Record<string, unknown>) =>
    resource("azure-native:resources:Resource", "g", {
      resourceGroupName: "rg",
      resourceProviderNamespace: "Microsoft.Cache",
      parentResourcePath: "redisEnterprise/c/databases/default",
      resourceType: "accessPolicyAssignments",
      resourceName: "g",
      apiVersion: "2026-05-01-preview",
      properties,
    });
  const ds = await analyzeWith(
    pack.session(),
    POLICY,
    generic({ accessPolicyName: "default", user: { objectId: APP } }),
  );
  assert.equal(ds.length, 1);
  assert.equal(ds[0].enforcementLevel, "advisory");
  assert.match(reported(ds[0]), new RegExp(`gives properties\\.user\\.objectId "${APP}" full data access`));
  // With an access string it is redis-data-owner-allow-list's, not this policy's.
  assert.deepEqual(
    await analyzeWith(
      pack.session(),
      POLICY,
      generic({ accessString: "+@read ~*", user: { objectId: APP } }),
    ),
    [],
  );
  assert.deepEqual(
    await analyzeWith(pack.session(), POLICY, generic({ user: { objectId: OWNER } }), {
      [POLICY]: { dataOwnerObjectIds: [OWNER] },
    }),
    [],
  );
});
