/** Helpers a Pulumi user expects: built-in policy names and the deploying identity's object id. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { cacheAssignment, calls, OID1, reset, RG, settle, value } from "./mocks.ts";
import { BuiltInPolicies, currentPrincipal, EntraRedisCache } from "../../src/index.ts";

test("BuiltInPolicies names Azure's three built-in data access policies", () => {
  assert.deepEqual(
    { ...BuiltInPolicies },
    { DataOwner: "Data Owner", DataContributor: "Data Contributor", DataReader: "Data Reader" },
  );
});

test("currentPrincipal() is the objectId from authorization.getClientConfig", async () => {
  reset();
  const id = await value(currentPrincipal());
  assert.equal(id, "d0000000-0000-4000-8000-00000000000d");
  assert.ok(calls.some((c) => c.token === "azure-native:authorization:getClientConfig"));
});

test("currentPrincipal() and BuiltInPolicies plug into assignments", async () => {
  reset();
  const c = new EntraRedisCache("smoke", {
    resourceGroupName: RG,
    allowPublicNetworkAccess: true,
    assignments: [
      { objectId: OID1, alias: "app", policy: BuiltInPolicies.DataContributor },
      { objectId: currentPrincipal(), alias: "deployer", policy: BuiltInPolicies.DataReader },
    ],
  });
  await settle();
  const a = cacheAssignment("smoke", "deployer");
  assert.equal(a.inputs.objectId, "d0000000-0000-4000-8000-00000000000d");
  assert.equal(a.inputs.accessPolicyName, "Data Reader");
  assert.equal((await value(c.connections))["deployer"].username, "d0000000-0000-4000-8000-00000000000d");
});
