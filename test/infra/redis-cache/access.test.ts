/**
 * EntraRedisCache under Pulumi mocks: data access: custom policies written before the assignments,
 * every write after the previous one; the rules for assignments (alias, objectId, policy, the bound of
 * 800) and custom policies (names, ACL permissions, passwords never shown), with plain and Output values.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { find, later, OID1, OID2, OID3, reset, resources, RG, settle, cacheAssignment } from "../mocks.ts";
import {
  namer,
  cacheArgs,
  REDIS_CACHE,
  plainRuleTests,
  oneSentenceTest,
  outputRuleTests,
  type PlainCase,
  type OutputCase,
} from "../fixtures.ts";
import { EntraRedisCache, EntraRedisInputError, type EntraRedisCacheArgs } from "../../../src/index.ts";

const next = namer("cache");
type Case = PlainCase<EntraRedisCacheArgs>;

describe("EntraRedisCache resources", () => {
  test("custom policies are written before the assignments, and every write waits for the previous one", async () => {
    reset();
    const name = next();
    new EntraRedisCache(name, {
      ...cacheArgs(),
      customPolicies: [
        { name: "Reports Read Only", permissions: "+@read +@connection -keys ~reports:*" },
        { name: "Stats Writer", permissions: "+@write +@read ~stats:*" },
      ],
      assignments: [
        { objectId: OID1, alias: "app", policy: "Data Owner" },
        { objectId: later(OID2), alias: "reporting", policy: "Reports Read Only" },
        { objectId: OID3, alias: "stats-job", policy: "Stats Writer" },
      ],
    });
    await settle();
    const cache = find("azure-native:redis:Redis", `${name}-redis`);
    const chain = [
      find("azure-native:redis:AccessPolicy", `${name}-policy-Reports Read Only`),
      find("azure-native:redis:AccessPolicy", `${name}-policy-Stats Writer`),
      cacheAssignment(name, "app"),
      cacheAssignment(name, "reporting"),
      cacheAssignment(name, "stats-job"),
    ];
    assert.deepEqual(chain[0].inputs, {
      resourceGroupName: RG,
      cacheName: `${name}-redis`,
      accessPolicyName: "Reports Read Only",
      permissions: "+@read +@connection -keys ~reports:*",
    });
    assert.equal(chain[3].inputs.objectId, OID2);
    assert.equal(chain[3].inputs.accessPolicyName, "Reports Read Only");
    assert.ok(chain[0].dependencies.includes(cache.urn), "the first write waits for the cache");
    chain.forEach((r, i) => {
      if (i > 0)
        assert.ok(r.dependsOn.includes(chain[i - 1].urn), `${r.name} must depend on ${chain[i - 1].name}`);
      // A total order: no write depends on a later one.
      for (const later of chain.slice(i + 1)) assert.ok(!r.dependencies.includes(later.urn));
    });
    // Registration order follows the chain too.
    const order = resources.filter((r) => chain.includes(r)).map((r) => r.name);
    assert.deepEqual(
      order,
      chain.map((r) => r.name),
    );
  });
});

const plainCases: Case[] = [
  [
    "no assignments",
    () => ({ ...cacheArgs(), assignments: [] }),
    "assignments",
    /is empty; assign at least one identity/,
  ],
  [
    "alias with a space",
    () => ({ ...cacheArgs(), assignments: [{ objectId: OID1, alias: "my app" }] }),
    "assignments[0].alias",
    /"my app" is not a valid assignment name; use 3-63 letters, digits or hyphens/,
  ],
  [
    "alias too short",
    () => ({ ...cacheArgs(), assignments: [{ objectId: OID1, alias: "ab" }] }),
    "assignments[0].alias",
    /not a valid assignment name/,
  ],
  [
    "alias ending with a hyphen",
    () => ({ ...cacheArgs(), assignments: [{ objectId: OID1, alias: "app-" }] }),
    "assignments[0].alias",
    /not a valid assignment name/,
  ],
  [
    "duplicated alias",
    () => ({
      ...cacheArgs(),
      assignments: [
        { objectId: OID1, alias: "app" },
        { objectId: OID2, alias: "APP" },
      ],
    }),
    "assignments[1].alias",
    /is already used by assignments\[0\]/,
  ],
  [
    "the same objectId twice",
    () => ({
      ...cacheArgs(),
      assignments: [
        { objectId: OID1, alias: "app" },
        { objectId: OID1.toUpperCase(), alias: "other" },
      ],
    }),
    "assignments[1].objectId",
    /is already assigned by assignments\[0\]\.objectId; give each identity one assignment/,
  ],
  [
    "objectId not a GUID",
    () => ({ ...cacheArgs(), assignments: [{ objectId: "my-identity", alias: "app" }] }),
    "assignments[0].objectId",
    /"my-identity" is not an object id \(a GUID\)/,
  ],
  [
    "objectId a group path",
    () => ({ ...cacheArgs(), assignments: [{ objectId: `/groups/${OID1}`, alias: "app" }] }),
    "assignments[0].objectId",
    /Entra groups can't be assigned/,
  ],
  [
    "unknown policy name",
    () => ({ ...cacheArgs(), assignments: [{ objectId: OID1, alias: "app", policy: "Data Writer" }] }),
    "assignments[0].policy",
    /"Data Writer" is not a built-in or custom access policy; use one of "Data Owner", "Data Contributor", "Data Reader"/,
  ],
  [
    "custom policy name invalid",
    () => ({ ...cacheArgs(), customPolicies: [{ name: "x!", permissions: "+@read allkeys" }] }),
    "customPolicies[0].name",
    /is not a valid access policy name/,
  ],
  [
    "custom policy name too short",
    () => ({ ...cacheArgs(), customPolicies: [{ name: "ab", permissions: "+@read allkeys" }] }),
    "customPolicies[0].name",
    /is not a valid access policy name/,
  ],
  [
    "custom policy name clashing with a built-in",
    () => ({ ...cacheArgs(), customPolicies: [{ name: "data reader", permissions: "+@read allkeys" }] }),
    "customPolicies[0].name",
    /clashes with the built-in policy "Data Reader"/,
  ],
  // Issue 19 item 1: names built in on either service are refused on both, in any case.
  ...["default", "DEFAULT", "DATA OWNER", "data contributor"].map((name): Case => [
    `custom policy named like the built-in ${JSON.stringify(name)}`,
    () => ({ ...cacheArgs(), customPolicies: [{ name, permissions: "+@read allkeys" }] }),
    "customPolicies[0].name",
    /clashes with (the built-in policy "Data (Owner|Contributor)"|"default", Azure Managed Redis's built-in)/,
  ]),
  // Issue 19 item 9: a policy list given as an object, a permissions list: the password is hidden.
  [
    "customPolicies as an object with a password inside",
    () => ({
      ...cacheArgs(),
      customPolicies: { reader: { name: "reader", permissions: "+@read >hunter2" } } as never,
    }),
    "customPolicies",
    /customPolicies \{"reader":\{"name":"reader","permissions":"\+@read >\*\*\*"\}\} is not a list/,
  ],
  [
    "permissions as a list holding a password",
    () => ({ ...cacheArgs(), customPolicies: [{ name: "reader", permissions: [">hunter2"] as never }] }),
    "customPolicies[0].permissions",
    /customPolicies\[0\]\.permissions \[">\*\*\*"\] is not a string/,
  ],
  [
    "801 assignments, one over the bound",
    () => ({
      ...cacheArgs(),
      assignments: Array.from({ length: 801 }, (_, i) => ({
        objectId: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
        alias: `app${i}`,
      })),
    }),
    "assignments",
    /"801 assignments" are more than the 800 one component takes/,
  ],
  [
    "custom policy name used twice",
    () => ({
      ...cacheArgs(),
      customPolicies: [
        { name: "Readers", permissions: "+@read allkeys" },
        { name: "readers", permissions: "+@read allkeys" },
      ],
    }),
    "customPolicies[1].name",
    /is already used by customPolicies\[0\]/,
  ],
  [
    "unknown ACL category",
    () => ({ ...cacheArgs(), customPolicies: [{ name: "Readers", permissions: "+@reed allkeys" }] }),
    "customPolicies[0].permissions",
    /unknown ACL category/,
  ],
  [
    "user-management rule on",
    () => ({ ...cacheArgs(), customPolicies: [{ name: "Readers", permissions: "on +@read allkeys" }] }),
    "customPolicies[0].permissions",
    /"on/,
  ],
  [
    "user-management rule nopass",
    () => ({ ...cacheArgs(), customPolicies: [{ name: "Readers", permissions: "+@read nopass" }] }),
    "customPolicies[0].permissions",
    /nopass/,
  ],
];

describe("EntraRedisCache input rules (plain values)", () => {
  plainRuleTests(REDIS_CACHE, next, plainCases);

  test("a password in permissions never appears in the error", () => {
    assert.throws(
      () =>
        new EntraRedisCache(next(), {
          ...cacheArgs(),
          customPolicies: [{ name: "Readers", permissions: "+@read >hunter2secret allkeys" }],
        }),
      (err: unknown) => {
        assert.ok(err instanceof EntraRedisInputError);
        assert.equal(err.field, "customPolicies[0].permissions");
        assert.doesNotMatch(err.message, /hunter2secret/);
        assert.doesNotMatch(err.stack ?? "", /hunter2secret/);
        return true;
      },
    );
  });

  oneSentenceTest(REDIS_CACHE, next, plainCases);
});

const outputCases: OutputCase<EntraRedisCacheArgs>[] = [
  [
    "objectId Output not a GUID",
    () => ({
      ...cacheArgs(),
      assignments: [
        { objectId: OID1, alias: "app" },
        { objectId: later("not-a-guid"), alias: "other" },
      ],
    }),
    /assignments\[1\]\.objectId "not-a-guid" is not an object id/,
  ],
  [
    "objectId Output equal to another assignment's",
    () => ({
      ...cacheArgs(),
      assignments: [
        { objectId: OID1, alias: "app" },
        { objectId: later(OID1), alias: "other" },
      ],
    }),
    /assignments\[1\]\.objectId "11111111-1111-4111-8111-111111111111" is already assigned by assignments\[0\]\.objectId/,
  ],
  [
    "two Output objectIds equal",
    () => ({
      ...cacheArgs(),
      assignments: [
        { objectId: later(OID2), alias: "app" },
        { objectId: later(OID2), alias: "other" },
      ],
    }),
    /assignments\[1\]\.objectId .* is already assigned/,
  ],
];

describe("EntraRedisCache input rules (Output values)", () => {
  outputRuleTests(REDIS_CACHE, next, outputCases);
});
