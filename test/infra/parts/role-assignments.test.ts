/**
 * Control-plane role assignments under Pulumi mocks: scope, role definition id (built-in names from
 * the table, GUIDs, full ids), deterministic names (UUID v5 of scope, principal and role), principal
 * types, and the checks (GUIDs, duplicates, roles of the other service), plain and Output.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { children, expectRejections, find, later, OID1, OID2, reset, RG, settle, SUB } from "../mocks.ts";
import {
  BUILT_IN_ROLES,
  EntraManagedRedis,
  EntraRedisCache,
  EntraRedisInputError,
  type EntraManagedRedisArgs,
  type EntraRedisCacheArgs,
  type RoleAssignmentArgs,
} from "../../../src/index.ts";
import { roleAssignmentName, roleAssignmentResourceName } from "../../../src/infra/parts/role-assignments.ts";
import { GROUP_ID } from "./ops.ts";

let n = 0;
const next = () => `role${++n}`;
const ROLE = "azure-native:authorization:RoleAssignment";
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const cache = (roleAssignments: RoleAssignmentArgs[]): EntraRedisCacheArgs => ({
  resourceGroupName: RG,
  assignments: [{ objectId: OID1, alias: "app" }],
  allowPublicNetworkAccess: true,
  roleAssignments,
});
const managed = (roleAssignments: RoleAssignmentArgs[]): EntraManagedRedisArgs => ({
  resourceGroupName: RG,
  assignments: [{ objectId: OID1, alias: "app" }],
  allowPublicNetworkAccess: true,
  roleAssignments,
});
const roleDef = (guid: string) =>
  `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;

describe("role assignments: resources", () => {
  test("built-in names map to their definition ids in the scope's subscription, scoped to the cache", async () => {
    reset();
    const name = next();
    new EntraRedisCache(
      name,
      cache([
        { principalId: GROUP_ID, role: "Redis Cache Contributor", principalType: "Group" },
        { principalId: OID2, role: "monitoring reader" },
      ]),
    );
    await settle();
    const scope = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/mock/Redis/${name}-redis`;
    const redis = find("azure-native:redis:Redis", `${name}-redis`);
    const r0 = find(
      ROLE,
      roleAssignmentResourceName(name, 0, GROUP_ID, "e0f68234-74aa-48ed-b826-c38b57376e17"),
    );
    const r1 = find(ROLE, roleAssignmentResourceName(name, 1, OID2, "43d0d8ad-25c7-4714-9337-8ba259a9fe05"));
    assert.equal(r0.inputs.scope, scope);
    assert.equal(r0.inputs.principalId, GROUP_ID);
    assert.equal(r0.inputs.principalType, "Group");
    assert.equal(r0.inputs.roleDefinitionId, roleDef("e0f68234-74aa-48ed-b826-c38b57376e17"));
    assert.equal(r1.inputs.roleDefinitionId, roleDef("43d0d8ad-25c7-4714-9337-8ba259a9fe05"));
    // Left out, azure-native sends the REST API's default, "User" (README says to set it for identities).
    assert.equal(r1.inputs.principalType, "User");
    assert.ok(r0.dependencies.includes(redis.urn));
    assert.match(String(r0.inputs.roleAssignmentName), GUID);
    assert.equal(
      r0.inputs.roleAssignmentName,
      roleAssignmentName(scope, GROUP_ID, "e0f68234-74aa-48ed-b826-c38b57376e17"),
    );
    assert.notEqual(r0.inputs.roleAssignmentName, r1.inputs.roleAssignmentName);
  });

  test("names are deterministic: the same scope, principal and role give the same name, in any case", () => {
    const scope = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Cache/Redis/orders`;
    const a = roleAssignmentName(scope, OID1, "acdd72a7-3385-48ef-bd42-f606fba81ae7");
    assert.equal(
      a,
      roleAssignmentName(scope.toUpperCase(), OID1.toUpperCase(), "acdd72a7-3385-48ef-bd42-f606fba81ae7"),
    );
    assert.notEqual(a, roleAssignmentName(scope, OID2, "acdd72a7-3385-48ef-bd42-f606fba81ae7"));
    assert.notEqual(a, roleAssignmentName(scope, OID1, "b24988ac-6180-42a0-ab88-20f7382dd24c"));
    assert.notEqual(
      a,
      roleAssignmentName(scope.replace("orders", "other"), OID1, "acdd72a7-3385-48ef-bd42-f606fba81ae7"),
    );
  });

  test("a role definition GUID and a full id are accepted; Output principal ids too", async () => {
    reset();
    const name = next();
    const full = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/aaaaaaaa-0000-4000-8000-000000000001`;
    new EntraManagedRedis(
      name,
      managed([
        { principalId: later(OID1), role: "AAAAAAAA-0000-4000-8000-000000000002" },
        { principalId: OID2, role: full },
        { principalId: OID2, role: "Azure Managed Redis Reader", principalType: "ServicePrincipal" },
      ]),
    );
    await settle();
    const cluster = find("azure-native:redisenterprise:RedisEnterprise", `${name}-cluster`);
    assert.equal(
      find(ROLE, `${name}-role-0`).inputs.roleDefinitionId,
      roleDef("aaaaaaaa-0000-4000-8000-000000000002"),
    );
    assert.equal(find(ROLE, `${name}-role-0`).inputs.principalId, OID1);
    // Output principal id: named by position; plain ones by principal and role.
    assert.equal(
      find(ROLE, roleAssignmentResourceName(name, 1, OID2, "aaaaaaaa-0000-4000-8000-000000000001")).inputs
        .roleDefinitionId,
      full,
    );
    const r2 = find(ROLE, roleAssignmentResourceName(name, 2, OID2, "f287ba2f-f923-4464-a5bd-721c3951d32d"));
    assert.equal(r2.inputs.roleDefinitionId, roleDef("f287ba2f-f923-4464-a5bd-721c3951d32d"));
    assert.match(String(r2.inputs.scope), /\/mock\/RedisEnterprise\//);
    assert.ok(r2.dependencies.includes(cluster.urn));
  });

  test("reordering, inserting or removing entries keeps every other assignment's Pulumi name and inputs", async () => {
    const entries: RoleAssignmentArgs[] = [
      { principalId: GROUP_ID, role: "Redis Cache Contributor", principalType: "Group" },
      { principalId: OID2, role: "Reader" },
      { principalId: OID1, role: "Monitoring Reader", principalType: "ServicePrincipal" },
    ];
    const run = async (list: RoleAssignmentArgs[]) => {
      reset();
      new EntraRedisCache("reorder", cache(list));
      await settle();
      return new Map(
        children("reorder")
          .filter((r) => r.type === ROLE)
          .map((r) => [r.name, JSON.stringify([r.inputs.principalId, r.inputs.roleDefinitionId])]),
      );
    };
    const before = await run(entries);
    assert.equal(before.size, 3);
    assert.ok([...before.keys()].every((k) => /^reorder-role-[0-9a-f]{12}$/.test(k)));
    // Reversed: the same three names, each with the same principal and role.
    assert.deepEqual(await run([...entries].reverse()), before);
    // The first removed and a new one put in front: the other two keep name, principal and role.
    const after = await run([{ principalId: OID1, role: "Reader" }, entries[1], entries[2]]);
    for (const [kept, guid] of [
      [entries[1], "acdd72a7-3385-48ef-bd42-f606fba81ae7"],
      [entries[2], "43d0d8ad-25c7-4714-9337-8ba259a9fe05"],
    ] as const) {
      const key = roleAssignmentResourceName("reorder", 0, kept.principalId, guid);
      assert.ok(before.has(key), key);
      assert.equal(after.get(key), before.get(key));
    }
    assert.equal(after.size, 3);
  });

  test("description and condition are sent; a condition goes with conditionVersion 2.0", async () => {
    reset();
    const name = next();
    const condition =
      "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {43d0d8ad-25c7-4714-9337-8ba259a9fe05}))";
    new EntraRedisCache(
      name,
      cache([
        {
          principalId: GROUP_ID,
          role: "Role Based Access Control Administrator",
          principalType: "Group",
          description: "Platform team may grant Monitoring Reader only",
          condition,
        },
        { principalId: OID2, role: "Reader" },
      ]),
    );
    await settle();
    const delegated = find(
      ROLE,
      roleAssignmentResourceName(name, 0, GROUP_ID, "f58310d9-a9f6-439a-9e8d-f62e7b41a168"),
    );
    const plain = find(
      ROLE,
      roleAssignmentResourceName(name, 1, OID2, "acdd72a7-3385-48ef-bd42-f606fba81ae7"),
    );
    assert.equal(delegated.inputs.description, "Platform team may grant Monitoring Reader only");
    assert.equal(delegated.inputs.condition, condition);
    assert.equal(delegated.inputs.conditionVersion, "2.0");
    assert.equal(plain.inputs.condition, undefined);
    assert.equal(plain.inputs.conditionVersion, undefined);
    assert.equal(plain.inputs.description, undefined);
  });

  test("the role table has unique names and GUID ids", () => {
    const names = BUILT_IN_ROLES.map((r) => r.name.toLowerCase());
    assert.equal(new Set(names).size, names.length);
    for (const r of BUILT_IN_ROLES)
      assert.match(r.id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal(
      BUILT_IN_ROLES.find((r) => r.name === "Redis Cache Contributor")?.id,
      "e0f68234-74aa-48ed-b826-c38b57376e17",
    );
  });
});

type PlainCase = [title: string, build: (name: string) => void, field: string, message: RegExp];
const plainCases: PlainCase[] = [
  [
    "empty description",
    (nm) => new EntraRedisCache(nm, cache([{ principalId: OID1, role: "Reader", description: " " }])),
    "roleAssignments[0].description",
    /is not a non-empty string/,
  ],
  [
    "condition not a string",
    (nm) => new EntraRedisCache(nm, cache([{ principalId: OID1, role: "Reader", condition: 2 as never }])),
    "roleAssignments[0].condition",
    /is not a non-empty string; give an ABAC condition expression/,
  ],
  [
    "principal id not a GUID",
    (nm) => new EntraRedisCache(nm, cache([{ principalId: "ops-team", role: "Reader" }])),
    "roleAssignments[0].principalId",
    /"ops-team" is not a principal \(object\) id/,
  ],
  [
    "unknown role name",
    (nm) => new EntraRedisCache(nm, cache([{ principalId: OID1, role: "Redis Reader" }])),
    "roleAssignments[0].role",
    /is not a built-in role name or a role definition id; use one of "Owner", .*"Redis Cache Contributor"/,
  ],
  [
    "a Managed Redis role on the cache",
    (nm) => new EntraRedisCache(nm, cache([{ principalId: OID1, role: "Azure Managed Redis Contributor" }])),
    "roleAssignments[0].role",
    /is a role for Azure Managed Redis resources; use "Redis Cache Contributor"/,
  ],
  [
    "the cache role on Managed Redis",
    (nm) => new EntraManagedRedis(nm, managed([{ principalId: OID1, role: "Redis Cache Contributor" }])),
    "roleAssignments[0].role",
    /is a role for Azure Cache for Redis resources; use "Azure Managed Redis Contributor"/,
  ],
  [
    "a malformed role definition id",
    (nm) =>
      new EntraRedisCache(
        nm,
        cache([{ principalId: OID1, role: "/providers/Microsoft.Authorization/roleDefinitions/xyz" }]),
      ),
    "roleAssignments[0].role",
    /is not a built-in role name or a role definition id/,
  ],
  [
    "an unknown principal type",
    (nm) =>
      new EntraRedisCache(nm, cache([{ principalId: OID1, role: "Reader", principalType: "App" as "User" }])),
    "roleAssignments[0].principalType",
    /is not a principal type; use "User", "Group", "ServicePrincipal", "ForeignGroup" or "Device"/,
  ],
  [
    "the same role twice for one principal",
    (nm) =>
      new EntraRedisCache(
        nm,
        cache([
          { principalId: OID1, role: "Reader" },
          { principalId: OID1.toUpperCase(), role: "acdd72a7-3385-48ef-bd42-f606fba81ae7" },
        ]),
      ),
    "roleAssignments[1].principalId",
    /already has this role from roleAssignments\[0\]/,
  ],
  [
    "not a list",
    (nm) =>
      new EntraRedisCache(
        nm,
        cache({ principalId: OID1, role: "Reader" } as unknown as RoleAssignmentArgs[]),
      ),
    "roleAssignments",
    /is not a list/,
  ],
];

describe("role assignments: rules (plain values, before anything is registered)", () => {
  for (const [title, build, field, message] of plainCases) {
    test(title, () => {
      const name = next();
      assert.throws(
        () => build(name),
        (err: unknown) => {
          assert.ok(err instanceof EntraRedisInputError, String(err));
          assert.equal(err.field, field);
          assert.match(err.message, message);
          return true;
        },
      );
      assert.deepEqual(children(name), []);
    });
  }

  test("one principal may have different roles", async () => {
    reset();
    const name = next();
    new EntraRedisCache(
      name,
      cache([
        { principalId: OID1, role: "Reader" },
        { principalId: OID1, role: "Monitoring Reader" },
      ]),
    );
    await settle();
    assert.equal(children(name).filter((r) => r.type === ROLE).length, 2);
  });
});

type OutputCase = [title: string, roles: () => RoleAssignmentArgs[], message: RegExp];
const outputCases: OutputCase[] = [
  [
    "an Output principal id that is not a GUID",
    () => [{ principalId: later("not-a-guid"), role: "Reader" }],
    /roleAssignments\[0\]\.principalId "not-a-guid" is not a principal/,
  ],
  [
    "an Output principal id duplicating a role",
    () => [
      { principalId: OID1, role: "Reader" },
      { principalId: later(OID1), role: "Reader" },
    ],
    /roleAssignments\[1\]\.principalId .* already has this role/,
  ],
];

describe("role assignments: rules (Output values, before any child is registered)", () => {
  for (const [title, roles, message] of outputCases) {
    test(title, async () => {
      reset();
      const name = next();
      const errors = await expectRejections(() => {
        new EntraManagedRedis(name, managed(roles()));
      });
      assert.ok(errors.length > 0);
      for (const err of errors) {
        assert.ok(err instanceof EntraRedisInputError, err.message);
        assert.match(err.message, message);
      }
      assert.deepEqual(
        children(name).map((r) => r.type),
        ["azure-redis-entra:index:EntraManagedRedis"],
      );
    });
  }
});
