/**
 * The engine half of the model against Pulumi's documented step semantics (step_generator.go):
 * matching by URN then alias, create / update / replace / delete, create-before-delete with deletes at
 * the end, delete-before-replace, ignoreChanges, protect.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { applyIgnoreChanges, deriveSteps } from "../../../src/internal/engine-steps/steps.ts";
import { assignment, cache, component, old, reg } from "./fixtures.ts";

const OID = "11111111-1111-4111-8111-111111111111";
const ops = (plan: ReturnType<typeof deriveSteps>) =>
  plan.steps.filter((s) => s.op !== "same").map((s) => `${s.op} ${s.urn.split("::").pop()}`);

test("same inputs: same; a changed body property: update", () => {
  const v1 = [component(), cache(), assignment("a", OID, "app")];
  assert.deepEqual(
    ops(
      deriveSteps(
        v1.map((r) => old(r)),
        v1,
      ),
    ),
    [],
  );
  const v2 = [
    component(),
    cache(),
    {
      ...assignment("a", OID, "app"),
      inputs: { ...assignment("a", OID, "app").inputs, accessPolicyName: "Data Owner" },
    },
  ];
  const plan = deriveSteps(
    v1.map((r) => old(r)),
    v2,
  );
  assert.deepEqual(ops(plan), ["update a"]);
  assert.deepEqual(plan.steps.find((s) => s.op === "update")?.changed, ["accessPolicyName"]);
});

test("a new name is a create, a name gone a delete, and deletes run after every create", () => {
  const v1 = [component(), cache(), assignment("a", OID, "app")];
  const v2 = [component(), cache(), assignment("b", OID, "app")];
  const plan = deriveSteps(
    v1.map((r) => old(r)),
    v2,
  );
  assert.deepEqual(ops(plan), ["create b", "delete a"]);
  const wave = (op: string) => plan.steps.find((s) => s.op === op)!.wave;
  assert.ok(wave("delete") > wave("create"));
});

test("an alias finds the old resource: no create, no delete", () => {
  const v1 = [component(), cache(), assignment("a", OID, "app")];
  const v2 = [component(), cache(), assignment("b", OID, "app", { aliases: [{ name: "a" }] })];
  const plan = deriveSteps(
    v1.map((r) => old(r)),
    v2,
  );
  assert.deepEqual(ops(plan), []);
  assert.equal(plan.steps.find((s) => s.urn.endsWith("::b"))?.aliasOf, v1[2].urn);
});

test("a type alias finds an old resource of another type; its diff decides (here a replacement)", () => {
  const typed = reg("a", "azure-native:redisenterprise:AccessPolicyAssignment", {
    resourceGroupName: "rg",
    clusterName: "k",
    databaseName: "default",
    accessPolicyAssignmentName: "app",
    accessPolicyName: "default",
    user: { objectId: OID },
  });
  const generic = reg(
    "a",
    "azure-native:resources:Resource",
    {
      resourceGroupName: "rg",
      resourceProviderNamespace: "Microsoft.Cache",
      parentResourcePath: "redisEnterprise/k/databases/default",
      resourceType: "accessPolicyAssignments",
      resourceName: "app",
      apiVersion: "2026-05-01-preview",
      properties: { user: { objectId: OID } },
    },
    { aliases: [{ type: "azure-native:redisenterprise:AccessPolicyAssignment" }] },
  );
  const plan = deriveSteps([old(component()), old(typed)], [component(), generic]);
  assert.deepEqual(ops(plan), ["delete-replaced a", "replace a"]);
  const replace = plan.steps.find((s) => s.op === "replace")!;
  assert.equal(replace.deleteBeforeReplace, true, "explicit names: azure-native deletes first");
  assert.deepEqual(replace.replaceKeys, [
    "parentResourcePath",
    "resourceName",
    "resourceProviderNamespace",
    "resourceType",
  ]);
});

test("a replacement of an explicitly named resource deletes first; of an auto-named one creates first", () => {
  const v1 = [component(), cache()];
  const renamed = deriveSteps(
    v1.map((r) => old(r)),
    [component(), cache({ name: "cache2" })],
  );
  assert.deepEqual(ops(renamed), ["delete-replaced c-redis", "replace c-redis"]);
  const del = renamed.steps.find((s) => s.op === "delete-replaced")!;
  assert.ok(del.wave < renamed.steps.find((s) => s.op === "replace")!.wave);
  // Auto-named (no name input): a new random name, created before the old one is deleted at the end.
  const auto = reg("c-redis", "azure-native:redis:Redis", { resourceGroupName: "rg" });
  const moved = deriveSteps(
    [old(component()), old(auto, { inputs: { resourceGroupName: "rg", name: "c-redis1a2b3c4d" } })],
    [component(), { ...auto, inputs: { resourceGroupName: "rg2" } }],
  );
  assert.deepEqual(ops(moved), ["replace c-redis", "delete c-redis"]);
});

test("the program's deleteBeforeReplace overrides the provider", () => {
  const v1 = [component(), cache()];
  const plan = deriveSteps(
    v1.map((r) => old(r)),
    [component(), { ...cache({ name: "cache2" }), deleteBeforeReplace: false }],
  );
  assert.deepEqual(ops(plan), ["replace c-redis", "delete c-redis"]);
});

test("ignoreChanges keeps the old value (and drops what the old inputs lacked)", () => {
  assert.deepEqual(
    applyIgnoreChanges({ a: 1, b: 2, c: { d: 3 } }, { a: 9, c: { d: 4 } }, ["a", "b", "c.d"]),
    { a: 9, c: { d: 4 } },
  );
  const v1 = [component(), cache(), assignment("a", OID, "app")];
  const v2 = [
    component(),
    cache(),
    assignment("a", OID, "frontend", { ignoreChanges: ["accessPolicyAssignmentName"] }),
  ];
  assert.deepEqual(
    ops(
      deriveSteps(
        v1.map((r) => old(r)),
        v2,
      ),
    ),
    ["update a"],
  );
});

test("a protected resource can't be replaced: the engine stops", () => {
  const plan = deriveSteps(
    [old(component()), old(cache(), { protect: true })],
    [component(), { ...cache({ name: "cache2" }), protect: true }],
  );
  assert.match(plan.errors.map((e) => e.message).join("\n"), /currently marked for protection/);
  assert.deepEqual(
    plan.errors.map((e) => e.urn),
    [cache().urn],
  );
});

test("protect is checked on both sides (step_generator.go: new.Protect && old.Protect): lifting it and replacing in one update is allowed, adding it is state only", () => {
  const renamed = { ...cache({ name: "cache2" }) };
  const lifted = deriveSteps([old(component()), old(cache(), { protect: true })], [component(), renamed]);
  assert.deepEqual(lifted.errors, []);
  assert.deepEqual(ops(lifted), ["delete-replaced c-redis", "replace c-redis"]);
  const added = deriveSteps([old(component()), old(cache())], [component(), { ...renamed, protect: true }]);
  assert.deepEqual(added.errors, []);
  assert.deepEqual(
    ops(deriveSteps([old(component()), old(cache())], [component(), { ...cache(), protect: true }])),
    [],
  );
});

test("the refusal says how to lift the protection: protectData when the component guards its data, else protect", () => {
  const byProtectData = deriveSteps([old(component()), old(cache(), { protect: true })], [component()]);
  assert.match(
    byProtectData.errors[0].message,
    /first set protectData: false on EntraRedisCache "c" \(it guards the cache\)/,
  );
  const byProtect = deriveSteps(
    [old(component(), { protect: true }), old(cache(), { protect: true })],
    [{ ...component(), protect: true }],
  );
  assert.match(
    byProtect.errors[0].message,
    /first remove `protect` from c \(a component's protect covers its children\)/,
  );
});

test("a protected resource can't be deleted either: the engine refuses (step.go DeleteStep.Apply)", () => {
  const plan = deriveSteps([old(component()), old(cache(), { protect: true })], [component()]);
  assert.match(
    plan.errors.map((e) => e.message).join("\n"),
    /resource .*c-redis cannot be deleted because it is protected/,
  );
  // Protect left in the program while the resource stays: nothing to refuse.
  assert.deepEqual(
    deriveSteps(
      [old(component()), old(cache(), { protect: true })],
      [component(), { ...cache(), protect: true }],
    ).errors,
    [],
  );
});

test("deletes run dependents first", () => {
  const v1 = [component(), cache(), assignment("a", OID, "app")];
  const plan = deriveSteps(
    v1.map((r) => old(r)),
    [component()],
  );
  const waves = Object.fromEntries(
    plan.steps.filter((s) => s.op === "delete").map((s) => [s.urn.split("::").pop(), s.wave]),
  );
  assert.ok(waves.a! < waves["c-redis"]!, JSON.stringify(waves));
});
