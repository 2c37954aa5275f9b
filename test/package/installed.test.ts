/**
 * The tarball is the product: `npm pack` of this repository installed with npm into a fresh project
 * (test/package/pack.ts), its optional peers then installed from the registry (nothing linked from
 * this repository), and used there the way users and Pulumi use it:
 * - Pulumi's schema analyzer (what `pulumi package add` runs for other languages), run the way
 *   Pulumi's plugin host runs it from the plugin's folder, infers the same schema from the installed
 *   copy as from this git checkout, first without TypeScript in the project (the analyzer falls
 *   back to the TypeScript 3.8 @pulumi/pulumi vendors), then with TypeScript installed there too;
 * - every entry point loads with import() and, where the exports map offers it, require();
 * - the CLI answers --help and points at the docs by URL;
 * - links in the shipped docs resolve inside the package, source maps are not shipped without their
 *   sources, and package.json says where the repository, homepage and issues are.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { chmodSync, existsSync, lstatSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { promisify } from "node:util";
import { installFromRegistry, installPacked, REPO, repoVersion, type InstalledProject } from "./pack.ts";

const run = promisify(execFile);

/**
 * Optional peers the installed copy is used with after the first test (installed from the registry),
 * TypeScript aside: npm installs it once Pulumi's analyzer has run without it (withTypeScript).
 */
const PEERS = [
  "@pulumi/pulumi",
  "@pulumi/azure-native",
  "@pulumi/policy",
  "ioredis",
  "redis",
  "@azure/identity",
];

let peers: Promise<void> | undefined;
/** Installs the optional peers (once); every test but the first runs with them. */
function withPeers(): Promise<void> {
  peers ??= installFromRegistry(project.dir, PEERS);
  return peers;
}

type ExportsMap = Record<string, string | Record<string, unknown>>;
const repoPkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { exports: ExportsMap };

async function node(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, args, { cwd, maxBuffer: 64 << 20 });
  return stdout;
}

/**
 * What Pulumi's Node.js plugin host does for a source-based plugin (PulumiPlugin.yaml, runtime
 * nodejs; cmd/run-plugin/run.js): in the plugin's folder (its --pwd), with the @pulumi/pulumi that
 * folder resolves, require the folder, collect its components, and ask a ComponentProvider on that
 * folder for the schema (the analyzer reads the folder's tsconfig.json and TypeScript sources, with
 * the `typescript` that @pulumi/pulumi resolves).
 */
const ANALYZE = `
const dir = process.argv[1];
process.chdir(dir);
const sdk = require.resolve("@pulumi/pulumi/provider/experimental/index.js", { paths: [dir] });
const { ComponentProvider, getPulumiComponents } = require(sdk);
const components = getPulumiComponents(require(dir));
new ComponentProvider({ components, dirname: dir, name: "azure-redis-entra" })
  .getSchema()
  .then((s) => process.stdout.write(s), (e) => { console.error(e.message); process.exit(1); });`;

let project: InstalledProject;
let repoSchema: Promise<string> | undefined;
before(async () => {
  // The checkout's schema while the installs run.
  repoSchema = node(REPO, ["--input-type=commonjs", "-e", ANALYZE, REPO]);
  repoSchema.catch(() => {});
  project = await installPacked();
});
after(() => project?.remove());

/** What Pulumi's analyzer gives in the project: the TypeScript it loads, and the schema. */
interface Analysis {
  /** The version of the TypeScript that @pulumi/pulumi's typescript-shim loads there. */
  typescript: string;
  /** Whether the project had node_modules/typescript when the analyzer ran. */
  typescriptInstalled: boolean;
  schema: string;
}

/** Runs the analyzer on the installed copy, the way Pulumi's plugin host does (ANALYZE). */
async function analyze(): Promise<Analysis> {
  const typescriptInstalled = existsSync(join(project.dir, "node_modules", "typescript"));
  const shim = `const dir = process.argv[1];
    const shim = require.resolve("@pulumi/pulumi/typescript-shim.js", { paths: [dir] });
    console.log(require(shim).version);`;
  const typescript = await node(project.dir, ["--input-type=commonjs", "-e", shim, project.packageDir]);
  const schema = await node(project.dir, ["--input-type=commonjs", "-e", ANALYZE, project.packageDir]);
  return { typescript: typescript.trim(), typescriptInstalled, schema };
}

let withoutTs: Promise<Analysis> | undefined;
/** The analysis with the peers but no TypeScript (once). */
function analyzedWithoutTypeScript(): Promise<Analysis> {
  withoutTs ??= withPeers().then(analyze);
  return withoutTs;
}

let typescript: Promise<void> | undefined;
/** How long an analyzer test may take, installs included. */
const ANALYZER_TIMEOUT_MS = 480_000;
/** Installs TypeScript from the registry (once), after the analyzer has run without it. */
function withTypeScript(): Promise<void> {
  typescript ??= analyzedWithoutTypeScript()
    .catch(() => undefined)
    .then(() => installFromRegistry(project.dir, ["typescript"]));
  return typescript;
}

test("without optional peers: nothing testing-only is installed, the CLI works, and the testing kit names its install line", async () => {
  assert.equal(peers, undefined);
  const installed = readdirSync(join(project.dir, "node_modules")).filter((n) => !n.startsWith("."));
  // The CLI parses its command line with node:util's parseArgs: no commander, and npx still works.
  for (const name of ["@peculiar", "tsyringe", "commander", "@pulumi", "ioredis", "redis", "@redis"]) {
    assert.ok(!installed.includes(name), `a client-only install got ${name}`);
  }
  // The client entry loads without any peer.
  await node(project.dir, ["--input-type=module", "-e", 'await import("azure-redis-entra/client")']);
  // The CLI runs from a plain install (npx included): --help works without any optional peer.
  const help = await run(project.bin, ["--help"], { cwd: project.dir });
  assert.match(help.stdout, /azure-redis-entra/);
  // The testing kit with no optional peer: its certificates come from node:crypto, so it gets as far
  // as starting redis-server (a stand-in answers --version, then exits: nothing starts).
  const fake = join(project.dir, "fake-redis-server");
  writeFileSync(fake, '#!/bin/sh\necho "Redis server v=7.2.0 sha=0:0 malloc=libc bits=64 build=0"\n');
  chmodSync(fake, 0o755);
  const out = await node(project.dir, [
    "--input-type=module",
    "-e",
    `const { startLocalEntraRedis, MissingPeerError } = await import("azure-redis-entra/testing");
     try { await startLocalEntraRedis({ redisServerPath: ${JSON.stringify(fake)} }); console.log("started"); }
     catch (e) { console.log(e instanceof MissingPeerError, e.name, e.message); }`,
  ]);
  assert.match(out, /^false RedisServerError redis-server \(.*fake-redis-server\) exited while starting/);
});

// The rest all run with the peers (installed once, by the first to ask) and only read the install,
// each in its own processes: up to four at once. npm adds TypeScript to the install after the
// analyzer's run without it; only the analyzer's run with it waits for that.
describe("the installed copy with its peers", { concurrency: 4 }, () => {
  /** Checks an analysis: the TypeScript the analyzer loaded, and the schema against the checkout's. */
  async function checkAnalysis(analysis: Analysis, typescript: string): Promise<void> {
    // Real copies, not links into this repository.
    for (const peer of ["@pulumi/pulumi", "@pulumi/azure-native"]) {
      const path = join(project.dir, "node_modules", peer);
      assert.ok(!lstatSync(path).isSymbolicLink(), `${peer} is a link`);
    }
    assert.equal(analysis.typescript, typescript, "the TypeScript Pulumi's analyzer loads");
    const schema = JSON.parse(analysis.schema) as {
      resources: Record<string, { inputProperties: object }>;
    };
    assert.deepEqual(Object.keys(schema.resources).sort(), [
      "azure-redis-entra:index:EntraManagedRedis",
      "azure-redis-entra:index:EntraRedisCache",
    ]);
    assert.ok(
      Object.keys(schema.resources["azure-redis-entra:index:EntraRedisCache"].inputProperties).length > 5,
    );
    assert.deepEqual(schema, JSON.parse(await (repoSchema as Promise<string>)));
  }

  // The analyzer falls back to the TypeScript 3.8 @pulumi/pulumi vendors: it reads the package's
  // `typesVersions` entry for TypeScript before 3.9 (dist/analyzer, scripts/analyzer-sources.ts).
  // Each of these waits for npm installs from the registry and the analyzer's runs (one after the other:
  // TypeScript is added after the run without it): minutes on a loaded 2-core machine, past the
  // runner's 240 s per test (a fresh-clone CI run at load ~20 timed both out), so 8 minutes each.
  test(
    "Pulumi's schema analyzer infers the same schema as from the git checkout in a project without TypeScript",
    { timeout: ANALYZER_TIMEOUT_MS },
    async () => {
      const analysis = await analyzedWithoutTypeScript();
      assert.equal(analysis.typescriptInstalled, false, "typescript was installed");
      await checkAnalysis(analysis, "3.8.3");
    },
  );

  test(
    "Pulumi's schema analyzer infers the same schema from the installed copy (peers and TypeScript from the registry) as from the git checkout",
    { timeout: ANALYZER_TIMEOUT_MS },
    async () => {
      await withTypeScript();
      const path = join(project.dir, "node_modules", "typescript");
      assert.ok(!lstatSync(path).isSymbolicLink(), "typescript is a link");
      const analysis = await analyze();
      assert.equal(analysis.typescriptInstalled, true);
      await checkAnalysis(analysis, repoVersion("typescript"));
    },
  );

  /** Entries whose loading starts a server (the ready policy pack); exports.test.ts checks that it serves. */
  const SERVING = new Set(["./policy/pack"]);

  for (const [subpath, target] of Object.entries(repoPkg.exports)) {
    if (typeof target === "string" || SERVING.has(subpath)) continue;
    const specifier = subpath === "." ? "azure-redis-entra" : `azure-redis-entra/${subpath.slice(2)}`;
    test(`${specifier} loads from the installed copy with import()${"require" in target ? " and require()" : ""}`, async () => {
      await withPeers();
      const esm = JSON.parse(
        await node(project.dir, [
          "--input-type=module",
          "-e",
          `console.log(JSON.stringify(Object.keys(await import(${JSON.stringify(specifier)})).sort()))`,
        ]),
      ) as string[];
      assert.ok(esm.length > 0, `${specifier} exports nothing`);
      const requireIt = [
        "--input-type=commonjs",
        "-e",
        `console.log(JSON.stringify(Object.keys(require(${JSON.stringify(specifier)})).filter(k => k !== "default" && k !== "__esModule").sort()))`,
      ];
      if ("require" in target) {
        assert.deepEqual(
          JSON.parse(await node(project.dir, requireIt)),
          esm,
          `${specifier}: CJS and ESM differ`,
        );
      } else {
        // ESM only, as the exports map says: require() is refused by name, not with a missing file.
        await assert.rejects(
          node(project.dir, requireIt),
          /ERR_PACKAGE_PATH_NOT_EXPORTED|ERR_REQUIRE_ESM|No "exports" main/,
        );
      }
    });
  }

  test("the installed CLI answers --help with every command and the docs' URL", async () => {
    await withPeers();
    const { stdout } = await run(project.bin, ["--help"], { cwd: project.dir });
    for (const command of ["demo", "preview", "doctor", "local"])
      assert.match(stdout, new RegExp(`\\n  ${command}\\b`));
    assert.match(
      stdout,
      /Docs: https:\/\/github\.com\/azure-redis-entra\/azure-redis-entra\/blob\/main\/docs\/cli\.md/,
    );
  });

  test("the installed CLI runs the installed policy pack: preview --policy gates the non-compliant program", async () => {
    await withPeers();
    const program = join(REPO, "test/policy/fixtures/non-compliant");
    const failed = await run(project.bin, ["preview", program, "--policy", "--json"], {
      cwd: project.dir,
    }).then(
      () => assert.fail("preview --policy exited 0 on the non-compliant program"),
      (err: { code?: number; stdout?: string }) => err,
    );
    assert.equal(failed.code, 1);
    const doc = JSON.parse(failed.stdout ?? "") as {
      policy: { pack: { name: string; file: string }; mandatory: number; advisory: number };
    };
    assert.equal(doc.policy.pack.name, "azure-redis-entra");
    assert.ok(doc.policy.pack.file.startsWith(project.packageDir), doc.policy.pack.file);
    assert.deepEqual([doc.policy.mandatory, doc.policy.advisory], [15, 1]);
  });

  function filesUnder(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
    );
  }

  test("every relative link in the shipped docs points at a file the package ships", () => {
    const markdown = filesUnder(project.packageDir).filter((f) => f.endsWith(".md"));
    assert.ok(markdown.some((f) => f.endsWith("README.md")) && markdown.length > 3, "docs are shipped");
    const broken: string[] = [];
    for (const file of markdown) {
      for (const [, target] of readFileSync(file, "utf8").matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z][a-z+.-]*:/i.test(target) || target.startsWith("#")) continue;
        const path = normalize(join(dirname(file), target.split("#")[0]));
        if (!path.startsWith(project.packageDir) || !existsSync(path)) {
          broken.push(`${relative(project.packageDir, file)} -> ${target}`);
        }
      }
    }
    assert.deepEqual(broken, []);
  });

  test("no source map is shipped without its sources", () => {
    const maps = filesUnder(project.packageDir).filter((f) => f.endsWith(".map"));
    const withoutSources = maps.filter((f) => {
      const map = JSON.parse(readFileSync(f, "utf8")) as { sourcesContent?: unknown[] };
      return !map.sourcesContent?.length;
    });
    assert.deepEqual(
      withoutSources.map((f) => relative(project.packageDir, f)),
      [],
    );
  });

  test("the tarball needs no install script: no (pre|post)install, and its prepare does nothing there", async () => {
    const pkg = JSON.parse(readFileSync(join(project.packageDir, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    };
    for (const hook of ["preinstall", "install", "postinstall"])
      assert.equal(pkg.scripts[hook], undefined, hook);
    // npm runs `prepare` for git installs (a clone has no dist/); in the tarball dist/ is built.
    const marker = join(project.packageDir, "dist", "esm", "index.js");
    const before = readFileSync(marker, "utf8");
    const { stdout, stderr } = await run("sh", ["-c", pkg.scripts.prepare], { cwd: project.packageDir });
    assert.equal(stdout + stderr, "");
    assert.equal(readFileSync(marker, "utf8"), before);
    assert.ok(!existsSync(join(project.packageDir, "dist", ".built")), "the build stamp is not shipped");
  });

  test("package.json names the repository, the homepage and where to report bugs", () => {
    const pkg = JSON.parse(readFileSync(join(project.packageDir, "package.json"), "utf8")) as {
      repository?: { url?: string };
      homepage?: string;
      bugs?: { url?: string };
    };
    assert.match(pkg.repository?.url ?? "", /github\.com\/azure-redis-entra\/azure-redis-entra/);
    assert.match(pkg.homepage ?? "", /^https:\/\//);
    assert.match(pkg.bugs?.url ?? "", /\/issues$/);
  });
});
