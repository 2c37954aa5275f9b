/**
 * `preview --baseline`: the quick start (index.ts) against hand-written `pulumi stack export` files
 * (deployment version 3, written from Pulumi's schema: test/cli/fixtures/baseline/), then an edit:
 * the plan as `pulumi preview` shows it, hazards in words, `--fail-on-hazard`, secrets masked; a
 * state from 0.1.0; a state without the component (adoption); an earlier `preview --json`.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli, ROOT } from "./helpers.ts";
import { handMapped, typedState } from "./upgrade-state/typed-010.ts";

const FIXTURES = join(ROOT, "test/cli/fixtures/baseline");
const tmp = mkdtempSync(join(tmpdir(), "baseline-test-"));
const preview = (...args: string[]) => runCli(["preview", "--stack", "dev", ...args], { timeoutMs: 180_000 });

interface PlanDoc {
  ok: boolean;
  plan: {
    rows: { op: string; name: string; changed: string[]; replaceKeys: string[]; deleteFirst?: boolean }[];
    hazards: { kind: string; message: string }[];
  };
}

// Each test previews in its own CLI process against a fixture or its own file in tmp: up to four at once.
describe("preview --baseline", { concurrency: 4 }, () => {
  test("the quick start's own state, then an edit: an in-place update of the cluster, no hazard; secrets stay masked", async () => {
    const same = await preview("--baseline", join(FIXTURES, "quickstart.json"));
    assert.equal(same.code, 0, same.stderr);
    assert.match(same.stdout, /Update plan against .*quickstart\.json \(13 resources, stack-export\)/);
    const sameDoc = JSON.parse(
      (await preview("--baseline", join(FIXTURES, "quickstart.json"), "--json")).stdout,
    ) as PlanDoc;
    // Only what the export differs in from the program: the tag the program doesn't set, the
    // deploying identity (the mock runtime's placeholder, not the one who ran `pulumi up`), and the
    // assignments' move from the preview API the export was written with to the stable 2026-09-01
    // (in place: apiVersion is a query parameter of the generic resource).
    assert.deepEqual(
      sameDoc.plan.rows.map((r) => `${r.op} ${r.name} ${r.changed.join(",")}`),
      [
        "update redis-entra-quickstart tags",
        "update redis-assignment-app apiVersion",
        "update redis-assignment-deployer apiVersion,properties",
      ],
    );
    const edited = await preview(
      "--baseline",
      join(FIXTURES, "quickstart.json"),
      "-c",
      "publicAccess=true",
      "--json",
    );
    assert.equal(edited.code, 0, edited.stderr);
    const doc = JSON.parse(edited.stdout) as PlanDoc;
    const cluster = doc.plan.rows.find((r) => r.name === "redis-cluster");
    assert.deepEqual(cluster && { op: cluster.op, changed: cluster.changed }, {
      op: "update",
      changed: ["publicNetworkAccess"],
    });
    assert.deepEqual(doc.plan.hazards, []);
    // The export's secrets (a tag, the identity's client id) are never decrypted or printed.
    for (const out of [same.stdout, edited.stdout]) assert.doesNotMatch(out, /ciphertext|c2VjcmV0|Y2xpZW50/);
  });

  test("a state from 0.1.0 (assignments named by alias): the upgrade changes nothing in Azure", async () => {
    const r = await preview("--baseline", join(FIXTURES, "quickstart-0.1.0.json"), "--json");
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as PlanDoc;
    assert.deepEqual(
      doc.plan.rows.filter(
        (x) => x.op !== "update" || (x.name === "redis-assignment-app" && x.changed.join() !== "apiVersion"),
      ),
      [],
      "the app's assignment keeps its Azure name (ignoreChanges) and URN, only its API version moves to the stable one; nothing created, replaced or deleted",
    );
    assert.deepEqual(doc.plan.hazards, []);
  });

  test('a 0.1.0 state with typed "default" assignments: replaced, delete first, access lost; --fail-on-hazard exits 1', async () => {
    const file = join(tmp, "typed.json");
    writeFileSync(file, JSON.stringify(typedState()));
    const text = await preview("--baseline", file, "--fail-on-hazard");
    assert.equal(text.code, 1, "a hazard fails the command");
    assert.match(
      text.stdout,
      /\+- replace azure-native:resources:Resource redis-assignment-app \[replace: .*deleted before the new one is created\] \(was redis-assignment-app\)/,
    );
    assert.match(
      text.stdout,
      /! access-lost: identity 6a1f3c2e-9b4d-4e7a-8c5f-1d2e3f4a5b6c loses its access/,
    );
    const json = await preview("--baseline", file, "--fail-on-hazard", "--json");
    assert.equal(json.code, 1);
    const doc = JSON.parse(json.stdout) as PlanDoc;
    assert.equal(doc.ok, false);
    assert.ok(doc.plan.hazards.some((h) => h.kind === "access-lost"));
  });

  test("the same state rewritten as README says (typed → generic, before upgrading): no replacement, no hazard", async () => {
    // The mapping README gives (what `upgrade-state` does: test/cli/upgrade-state/), by hand.
    const state = handMapped(typedState());
    const file = join(tmp, "rewritten.json");
    writeFileSync(file, JSON.stringify(state));
    const json = await preview("--baseline", file, "--fail-on-hazard", "--json");
    assert.equal(json.code, 0, json.stderr);
    const doc = JSON.parse(json.stdout) as PlanDoc;
    assert.deepEqual(doc.plan.hazards, []);
    // The assignments are found under their new names (aliases); the quick start's policies (Data
    // Contributor, Data Reader) are then an in-place update of their properties, nothing else.
    assert.deepEqual(
      doc.plan.rows.map((r) => `${r.op} ${r.name} ${r.changed.join()}`),
      ["update redis-assignment-app properties", "update redis-assignment-deployer properties"],
    );
  });

  test("a state without the component (adopting the quick start into a stack that has its network): creates only", async () => {
    const state = JSON.parse(readFileSync(join(FIXTURES, "quickstart.json"), "utf8")) as {
      deployment: { resources: { urn: string }[] };
    };
    state.deployment.resources = state.deployment.resources.filter(
      (r) => !r.urn.includes("EntraManagedRedis"),
    );
    const file = join(tmp, "without-component.json");
    writeFileSync(file, JSON.stringify(state));
    const r = await preview("--baseline", file, "--json");
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as PlanDoc;
    const component = doc.plan.rows.filter(
      (x) => x.name === "redis" || /^redis-(?!entra-quickstart)/.test(x.name),
    );
    assert.equal(component.length, 9, "the component and its 8 children");
    assert.deepEqual([...new Set(component.map((x) => x.op))], ["create"]);
    assert.ok(doc.plan.rows.some((x) => x.name === "redis-cluster" && x.op === "create"));
    assert.deepEqual(doc.plan.hazards, []);
  });

  test("an earlier preview --json as the baseline; a file that is neither is refused with the fix", async () => {
    const before = await runCli(["preview", "--json"], { timeoutMs: 180_000 });
    assert.equal(before.code, 0, before.stderr);
    const file = join(tmp, "preview.json");
    writeFileSync(file, before.stdout);
    const r = await runCli(["preview", "--baseline", file, "-c", "publicAccess=true"], {
      timeoutMs: 180_000,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Update plan against .*preview\.json \(\d+ resources, preview-json\)/);
    assert.match(
      r.stdout,
      /~ {2}update {2}azure-native:redisenterprise:RedisEnterprise redis-cluster \[diff: ~publicNetworkAccess\]/,
    );
    const bad = join(tmp, "bad.json");
    writeFileSync(bad, JSON.stringify({ version: 2, deployment: { resources: [] } }));
    const refused = await runCli(["preview", "--baseline", bad], { timeoutMs: 60_000 });
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /deployment version 2; this reads version 3/);
  });
});
