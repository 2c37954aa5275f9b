/**
 * EntraManagedRedis under Pulumi mocks: data access: one assignment per identity, its Azure name
 * from the object id, written one at a time, policies as access strings; the rules for assignments
 * (alias, objectId, policy, the bound) and custom policy names, with plain and Output values.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { ACCESS_STRING_API_VERSION } from "../../../src/infra/managed-redis/access-api.ts";
import { MANAGED_BUILT_IN_ACCESS } from "../../../src/infra/managed-redis/access-strings.ts";
import { find, later, OID1, OID2, OID3, reset, RG, settle, managedAssignment } from "../mocks.ts";
import {
  namer,
  managedArgs,
  MANAGED_REDIS,
  plainRuleTests,
  outputRuleTests,
  type PlainCase,
  type OutputCase,
} from "../fixtures.ts";
import { EntraManagedRedis, type EntraManagedRedisArgs } from "../../../src/index.ts";

const next = namer("amr");
type Case = PlainCase<EntraManagedRedisArgs>;

describe("EntraManagedRedis resources", () => {
  test('one assignment per identity, Azure name from the object id, written one at a time; no policy is Data Contributor, "default" full access', async () => {
    reset();
    const name = next();
    new EntraManagedRedis(name, {
      ...managedArgs(),
      assignments: [
        { objectId: OID1, alias: "api" },
        { objectId: later(OID2), alias: "worker-jobs", policy: "default" },
        { objectId: OID3, alias: "reporting" },
      ],
    });
    await settle();
    const db = find("azure-native:redisenterprise:Database", `${name}-db`);
    // Keyed by object id where it is a plain value, by alias where it is an Output.
    const chain = [OID1, "worker-jobs", OID3].map((key) => managedAssignment(name, key));
    assert.deepEqual(chain[1].inputs, {
      resourceGroupName: RG,
      resourceProviderNamespace: "Microsoft.Cache",
      parentResourcePath: `redisEnterprise/${name}-cluster/databases/default`,
      resourceType: "accessPolicyAssignments",
      resourceName: OID2.replaceAll("-", ""),
      apiVersion: ACCESS_STRING_API_VERSION,
      // "default" next to identities with access strings: written out as Azure's own default, full access.
      properties: { accessPolicyName: "default", accessString: "+@all ~*", user: { objectId: OID2 } },
    });
    // No policy: Data Contributor, as on Azure Cache for Redis.
    assert.equal(
      (chain[0].inputs.properties as { accessString: string }).accessString,
      MANAGED_BUILT_IN_ACCESS["Data Contributor"],
    );
    for (const r of chain) assert.match(r.inputs.resourceName as string, /^[A-Za-z0-9]{1,60}$/);
    assert.ok(chain[0].dependencies.includes(db.urn));
    chain.forEach((r, i) => {
      if (i > 0)
        assert.ok(r.dependsOn.includes(chain[i - 1].urn), `${r.name} must wait for ${chain[i - 1].name}`);
      for (const later of chain.slice(i + 1)) assert.ok(!r.dependencies.includes(later.urn));
    });
  });
});

const plainCases: Case[] = [
  [
    "policy neither built-in, custom nor default",
    () => ({ ...managedArgs(), assignments: [{ objectId: OID1, alias: "api", policy: "Readers" }] }),
    "assignments[0].policy",
    /"Readers" is not a built-in or custom access policy; use one of "default", "Data Owner"/,
  ],
  ["no assignments", () => ({ ...managedArgs(), assignments: [] }), "assignments", /is empty/],
  [
    "alias invalid",
    () => ({ ...managedArgs(), assignments: [{ objectId: OID1, alias: "my_api" }] }),
    "assignments[0].alias",
    /not a valid assignment name/,
  ],
  [
    "aliases that differ only in hyphens",
    () => ({
      ...managedArgs(),
      assignments: [
        { objectId: OID1, alias: "a-pi" },
        { objectId: OID2, alias: "api" },
      ],
    }),
    "assignments[1].alias",
    /gives the same assignment name "api" as assignments\[0\]/,
  ],
  [
    "alias whose derived name exceeds 60 characters",
    () => ({ ...managedArgs(), assignments: [{ objectId: OID1, alias: "a".repeat(61) }] }),
    "assignments[0].alias",
    /longer than the 60 characters/,
  ],
  [
    "duplicate objectId",
    () => ({
      ...managedArgs(),
      assignments: [
        { objectId: OID1, alias: "api" },
        { objectId: OID1, alias: "worker" },
      ],
    }),
    "assignments[1].objectId",
    /is already assigned/,
  ],
  [
    "objectId not a GUID",
    () => ({ ...managedArgs(), assignments: [{ objectId: "api", alias: "api" }] }),
    "assignments[0].objectId",
    /is not an object id/,
  ],
  // Issue 19 item 1: a custom "default" was taken for the built-in full access (+@all ~*).
  ...["default", "Default", "DEFAULT"].map((name): Case => [
    `custom policy named ${JSON.stringify(name)}, assigned by that name`,
    () => ({
      ...managedArgs(),
      customPolicies: [{ name, permissions: "+@read allkeys" }],
      assignments: [{ objectId: OID1, alias: "api", policy: name }],
    }),
    "customPolicies[0].name",
    /clashes with "default", Azure Managed Redis's built-in full-access policy/,
  ]),
  ...["data owner", "DATA CONTRIBUTOR", "Data Reader"].map((name): Case => [
    `custom policy named like the built-in ${JSON.stringify(name)}`,
    () => ({ ...managedArgs(), customPolicies: [{ name, permissions: "+@read allkeys" }] }),
    "customPolicies[0].name",
    /clashes with the built-in policy "Data (Owner|Contributor|Reader)"/,
  ]),
  [
    "assignments given as an object says so (was: is empty)",
    () => ({ ...managedArgs(), assignments: { objectId: OID1, alias: "api" } as never }),
    "assignments",
    /assignments .* is an object, not a list/,
  ],
  [
    "more assignments than the documented bound (10,000 exhausted memory)",
    () => ({
      ...managedArgs(),
      assignments: Array.from({ length: 10_000 }, (_, i) => ({
        objectId: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
        alias: `app${i}`,
      })),
    }),
    "assignments",
    /assignments "10000 assignments" are more than the 800 one component takes; split the identities/,
  ],
];

describe("EntraManagedRedis input rules (plain values)", () => {
  plainRuleTests(MANAGED_REDIS, next, plainCases);
});

const outputCases: OutputCase<EntraManagedRedisArgs>[] = [
  [
    "objectId Output not a GUID",
    () => ({ ...managedArgs(), assignments: [{ objectId: later("x"), alias: "api" }] }),
    /assignments\[0\]\.objectId "x" is not an object id/,
  ],
  [
    "objectId Output duplicated",
    () => ({
      ...managedArgs(),
      assignments: [
        { objectId: OID1, alias: "api" },
        { objectId: later(OID1), alias: "worker" },
      ],
    }),
    /assignments\[1\]\.objectId .* is already assigned/,
  ],
];

describe("EntraManagedRedis input rules (Output values)", () => {
  outputRuleTests(MANAGED_REDIS, next, outputCases);
});
