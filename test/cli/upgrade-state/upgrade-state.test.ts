/**
 * `azure-redis-entra upgrade-state` end to end (a subprocess): the 0.1.0 fixture with typed
 * assignments is written out as README's mapping, the input untouched, a summary of URNs and no
 * secret on the terminal; the output is never written over an existing file unless asked; a refusal
 * writes nothing; a second run is a no-op; `--check <program>` runs the offline preview against the
 * rewritten state: no replace, no hazard.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../helpers.ts";
import { GENERIC, handMapped, TYPED, typedState } from "./typed-010.ts";

const tmp = mkdtempSync(join(tmpdir(), "upgrade-state-test-"));
const SECRET = {
  "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
  ciphertext: "djE6bm90LXByaW50ZWQ=",
};

/** The typed fixture with a secret in an assignment and in the cluster's outputs, written to `name`. */
function typedFile(name: string): string {
  const state = typedState();
  for (const r of state.deployment.resources) {
    if (r.type === TYPED) r.inputs.user = { objectId: SECRET };
    if (r.urn.endsWith("::redis-cluster")) r.outputs = { ...r.outputs, secretOut: SECRET };
  }
  const file = join(tmp, name);
  writeFileSync(file, JSON.stringify(state, null, 2));
  return file;
}

test("writes README's mapping beside the export, prints the URNs it rewrote and no secret; the export is untouched", async () => {
  const file = typedFile("state.json");
  const before = readFileSync(file, "utf8");
  const r = await runCli(["upgrade-state", file]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(readFileSync(file, "utf8"), before, "the input is never written");
  const out = join(tmp, "state.upgraded.json");
  const expected = handMapped(JSON.parse(before) as ReturnType<typeof typedState>);
  assert.deepEqual(JSON.parse(readFileSync(out, "utf8")), expected);
  for (const name of ["redis-assignment-app", "redis-assignment-deployer"]) {
    const urn = `urn:pulumi:dev::azure-redis-entra-quickstart::azure-redis-entra:index:EntraManagedRedis$${TYPED}::${name}`;
    assert.ok(r.stdout.includes(`  ${urn}\n    → ${urn.replace(TYPED, GENERIC)}\n`), r.stdout);
  }
  assert.match(r.stdout, /Rewrote 2 EntraManagedRedis assignments/);
  assert.match(
    r.stdout,
    /azure-redis-entra preview <program> --stack dev --baseline .*state\.upgraded\.json --fail-on-hazard/,
  );
  assert.match(r.stdout, /pulumi stack import --file .*state\.upgraded\.json/);
  assert.doesNotMatch(r.stdout + r.stderr, /djE6|ciphertext|1b47061264138c4ac30d75fd1eb44270/);

  // Run again on its own output: nothing to rewrite, the same bytes.
  const again = await runCli(["upgrade-state", out, "--out", join(tmp, "again.json")]);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /Nothing to rewrite/);
  assert.equal(readFileSync(join(tmp, "again.json"), "utf8"), readFileSync(out, "utf8"));
});

test("never writes over a file unless asked (--overwrite), the export least of all", async () => {
  const file = typedFile("keep.json");
  const before = readFileSync(file, "utf8");
  const same = await runCli(["upgrade-state", file, "--out", file]);
  assert.equal(same.code, 2);
  assert.match(same.stderr, /--out .*keep\.json is the input file; give another --out .* or --overwrite/);
  assert.equal(readFileSync(file, "utf8"), before);
  const taken = join(tmp, "taken.json");
  writeFileSync(taken, "mine");
  const exists = await runCli(["upgrade-state", file, "-o", taken]);
  assert.equal(exists.code, 2);
  assert.match(exists.stderr, /taken\.json exists; give another --out, or --overwrite/);
  assert.equal(readFileSync(taken, "utf8"), "mine");
  const asked = await runCli(["upgrade-state", file, "--out", file, "--overwrite"]);
  assert.equal(asked.code, 0, asked.stderr);
  assert.equal(
    JSON.parse(readFileSync(file, "utf8")).deployment.resources.filter(
      (x: { type: string }) => x.type === TYPED,
    ).length,
    0,
  );
});

test("a refusal names the resource and the problem, exits 1 and writes nothing", async () => {
  const state = typedState();
  const app = state.deployment.resources.find((r) => r.urn.endsWith("::redis-assignment-app"))!;
  app.inputs.user = SECRET;
  app.inputs.databaseName = SECRET;
  const file = join(tmp, "bad.json");
  writeFileSync(file, JSON.stringify(state));
  const r = await runCli(["upgrade-state", file]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /bad\.json: not rewritten \(nothing was written\)/);
  assert.match(
    r.stderr,
    /EntraManagedRedis\$azure-native:redisenterprise:AccessPolicyAssignment::redis-assignment-app: inputs\.databaseName is a secret/,
  );
  assert.doesNotMatch(r.stdout + r.stderr, /djE6|ciphertext/);
  assert.equal(existsSync(join(tmp, "bad.upgraded.json")), false);
  const v2 = join(tmp, "v2.json");
  writeFileSync(v2, JSON.stringify({ ...typedState(), version: 2 }));
  const old = await runCli(["upgrade-state", v2]);
  assert.equal(old.code, 1);
  assert.match(old.stderr, /deployment version 2; this rewrites version 3/);
});

test("--check <program> runs preview --baseline on the result: no replace, no hazard, exit 0", async () => {
  const file = typedFile("checked.json");
  // The quick start (this repository's index.ts) is the upgraded program; the stack name comes from the export.
  const r = await runCli(["upgrade-state", file, "--check", "."], { timeoutMs: 180_000 });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /Update plan against .*checked\.upgraded\.json \(\d+ resources, stack-export\)/);
  const plan = r.stdout.slice(r.stdout.indexOf("Update plan against"));
  // The quick start's policies (Data Contributor, Data Reader) differ from the 0.1.0 "default": in place.
  assert.match(
    plan,
    /\n {2}~ {2}update {2}azure-native:resources:Resource redis-assignment-app \[diff: ~properties\]\n {2}~ {2}update {2}azure-native:resources:Resource redis-assignment-deployer \[diff: ~properties\]\nResources: 2 to update, 11 unchanged\nNo hazards/,
  );
  assert.doesNotMatch(r.stdout + r.stderr, /djE6|ciphertext/);
});
