/**
 * Reading a `preview --baseline` file (src/cli/commands/preview/baseline/state.ts): the deployment format
 * version 3 (pulumi/pulumi apitype DeploymentV3), resources the engine doesn't diff left out, secrets
 * never decrypted (handed on as "[secret]"), an earlier `preview --json`, and files that are neither.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { maskSecrets, readBaseline } from "../../src/cli/commands/preview/baseline/state.ts";
import { ROOT } from "./helpers.ts";

const tmp = mkdtempSync(join(tmpdir(), "baseline-state-"));
const write = (name: string, doc: unknown) => {
  const file = join(tmp, name);
  writeFileSync(file, typeof doc === "string" ? doc : JSON.stringify(doc));
  return file;
};
const SIG = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };

test("a stack export: program resources only (no stack, providers or pending deletes), with what the engine reads", () => {
  const state = readBaseline(join(ROOT, "test/cli/fixtures/baseline/quickstart.json"));
  assert.equal(state.format, "stack-export");
  assert.equal(state.olds.length, 13);
  assert.ok(state.olds.every((o) => !o.type.startsWith("pulumi:")));
  const link = state.olds.find((o) => o.urn.endsWith("::redis-dns-link"))!;
  assert.equal(
    link.parent,
    "urn:pulumi:dev::azure-redis-entra-quickstart::azure-redis-entra:index:EntraManagedRedis::redis",
  );
  assert.deepEqual(Object.keys(link.propertyDependencies ?? {}).sort(), [
    "privateZoneName",
    "virtualNetwork",
  ]);
  // Top-level resources: the stack is no parent the engine compares.
  assert.equal(state.olds.find((o) => o.urn.endsWith("::vnet"))!.parent, undefined);
  const pending = write("pending.json", {
    version: 3,
    deployment: {
      resources: [
        {
          urn: "urn:pulumi:s::p::azure-native:redis:Redis::old",
          type: "azure-native:redis:Redis",
          custom: true,
          delete: true,
        },
      ],
    },
  });
  assert.deepEqual(readBaseline(pending).olds, []);
});

test('secrets stay sealed: outputs handed on as "[secret]", inputs as the file has them, no ciphertext leaves', () => {
  const state = readBaseline(join(ROOT, "test/cli/fixtures/baseline/quickstart.json"));
  const identity = state.known.find((k) => k.name === "app-identity")!;
  assert.deepEqual(identity.outputs.clientId, { ...SIG, value: "[secret]" });
  assert.doesNotMatch(JSON.stringify(state.known), /ciphertext/);
  assert.deepEqual(maskSecrets([{ a: { ...SIG, ciphertext: "x" } }, 1]), [
    { a: { ...SIG, value: "[secret]" } },
    1,
  ]);
});

test("an earlier preview --json: inputs as declared, no ids or outputs", () => {
  const file = write("preview.json", {
    program: "index.ts",
    resources: [
      {
        urn: "urn:pulumi:s::p::azure-native:redis:Redis::c",
        type: "azure-native:redis:Redis",
        custom: true,
        dependencies: [],
        inputs: { name: "c" },
      },
    ],
  });
  const state = readBaseline(file);
  assert.equal(state.format, "preview-json");
  assert.deepEqual(state.known, []);
  assert.deepEqual(state.olds[0].inputs, { name: "c" });
});

test("files that are neither are refused, saying what to give", () => {
  assert.throws(
    () => readBaseline(join(tmp, "missing.json")),
    /no such file; give the output of `pulumi stack export/,
  );
  assert.throws(() => readBaseline(write("bad.json", "{")), /not JSON/);
  assert.throws(
    () => readBaseline(write("v2.json", { version: 2, deployment: {} })),
    /deployment version 2; this reads version 3/,
  );
  assert.throws(
    () => readBaseline(write("other.json", { hello: 1 })),
    /neither a `pulumi stack export` file/,
  );
  assert.throws(
    () => readBaseline(write("nourn.json", { version: 3, deployment: { resources: [{ type: "x" }] } })),
    /deployment.resources\[0\] has no urn or type/,
  );
});
