/** URNs and aliases as the engine builds them (CreateURN, collapseAliasToUrn, inheritedChildAlias). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { aliasUrns, createUrn, parseUrn } from "../../../src/internal/engine-steps/urn.ts";

const T = "azure-redis-entra:index:EntraRedisCache";

test("a child's URN chains its parent's type; the stack root is left out", () => {
  const parent = createUrn("c", T, undefined, "p", "s");
  assert.equal(parent, `urn:pulumi:s::p::${T}::c`);
  assert.equal(
    createUrn("c-redis", "azure-native:redis:Redis", parent, "p", "s"),
    `urn:pulumi:s::p::${T}$azure-native:redis:Redis::c-redis`,
  );
  const root = "urn:pulumi:s::p::pulumi:pulumi:Stack::p-s";
  assert.equal(createUrn("c", T, root, "p", "s"), `urn:pulumi:s::p::${T}::c`);
  assert.equal(
    parseUrn(`urn:pulumi:s::p::${T}$azure-native:redis:Redis::c-redis`).type,
    "azure-native:redis:Redis",
  );
});

test("alias specs are completed from the resource: a name alias keeps the type and parent, a type alias the name", () => {
  const parent = createUrn("c", T, undefined, "p", "s");
  const urns = aliasUrns(
    "c-assignment-x",
    "azure-native:resources:Resource",
    parent,
    [{ name: "c-assignment-app" }, { type: "azure-native:redisenterprise:AccessPolicyAssignment" }],
    "p",
    "s",
    new Map(),
  );
  assert.deepEqual(urns, [
    `urn:pulumi:s::p::${T}$azure-native:resources:Resource::c-assignment-app`,
    `urn:pulumi:s::p::${T}$azure-native:redisenterprise:AccessPolicyAssignment::c-assignment-x`,
  ]);
});

test("a child inherits its parent's alias, with the parent's old name as its name prefix", () => {
  const newParent = createUrn("d", T, undefined, "p", "s");
  const oldParent = createUrn("c", T, undefined, "p", "s");
  const urns = aliasUrns(
    "d-redis",
    "azure-native:redis:Redis",
    newParent,
    [],
    "p",
    "s",
    new Map([[newParent, oldParent]]),
  );
  assert.deepEqual(urns, [`urn:pulumi:s::p::${T}$azure-native:redis:Redis::c-redis`]);
});
