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
