/**
 * Whether `preview` type-checks a program: the switches of Pulumi's Node.js host and their
 * precedence (src/internal/pulumi-offline/typecheck.ts). The runs themselves are in programs.test.ts.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { typeCheckDecision } from "../../src/internal/pulumi-offline/typecheck.ts";
import { locateProgram } from "../../src/internal/pulumi-offline/locate.ts";

const cjs = { typescript: true, moduleKind: "cjs" as const, programFile: "/p/index.ts" };

function withTsconfig(text: string, run: (tsconfig: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), "are-tscheck-"));
  try {
    writeFileSync(join(dir, "tsconfig.json"), text);
    run(join(dir, "tsconfig.json"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("a CommonJS TypeScript program is type-checked by default (ts-node's default)", () => {
  assert.equal(typeCheckDecision(cjs, {}, undefined).check, true);
});

test("PULUMI_NODEJS_TRANSPILE_ONLY=true skips it; another non-empty value checks", () => {
  assert.equal(typeCheckDecision(cjs, { PULUMI_NODEJS_TRANSPILE_ONLY: "true" }, undefined).check, false);
  assert.equal(typeCheckDecision(cjs, { PULUMI_NODEJS_TRANSPILE_ONLY: "false" }, undefined).check, true);
  assert.equal(typeCheckDecision(cjs, { PULUMI_NODEJS_TRANSPILE_ONLY: "1" }, undefined).check, true);
});

test("tsconfig compilerOptions.noCheck skips it, unless PULUMI_NODEJS_TRANSPILE_ONLY says otherwise", () => {
  withTsconfig(
    '{\n  // comments are allowed\n  "compilerOptions": { "noCheck": true, },\n}\n',
    (tsconfig) => {
      const spec = { ...cjs, tsconfig };
      const skipped = typeCheckDecision(spec, {}, undefined);
      assert.equal(skipped.check, false);
      assert.match(skipped.reason, /noCheck/);
      assert.equal(typeCheckDecision(spec, { PULUMI_NODEJS_TRANSPILE_ONLY: "false" }, undefined).check, true);
    },
  );
  withTsconfig('{ "compilerOptions": { "noCheck": false } }', (tsconfig) => {
    assert.equal(typeCheckDecision({ ...cjs, tsconfig }, {}, undefined).check, true);
  });
});

test("typescript: false, a JavaScript entry, or an ES module program without ts-node: not checked, as pulumi", () => {
  assert.equal(typeCheckDecision({ ...cjs, typescript: false }, {}, undefined).check, false);
  assert.equal(typeCheckDecision({ ...cjs, programFile: "/p/index.js" }, {}, undefined).check, false);
  const esm = typeCheckDecision({ ...cjs, moduleKind: "esm" }, {}, undefined);
  assert.equal(esm.check, false);
  assert.match(esm.reason, /ES module program without ts-node/);
});

test("the tsconfig: Pulumi.yaml's runtime option tsconfig, else PULUMI_NODEJS_TSCONFIG_PATH; a missing one is refused", () => {
  const dir = mkdtempSync(join(tmpdir(), "are-tsconfig-"));
  try {
    writeFileSync(join(dir, "Pulumi.yaml"), "name: p\nruntime: nodejs\n");
    writeFileSync(join(dir, "index.ts"), "export const x = 1;\n");
    writeFileSync(join(dir, "tsconfig.json"), "{}");
    writeFileSync(join(dir, "tsconfig.pulumi.json"), "{}");
    assert.equal(locateProgram(dir, dir, {}).tsconfig, join(dir, "tsconfig.json"));
    const fromEnv = locateProgram(dir, dir, { PULUMI_NODEJS_TSCONFIG_PATH: "tsconfig.pulumi.json" });
    assert.equal(fromEnv.tsconfig, join(dir, "tsconfig.pulumi.json"));
    assert.throws(
      () => locateProgram(dir, dir, { PULUMI_NODEJS_TSCONFIG_PATH: "nope.json" }),
      /the tsconfig path is set to nope\.json .* but .*nope\.json does not exist/,
    );
    writeFileSync(
      join(dir, "Pulumi.yaml"),
      "name: p\nruntime:\n  name: nodejs\n  options:\n    tsconfig: tsconfig.json\n",
    );
    const option = locateProgram(dir, dir, { PULUMI_NODEJS_TSCONFIG_PATH: "tsconfig.pulumi.json" });
    assert.equal(
      option.tsconfig,
      join(dir, "tsconfig.json"),
      "the runtime option wins, as Pulumi's host sets it last",
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
