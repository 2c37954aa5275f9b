/**
 * EntraManagedRedis per-identity permissions: built-in and custom policies become access strings on
 * assignments written through the generic resource with the stable API 2026-09-01 (field by field as
 * Azure's own request example), a policy left out is Data Contributor as on the cache, "default" sends
 * no access string (full access), Flash Optimized tiers take them too, a policy change is an in-place
 * update (same URN, same Azure name), and the outputs carry the policy.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { expectRejections, later, OID1, OID2, OID3, reset, resources, RG, settle, value } from "./mocks.ts";
import { EntraManagedRedis, EntraRedisInputError, type EntraManagedRedisArgs } from "../../src/index.ts";
import { ACCESS_STRING_API_VERSION } from "../../src/infra/managed-redis/access-api.ts";
import { MANAGED_BUILT_IN_ACCESS } from "../../src/infra/managed-redis/access-strings.ts";
import { checkAclPermissions } from "../../src/infra/acl-permissions.ts";

const GENERIC = "azure-native:resources:Resource";
const TYPED = "azure-native:redisenterprise:AccessPolicyAssignment";

let n = 0;
const next = () => `amrp${++n}`;

const base = (assignments: EntraManagedRedisArgs["assignments"]): EntraManagedRedisArgs => ({
  resourceGroupName: RG,
  allowPublicNetworkAccess: true,
  assignments,
});

/**
 * The request body of Azure's example for an assignment with a custom access string (REST API
 * 2026-09-01, azure-rest-api-specs redisenterprise stable/2026-09-01
 * examples/RedisEnterpriseAccessPolicyAssignmentCreateUpdateWithCustomAccessString.json; the same body
 * as the preview's and Learn's "configure-access-permissions"), with the placeholders the test fills in.
 */
const SPEC_EXAMPLE_BODY = {
  properties: {
    accessPolicyName: "default",
    accessString: "+@read ~cache:*",
    user: { objectId: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeee0001" },
  },
};

function assignmentsOf(name: string) {
  return resources.filter((r) => r.name.startsWith(`${name}-assignment-`));
}

describe("EntraManagedRedis access strings", () => {
  test("built-in policies map to access strings that pass the ACL checker", () => {
    for (const [policy, access] of Object.entries(MANAGED_BUILT_IN_ACCESS)) {
      const result = checkAclPermissions(access);
      assert.ok(result.ok, `${policy}: ${access}`);
    }
    assert.equal(MANAGED_BUILT_IN_ACCESS["Data Owner"], "+@all ~*");
    assert.match(MANAGED_BUILT_IN_ACCESS["Data Contributor"], /^\+@all -@dangerous .* ~\*$/);
    assert.match(MANAGED_BUILT_IN_ACCESS["Data Reader"], /^\+@read \+@connection .* ~\*$/);
    assert.equal(ACCESS_STRING_API_VERSION, "2026-09-01");
  });

  test("a custom policy's assignment matches Azure's request example field by field", async () => {
    reset();
    const name = next();
    new EntraManagedRedis(name, {
      ...base([{ objectId: OID1, alias: "cache-reader", policy: "cache reader" }]),
      customPolicies: [{ name: "cache reader", permissions: SPEC_EXAMPLE_BODY.properties.accessString }],
      clusterName: "cache1",
    });
    await settle();
    const [a] = assignmentsOf(name);
    assert.equal(a.type, GENERIC);
    assert.deepEqual(a.inputs, {
      resourceGroupName: RG,
      resourceProviderNamespace: "Microsoft.Cache",
      parentResourcePath: "redisEnterprise/cache1/databases/default",
      resourceType: "accessPolicyAssignments",
      // keyed by the object id (hyphens dropped), not the alias: an alias rename leaves Azure alone
      resourceName: OID1.replaceAll("-", ""),
      apiVersion: "2026-09-01",
      properties: { ...SPEC_EXAMPLE_BODY.properties, user: { objectId: OID1 } },
    });
    // The same fields as the example, no more, no fewer.
    assert.deepEqual(
      Object.keys(a.inputs.properties as object).sort(),
      Object.keys(SPEC_EXAMPLE_BODY.properties).sort(),
    );
  });

  test("Data Reader, Data Contributor and a custom policy: every assignment through the generic resource, serialised", async () => {
    reset();
    const name = next();
    const amr = new EntraManagedRedis(name, {
      ...base([
        { objectId: OID1, alias: "reader", policy: "Data Reader" },
        { objectId: OID2, alias: "writer", policy: "data contributor" },
        { objectId: OID3, alias: "admin" },
      ]),
    });
    await settle();
    const list = assignmentsOf(name);
    assert.deepEqual(
      list.map((r) => [r.type, (r.inputs.properties as { accessString: string }).accessString]),
      [
        [GENERIC, MANAGED_BUILT_IN_ACCESS["Data Reader"]],
        [GENERIC, MANAGED_BUILT_IN_ACCESS["Data Contributor"]],
        // No policy: Data Contributor, as on Azure Cache for Redis (least privilege by default).
        [GENERIC, MANAGED_BUILT_IN_ACCESS["Data Contributor"]],
      ],
    );
    assert.equal(resources.filter((r) => r.type === TYPED).length, 0);
    const db = resources.find((r) => r.name === `${name}-db`)!;
    assert.ok(list[0].dependencies.includes(db.urn));
    assert.ok(list[1].dependsOn.includes(list[0].urn));
    assert.ok(list[2].dependsOn.includes(list[1].urn));
    const connections = await value(amr.connections);
    assert.equal(connections.reader.policy, "Data Reader");
    assert.equal(connections.writer.policy, "Data Contributor");
    assert.equal(connections.admin.policy, "Data Contributor");
  });

  test('every assignment "default": still the generic resource (one type whatever the policy), no access string', async () => {
    reset();
    const name = next();
    new EntraManagedRedis(
      name,
      base([
        { objectId: OID1, alias: "api", policy: "default" },
        { objectId: OID2, alias: "jobs", policy: "default" },
      ]),
    );
    await settle();
    const list = assignmentsOf(name);
    assert.deepEqual(
      list.map((r) => r.type),
      [GENERIC, GENERIC],
    );
    assert.deepEqual(list[0].inputs.properties, { accessPolicyName: "default", user: { objectId: OID1 } });
    assert.equal(resources.filter((r) => r.type === TYPED).length, 0);
    // The typed resource earlier releases used is an alias, so their stacks find these assignments.
    assert.ok(
      list[0].aliases.some((a) => "type" in a && a.type === TYPED && a.name === `${name}-assignment-api`),
      JSON.stringify(list[0].aliases),
    );
  });

  test('giving one identity a policy other than "default" keeps every URN (issue 18, finding 1)', async () => {
    const run = async (policy: string) => {
      reset();
      new EntraManagedRedis(
        "flip",
        base([
          { objectId: OID1, alias: "api", policy },
          { objectId: OID2, alias: "jobs" },
        ]),
      );
      await settle();
      return assignmentsOf("flip").map((r) => `${r.type} ${r.urn}`);
    };
    assert.deepEqual(await run("Data Reader"), await run("default"));
  });

  test("switching an identity from Data Reader to Data Contributor keeps its URN and Azure name (an in-place update)", async () => {
    const run = async (policy: string) => {
      reset();
      new EntraManagedRedis("switch", base([{ objectId: OID1, alias: "web-app", policy }]));
      await settle();
      const [a] = assignmentsOf("switch");
      return a;
    };
    const before = await run("Data Reader");
    const after = await run("Data Contributor");
    assert.equal(after.urn, before.urn);
    assert.equal(after.type, before.type);
    const { properties: p1, ...rest1 } = before.inputs;
    const { properties: p2, ...rest2 } = after.inputs;
    assert.deepEqual(rest2, rest1, "only properties change: name, parent path and API version stay");
    assert.notEqual(
      (p2 as { accessString: string }).accessString,
      (p1 as { accessString: string }).accessString,
    );
    assert.deepEqual((p2 as { user: unknown }).user, (p1 as { user: unknown }).user);
  });

  test("Flash Optimized tiers take per-identity access strings too (Learn lists them)", async () => {
    reset();
    const name = next();
    new EntraManagedRedis(name, {
      ...base([
        { objectId: OID1, alias: "api" },
        { objectId: OID2, alias: "reader", policy: "Data Reader" },
      ]),
      sku: "FlashOptimized_A250",
    });
    await settle();
    assert.deepEqual(
      assignmentsOf(name).map((r) => (r.inputs.properties as { accessString?: string }).accessString),
      [MANAGED_BUILT_IN_ACCESS["Data Contributor"], MANAGED_BUILT_IN_ACCESS["Data Reader"]],
    );
  });

  test("unknown policies and bad custom permissions are refused before anything is created", () => {
    assert.throws(
      () => new EntraManagedRedis(next(), base([{ objectId: OID1, alias: "api", policy: "Readers" }])),
      (e: unknown) =>
        e instanceof EntraRedisInputError &&
        e.field === "assignments[0].policy" &&
        /"default", "Data Owner", "Data Contributor", "Data Reader"/.test(e.message),
    );
    assert.throws(
      () =>
        new EntraManagedRedis(next(), {
          ...base([{ objectId: OID1, alias: "api", policy: "bad" }]),
          customPolicies: [{ name: "bad", permissions: "+@read >secret ~*" }],
        }),
      (e: unknown) =>
        e instanceof EntraRedisInputError &&
        e.field === "customPolicies[0].permissions" &&
        !e.message.includes("secret"),
    );
  });

  test("object ids known later are still checked before any assignment is written", async () => {
    reset();
    const name = next();
    const errors = await expectRejections(() => {
      new EntraManagedRedis(
        name,
        base([{ objectId: later("not-a-guid"), alias: "api", policy: "Data Reader" }]),
      );
    });
    assert.ok(errors.some((e) => /assignments\[0\]\.objectId/.test(e.message)));
    assert.equal(assignmentsOf(name).length, 0);
  });
});
