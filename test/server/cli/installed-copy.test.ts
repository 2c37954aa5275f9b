/**
 * `preview` from the package as users get it (npm pack, installed into a temporary project) and
 * through an npx-like run (the installed bin, run for a program folder that has no local install of
 * azure-redis-entra): the corpus programs, every example and the quick start preview; a program with
 * its own node_modules runs with its own copies (one Pulumi SDK instance); a program with no Pulumi
 * SDK anywhere gets the install line instead of a silent stop.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, runCli } from "../../cli/helpers.ts";
import { EXAMPLE_CONFIG } from "../../cli/example-config.ts";
import { checkCorpusPreview, CORPUS, previewDoc, PROGRAMS } from "../../cli/programs.ts";
import {
  installPacked,
  linkAllMissingFromRepo,
  linkFromRepo,
  type InstalledProject,
} from "../../package/pack.ts";

const PEERS = ["@pulumi/pulumi", "@pulumi/azure-native"];
/** A project with the package and the Pulumi SDK installed (the peers linked from this repository). */
let project: InstalledProject;
/** Like npx's cache: the package and its dependencies only, no peers. */
let npxLike: InstalledProject;
const temps: string[] = [];

before(async () => {
  [project, npxLike] = await Promise.all([installPacked(), installPacked()]);
  linkFromRepo(project.dir, PEERS);
});
after(() => {
  project?.remove();
  npxLike?.remove();
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

/** A copy of corpus program `name` in a fresh folder outside the repository. */
function copyProgram(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `are-${name}-`));
  temps.push(dir);
  cpSync(join(PROGRAMS, name), dir, { recursive: true });
  return dir;
}

interface DemoDoc {
  ok: boolean;
  tokensIssued: number;
  commandsDone: number;
  messagesReceived: number;
  preview: { skipped?: boolean; ok?: boolean; resources?: number; reason?: string; fix?: string };
}

// Each test runs its own CLI process against the two shared installs (previews of different folders,
// demos on different ports): up to four at once. Tests that need an order are grouped below.
describe("the installed copy and an npx-like run", { concurrency: 4 }, () => {
  test("the tarball carries the quick-start program and no examples", () => {
    assert.ok(existsSync(join(project.packageDir, "Pulumi.yaml")));
    assert.ok(existsSync(join(project.packageDir, "index.ts")));
    assert.ok(!existsSync(join(project.packageDir, "examples")));
  });

  test("installed copy: preview with no argument previews the shipped quick start with the installed components", async () => {
    const r = await runCli(["preview", "--json"], { main: project.cliMain, cwd: project.dir });
    const doc = previewDoc(r);
    assert.deepEqual(doc.errors, [], r.stderr);
    assert.equal(r.code, 0);
    assert.ok(doc.resources.some((x) => x.type === "azure-redis-entra:index:EntraManagedRedis"));
    const own = doc.packages.find((p) => p.name === "azure-redis-entra");
    assert.ok(own?.path.startsWith(project.packageDir), JSON.stringify(own));
  });

  for (const name of Object.keys(CORPUS)) {
    test(`installed copy: preview of ${name} (in the project that installed the package)`, async () => {
      const dir = join(project.dir, "programs", name);
      cpSync(join(PROGRAMS, name), dir, { recursive: true });
      const r = await runCli(["preview", dir, "--json"], { main: project.cliMain, cwd: project.dir });
      const doc = checkCorpusPreview(name, r);
      const pulumi = doc.packages.find((p) => p.name === "@pulumi/pulumi")!;
      assert.ok(pulumi.path.startsWith(project.dir), pulumi.path);
    });
  }

  const examples = readdirSync(join(ROOT, "examples")).filter((d) =>
    existsSync(join(ROOT, "examples", d, "Pulumi.yaml")),
  );
  for (const example of examples) {
    test(`installed copy: preview examples/${example}`, async () => {
      const config = (EXAMPLE_CONFIG[example] ?? []).flatMap((c) => ["--config", c]);
      const r = await runCli(["preview", join(ROOT, "examples", example), "--json", ...config], {
        main: project.cliMain,
        cwd: project.dir,
      });
      const doc = previewDoc(r);
      assert.deepEqual(doc.errors, [], r.stderr);
      assert.equal(r.code, 0);
      const own = doc.packages.find((p) => p.name === "azure-redis-entra");
      assert.ok(own?.path.startsWith(project.packageDir), "the installed components ran");
      assert.ok(doc.resources.some((x) => x.type.startsWith("azure-redis-entra:index:")));
    });
  }

  test("npx-like: the installed bin previews a program whose folder has the Pulumi SDK but no azure-redis-entra", async () => {
    for (const name of ["azure-typescript", "esm-javascript"]) {
      const dir = copyProgram(name);
      linkFromRepo(dir, PEERS);
      // The bin as npx runs it: `#!/usr/bin/env node` with this Node.js first on PATH.
      const r = await runCli(["preview", ".", "--json"], {
        node: process.execPath,
        main: npxLike.bin,
        cwd: dir,
      });
      const doc = checkCorpusPreview(name, r);
      assert.equal(doc.packages.find((p) => p.name === "@pulumi/pulumi")?.from, "program");
      assert.ok(
        doc.packages.find((p) => p.name === "azure-redis-entra")?.path.startsWith(npxLike.packageDir),
      );
    }
  });

  test("npx-like: a program with no Pulumi SDK anywhere gets the install line, not a silent stop", async () => {
    const dir = copyProgram("esm-typescript");
    const r = await runCli(["preview", ".", "--json"], { main: npxLike.bin, cwd: dir });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const doc = previewDoc(r);
    assert.equal(doc.errors.length, 1, JSON.stringify(doc.errors));
    const [error] = doc.errors;
    assert.match(error.message, /index\.ts/);
    assert.match(
      error.message,
      /"@pulumi\/pulumi" is not installed in the program's node_modules, nor next to azure-redis-entra/,
    );
    assert.ok(
      error.message.includes(`npm install @pulumi/pulumi @pulumi/azure-native\` in ${dir}`),
      error.message,
    );
    assert.doesNotMatch(r.stdout + r.stderr, /before reporting/);
  });

  test("npx-like: no argument in an installed copy without the SDK: the reason, and no examples/ suggestion", async () => {
    const dir = mkdtempSync(join(tmpdir(), "are-empty-"));
    temps.push(dir);
    const r = await runCli(["preview"], { main: npxLike.cliMain, cwd: dir });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.doesNotMatch(r.stdout + r.stderr, /examples\/private-link-vnet/);
    assert.match(r.stdout + r.stderr, /npm install @pulumi\/pulumi @pulumi\/azure-native/);
  });

  test("a program with its own node_modules runs with its own azure-redis-entra and its own Pulumi SDK, one instance", async () => {
    // The program's own install: the packed package, a real copy of @pulumi/pulumi, and azure-native as a
    // link into this repository (whose own require("@pulumi/pulumi") would find the repository's copy).
    const program = join(PROGRAMS, "own-node-modules");
    const own = await installPacked({
      "Pulumi.yaml": readFileSync(join(program, "Pulumi.yaml"), "utf8"),
      "index.ts": readFileSync(join(program, "index.ts"), "utf8"),
      // The program's package.json without its dependencies (npm would fetch them): the test provides them.
      "package.json": JSON.stringify({
        name: "corpus-own-node-modules",
        private: true,
        type: "module",
        main: "index.ts",
      }),
    });
    temps.push(own.dir);
    cpSync(
      join(ROOT, "node_modules", "@pulumi", "pulumi"),
      join(own.dir, "node_modules", "@pulumi", "pulumi"),
      {
        recursive: true,
      },
    );
    linkAllMissingFromRepo(own.dir);
    // Run by this repository's CLI (src/): the program's copies win.
    const r = await runCli(["preview", own.dir, "--json"], {});
    const doc = previewDoc(r);
    assert.deepEqual(doc.errors, [], r.stderr);
    assert.equal(r.code, 0);
    const byName = new Map(doc.packages.map((p) => [p.name, p]));
    assert.equal(byName.get("@pulumi/pulumi")?.path, join(own.dir, "node_modules", "@pulumi", "pulumi"));
    assert.equal(byName.get("@pulumi/pulumi")?.from, "program");
    assert.equal(byName.get("azure-redis-entra")?.path, own.packageDir);
    assert.equal(byName.get("azure-redis-entra")?.from, "program");
    assert.ok(
      doc.resources.some((x) => x.type === "azure-native:redis:Redis"),
      "azure-native registered on the same SDK",
    );
    assert.equal(doc.outputs["sdkIsOne"], true);
  });

  // The second links ioredis into the project the first needs without it: one after the other (a
  // suite's tests would otherwise run as concurrently as its parent's).
  describe("installed copy: demo without ioredis, then with it", { concurrency: 1 }, () => {
    test("installed copy without ioredis: demo names it and prints the exact install line", async () => {
      const r = await runCli(["demo", "--duration", "2s"], { main: project.cliMain, cwd: project.dir });
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(
        r.stderr,
        /demo can't run its live step: the live step is an ioredis app, and ioredis is not installed/,
      );
      assert.ok(r.stderr.includes(`Run: npm install ioredis (in ${project.dir})`), r.stderr);
    });

    test("installed copy with ioredis and the Pulumi SDK: demo runs both steps (the shipped quick start, then live rotation)", async () => {
      linkFromRepo(project.dir, ["ioredis"]);
      const r = await runCli(["demo", "--duration", "10s", "--token-lifetime", "3s", "--json"], {
        main: project.cliMain,
        cwd: project.dir,
        timeoutMs: 180_000,
      });
      const doc = JSON.parse(r.stdout) as DemoDoc;
      assert.equal(doc.preview.ok, true, JSON.stringify(doc.preview));
      assert.ok((doc.preview.resources ?? 0) > 5);
      assert.ok(doc.tokensIssued >= 2, `tokens: ${doc.tokensIssued}`);
      assert.ok(doc.commandsDone > 0 && doc.messagesReceived > 0, "the live step ran");
    });
  });

  test("installed copy without the Pulumi SDK: demo skips step 1 with the reason and the install line, runs step 2", async () => {
    linkFromRepo(npxLike.dir, ["ioredis"]);
    const r = await runCli(["demo", "--duration", "3s", "--token-lifetime", "2s"], {
      main: npxLike.cliMain,
      cwd: npxLike.dir,
      timeoutMs: 180_000,
    });
    assert.match(
      r.stdout,
      /Step 1\/2 skipped: the preview runs the quick start on Pulumi's SDK, and @pulumi\/pulumi and @pulumi\/azure-native are not installed/,
    );
    assert.ok(
      r.stdout.includes(`To run it: npm install @pulumi/pulumi @pulumi/azure-native (in ${npxLike.dir})`),
      r.stdout,
    );
    assert.match(r.stdout, /Step 2\/2: live token rotation/);
    assert.match(r.stdout, /Summary/);
  });
});
