/**
 * `preview` of programs in the shapes users write (test/cli/programs/), from the repository: CommonJS
 * TypeScript as Pulumi's azure-typescript template, CommonJS JavaScript as azure-javascript, ES module
 * TypeScript and JavaScript, a TypeScript enum; and the load failures explained in one line.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, runCli, type CliRun } from "./helpers.ts";
import { checkCorpusPreview, CORPUS, previewDoc, PROGRAMS } from "./programs.ts";
import { renderPreview } from "../../src/cli/commands/preview/render.ts";
import type { PreviewResult } from "../../src/internal/pulumi-offline/model.ts";

/** Writes a one-file ES module program into a temporary folder (inside no node_modules). */
function tempProgram(source: string, pkg: Record<string, unknown> = { type: "module" }): string {
  const dir = mkdtempSync(join(tmpdir(), "are-prog-"));
  writeFileSync(
    join(dir, "Pulumi.yaml"),
    "name: temp-program\nruntime:\n  name: nodejs\n  options:\n    typescript: false\n",
  );
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({ name: "temp-program", main: "index.ts", ...pkg }),
  );
  writeFileSync(join(dir, "index.ts"), source);
  return dir;
}

const TYPO = join(PROGRAMS, "container-app-typo");

/**
 * `preview <program> --json` in a CLI process, run once per program however many tests read it: a
 * type-checked preview costs about 12 s of CPU (TypeScript parses @pulumi/azure-native's types).
 */
const jsonRuns = new Map<string, Promise<CliRun>>();
function previewJsonOnce(program: string): Promise<CliRun> {
  let run = jsonRuns.get(program);
  if (!run) {
    run = runCli(["preview", program, "--json"]);
    jsonRuns.set(program, run);
  }
  return run;
}

/**
 * What `preview` without --json prints for the run `r` of `program` (relative to the repository
 * root, as the CLI labels it): the CLI's own renderer over the result the --json run carried, in
 * this process (the text and the JSON are two views of one PreviewResult; the process is the same).
 */
function previewText(program: string, r: CliRun): string {
  const result = JSON.parse(r.stdout) as PreviewResult;
  let text = "";
  const write = process.stdout.write;
  process.stdout.write = (chunk: string | Uint8Array) => {
    text += String(chunk);
    return true;
  };
  try {
    renderPreview(result, program);
  } finally {
    process.stdout.write = write;
  }
  return text;
}

// Each preview runs in its own CLI process, reading its program folder or writing a temporary one: up
// to four at once. The text tests read the --json run of the same program (previewJsonOnce).
describe("preview of the program shapes", { concurrency: 4 }, () => {
  for (const name of Object.keys(CORPUS)) {
    test(`preview test/cli/programs/${name} --json runs it as pulumi would`, async () => {
      const r = await previewJsonOnce(join(PROGRAMS, name));
      checkCorpusPreview(name, r);
    });
  }

  test("the azure-typescript shape prints how it was loaded and which SDK it ran with", async () => {
    const r = await previewJsonOnce(join(PROGRAMS, "azure-typescript"));
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const stdout = previewText("test/cli/programs/azure-typescript/index.ts", r);
    assert.match(
      stdout,
      /Loaded as pulumi would: require\(\)d \(CommonJS\), TypeScript compiled by TypeScript/,
    );
    assert.match(stdout, /@pulumi\/pulumi \d+\.\d+\.\d+ from /);
    assert.match(stdout, /tmpl-cache azure-redis-entra:index:EntraRedisCache \(component\)/);
  });

  test("a decorator in an ES module program: exit 1, one line naming the file and why", async () => {
    const r = await runCli(["preview", join(PROGRAMS, "ts-decorators"), "--json"]);
    assert.equal(r.code, 1, r.stderr);
    const doc = previewDoc(r);
    assert.equal(doc.errors.length, 1);
    assert.equal(doc.errors[0].name, "ProgramLoadError");
    assert.match(doc.errors[0].message, /ts-decorators\/index\.ts could not be loaded: .*decorator/);
    assert.match(doc.errors[0].message, /CommonJS program/);
    assert.doesNotMatch(doc.errors[0].message, /\n/);
  });

  test("an ES module program importing a folder of azure-native: the file, the folder, and the /index.js fix", async () => {
    const dir = tempProgram(
      'import * as resources from "@pulumi/azure-native/resources";\nnew resources.ResourceGroup("rg");\n',
    );
    try {
      const r = await runCli(["preview", dir, "--json"]);
      assert.equal(r.code, 1, r.stderr);
      const [error] = previewDoc(r).errors;
      assert.match(
        error.message,
        /index\.ts could not be loaded: it imports the folder "@pulumi\/azure-native\/resources"/,
      );
      assert.match(error.message, /import "@pulumi\/azure-native\/resources\/index\.js" instead/);
      assert.doesNotMatch(error.message, /azure-redis-entra\/package\.json/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a program importing a package installed nowhere: the package and the npm install line", async () => {
    const dir = tempProgram('import "left-pad-not-installed";\n');
    try {
      const r = await runCli(["preview", dir, "--json"]);
      assert.equal(r.code, 1, r.stderr);
      const [error] = previewDoc(r).errors;
      assert.match(
        error.message,
        /index\.ts could not be loaded: "left-pad-not-installed" is not installed in the program.s node_modules/,
      );
      assert.ok(error.message.includes(`npm install left-pad-not-installed\` in ${dir}`), error.message);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a type error in the azure-typescript shape fails preview with TypeScript's file:line, as pulumi preview does", async () => {
    const r = await previewJsonOnce(TYPO);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const doc = previewDoc(r);
    assert.equal(doc.ok, false);
    assert.equal(doc.errors.length, 1, JSON.stringify(doc.errors));
    assert.equal(doc.errors[0].name, "TypeScriptError");
    assert.match(
      doc.errors[0].message,
      /^test\/cli\/programs\/container-app-typo\/index\.ts:45:3: error TS2561: .*'managedEnvironmentID' does not exist in type 'ContainerAppArgs'.*managedEnvironmentId/,
    );
    // Checked before running, as ts-node does: nothing was declared.
    assert.deepEqual(doc.resources, []);
    assert.match(doc.loader.typescript, /type-checked by TypeScript \d+\.\d+\.\d+ \(the program's own\)/);
  });

  test("the type error in text: the diagnostic, and how to skip the check as Pulumi does", async () => {
    const r = await previewJsonOnce(TYPO);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const stdout = previewText("test/cli/programs/container-app-typo/index.ts", r);
    assert.match(stdout, /container-app-typo\/index\.ts:45:3: error TS2561/);
    assert.match(stdout, /PULUMI_NODEJS_TRANSPILE_ONLY=true/);
  });

  test("PULUMI_NODEJS_TRANSPILE_ONLY=true skips the check as Pulumi does: the same program previews", async () => {
    const r = await runCli(["preview", TYPO, "--json"], { env: { PULUMI_NODEJS_TRANSPILE_ONLY: "true" } });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const doc = previewDoc(r);
    assert.deepEqual(doc.errors, []);
    assert.ok(doc.resources.some((x) => x.type === "azure-native:app:ContainerApp"));
    assert.ok(doc.resources.some((x) => x.type === "azure-redis-entra:index:EntraManagedRedis"));
    assert.match(doc.loader.typescript, /not type-checked \(PULUMI_NODEJS_TRANSPILE_ONLY=true\)/);
  });

  test("README's deploy steps: the quick start copied into a project in azure-typescript's shape previews, type-checked", async () => {
    // Outside the repository, with no node_modules of its own: a CommonJS program whose @pulumi/* and
    // azure-redis-entra come from next to the CLI (require() must find them there too).
    const dir = mkdtempSync(join(tmpdir(), "are-quickstart-"));
    try {
      for (const f of ["Pulumi.yaml", "package.json"])
        writeFileSync(join(dir, f), readFileSync(join(PROGRAMS, "azure-typescript", f)));
      const tsconfig = JSON.parse(
        readFileSync(join(PROGRAMS, "azure-typescript", "tsconfig.json"), "utf8"),
      ) as {
        files: string[];
      };
      writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ ...tsconfig, files: ["index.ts"] }));
      writeFileSync(join(dir, "index.ts"), readFileSync(join(ROOT, "index.ts")));
      const r = await runCli(["preview", dir, "--json"]);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      const doc = previewDoc(r);
      assert.deepEqual(doc.errors, []);
      assert.equal(doc.loader.moduleKind, "cjs");
      assert.match(doc.loader.typescript, /type-checked by TypeScript/);
      assert.ok(doc.resources.some((x) => x.type === "azure-redis-entra:index:EntraManagedRedis"));
      assert.equal(doc.packages.find((p) => p.name === "@pulumi/pulumi")?.from, "azure-redis-entra");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
