/**
 * upgrade-state's rewrite (src/cli/commands/upgrade-state/rewrite.ts) on the 0.1.0 fixture with typed
 * assignments: exactly README's hand mapping, references rewritten everywhere, secrets copied as
 * they are, refusals (all or nothing), idempotence, typed assignments of the user's own left alone.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { StateRewriteError, upgradeState } from "../../../src/cli/commands/upgrade-state/rewrite.ts";
import { parseExact, stringifyExact } from "../../../src/cli/commands/upgrade-state/json.ts";
import {
  GENERIC,
  handMapped,
  TYPED,
  typedState,
  type ExportedResource,
  type ExportedState,
} from "./typed-010.ts";

const SECRET_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const secret = (ciphertext: string) => ({ [SECRET_KEY]: SECRET_SIG, ciphertext });
const STACK =
  "urn:pulumi:dev::azure-redis-entra-quickstart::pulumi:pulumi:Stack::azure-redis-entra-quickstart-dev";

const find = (s: ExportedState, name: string): ExportedResource => {
  const r = s.deployment.resources.find((x) => x.urn.endsWith(`::${name}`));
  assert.ok(r, name);
  return r;
};
const typedApp = (s: ExportedState) => find(s, "redis-assignment-app");

/** Runs the rewrite and returns the error it throws (asserting the document is left as it was). */
function refusal(s: ExportedState): string {
  const before = JSON.stringify(s);
  let message = "";
  assert.throws(
    () => upgradeState(s, "state.json"),
    (err: unknown) => {
      assert.ok(err instanceof StateRewriteError);
      message = err.message;
      return true;
    },
  );
  assert.equal(JSON.stringify(s), before, "nothing changed when refused");
  assert.match(message, /^state\.json: not rewritten \(nothing was written\)/);
  return message;
}

test("the 0.1.0 fixture with typed assignments: exactly README's hand mapping", () => {
  const state = typedState();
  const from = state.deployment.resources.filter((r) => r.type === TYPED).map((r) => r.urn);
  assert.equal(from.length, 2);
  const result = upgradeState(state, "state.json");
  assert.deepEqual(state, handMapped(typedState()));
  assert.deepEqual(result, {
    rewritten: from.map((u) => ({ from: u, to: u.replace(`$${TYPED}::`, `$${GENERIC}::`) })),
    leftAlone: [],
    stack: "dev",
  });
  // id and outputs kept (the mapping keeps them; asserted here on their own).
  assert.deepEqual(
    { id: typedApp(state).id, outputs: typedApp(state).outputs },
    { id: typedApp(typedState()).id, outputs: typedApp(typedState()).outputs },
  );
});

test("every reference to an old URN is rewritten: dependencies, propertyDependencies, deletedWith, aliases, replaceWith", () => {
  const state = typedState();
  const old = typedApp(state).urn;
  state.deployment.resources.push({
    urn: "urn:pulumi:dev::azure-redis-entra-quickstart::azure-native:cache:Thing::mine",
    custom: true,
    id: "/subscriptions/x/resourceGroups/rg/providers/Example/things/mine",
    type: "azure-native:cache:Thing",
    inputs: { note: old },
    outputs: { note: old },
    parent: STACK,
    dependencies: [old],
    propertyDependencies: { a: [old], b: [] },
    deletedWith: old,
    aliases: [old],
    replaceWith: [old],
  });
  upgradeState(state, "state.json");
  const now = old.replace(`$${TYPED}::`, `$${GENERIC}::`);
  const mine = find(state, "mine");
  assert.deepEqual(
    {
      dependencies: mine.dependencies,
      propertyDependencies: mine.propertyDependencies,
      deletedWith: mine.deletedWith,
      aliases: mine.aliases,
      replaceWith: mine.replaceWith,
    },
    {
      dependencies: [now],
      propertyDependencies: { a: [now], b: [] },
      deletedWith: now,
      aliases: [now],
      replaceWith: [now],
    },
  );
  // The deployer's assignment depended on the app's (the component's write chain).
  assert.ok(find(state, "redis-assignment-deployer").dependencies!.includes(now));
  // Values are the state's own (refreshed by the next update), not references: left as they were.
  assert.deepEqual([mine.inputs.note, mine.outputs!.note], [old, old]);
  const rest = JSON.stringify({
    ...state,
    deployment: { ...state.deployment, resources: state.deployment.resources.filter((r) => r !== mine) },
  });
  assert.ok(!rest.includes(TYPED), "no typed URN or type anywhere else");
});

test("secrets are copied as their ciphertext objects, never decrypted; errors never show them", () => {
  const state = typedState();
  const app = typedApp(state);
  app.inputs.user = { objectId: secret("djE6c2VjcmV0LW9iamVjdC1pZA==") };
  const cluster = find(state, "redis-cluster");
  cluster.outputs!.extra = secret("djE6Y2x1c3Rlci1zZWNyZXQ=");
  cluster.inputs.tags = secret("djE6dGFncw==");
  upgradeState(state, "state.json");
  assert.deepEqual((typedApp(state).inputs.properties as { user: unknown }).user, {
    objectId: secret("djE6c2VjcmV0LW9iamVjdC1pZA=="),
  });
  assert.deepEqual(
    [cluster.outputs!.extra, cluster.inputs.tags],
    [secret("djE6Y2x1c3Rlci1zZWNyZXQ="), secret("djE6dGFncw==")],
  );

  const refused = typedState();
  typedApp(refused).inputs.clusterName = secret("djE6Y2x1c3Rlcg==");
  const message = refusal(refused);
  assert.match(
    message,
    /redis-assignment-app: inputs\.clusterName is a secret \(this command never decrypts\)/,
  );
  assert.doesNotMatch(message, /djE6|ciphertext/);
});

test("refused, naming the resource and what is wrong, with nothing changed", () => {
  const v2 = typedState();
  v2.version = 2;
  assert.match(refusal(v2), /deployment version 2; this rewrites version 3/);

  const pending = typedState();
  pending.deployment.pending_operations = [{ resource: typedApp(pending), type: "creating" }];
  assert.match(refusal(pending), /1 pending operation \(an update was interrupted\)/);

  const extra = typedState();
  typedApp(extra).inputs.accessPolicyAssignmentNames = "x";
  assert.match(refusal(extra), /::redis-assignment-app: unexpected input accessPolicyAssignmentNames/);

  const missing = typedState();
  delete typedApp(missing).inputs.databaseName;
  typedApp(missing).inputs.user = "6a1f3c2e-9b4d-4e7a-8c5f-1d2e3f4a5b6c";
  const m = refusal(missing);
  assert.match(m, /redis-assignment-app: inputs\.databaseName is missing/);
  assert.match(m, /redis-assignment-app: inputs\.user is a string; expected \{ objectId \}/);

  const elsewhere = typedState();
  typedApp(elsewhere).id = String(typedApp(elsewhere).id).replace(
    "/accessPolicyAssignments/app",
    "/accessPolicyAssignments/other",
  );
  assert.match(refusal(elsewhere), /redis-assignment-app: its id is not the assignment its inputs name/);

  const deleting = typedState();
  typedApp(deleting).delete = true;
  assert.match(refusal(deleting), /redis-assignment-app: marked delete/);

  const unknownField = typedState();
  find(unknownField, "redis-cluster").someFutureLink = typedApp(unknownField).urn;
  assert.match(refusal(unknownField), /::redis-cluster: someFutureLink name an assignment's URN/);

  const child = typedState();
  child.deployment.resources.push({
    ...find(child, "redis-pe-dns"),
    urn: `${typedApp(child).urn}-x`,
    parent: typedApp(child).urn,
  });
  assert.match(refusal(child), /redis-assignment-app: has children/);

  assert.throws(
    () => upgradeState({ resources: [] }, "x.json"),
    /x\.json: not rewritten .*\n.*not a `pulumi stack export` file/,
  );
});

test("idempotent: a second run finds nothing and changes nothing", () => {
  const state = typedState();
  upgradeState(state, "state.json");
  const once = JSON.stringify(state);
  const again = upgradeState(state, "state.json");
  assert.deepEqual(again.rewritten, []);
  assert.equal(JSON.stringify(state), once);
});

test("a typed assignment that is not a child of an EntraManagedRedis is left alone", () => {
  const state = typedState();
  const app = typedApp(state);
  const own = (name: string, parent: string, chain: string): ExportedResource => ({
    ...structuredClone(app),
    urn: `urn:pulumi:dev::azure-redis-entra-quickstart::${chain}::${name}`,
    parent,
  });
  const mineTop = own("my-assignment", STACK, TYPED);
  const comp = "urn:pulumi:dev::azure-redis-entra-quickstart::my:index:Access::access";
  const mineInComponent = own("my-nested", comp, `my:index:Access$${TYPED}`);
  state.deployment.resources.push(
    { urn: comp, custom: false, type: "my:index:Access", inputs: {}, parent: STACK },
    mineTop,
    mineInComponent,
  );
  const before = structuredClone([mineTop, mineInComponent]);
  const result = upgradeState(state, "state.json");
  assert.deepEqual(result.leftAlone, [mineTop.urn, mineInComponent.urn]);
  assert.equal(result.rewritten.length, 2);
  assert.deepEqual([mineTop, mineInComponent], before);
});

test("the file's numbers keep their text (a 64-bit integer, 1.0)", () => {
  const text =
    '{\n    "a": 12345678901234567891,\n    "b": 1.0,\n    "c": [\n        0.5,\n        7\n    ]\n}\n';
  assert.equal(stringifyExact(parseExact(text)), text);
});
