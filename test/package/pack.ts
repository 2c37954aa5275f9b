/**
 * The package as users get it: `npm pack` of this repository (the tarball is the product), installed
 * with npm into a temporary project. Shared by the tests that run the installed copy (the CLI, the
 * entry points, the analyzer).
 *
 * Optional peers (`@pulumi/pulumi`, `@pulumi/azure-native`, `ioredis`, ...) are not installed by npm.
 * `installFromRegistry` installs them for real, at the versions this repository has installed (so
 * npm's cache at ~/.npm, filled by `npm ci`, serves them); `linkFromRepo` links this repository's
 * copies instead, for tests that only need a peer present.
 */
import { execFile } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The repository root. */
export const REPO = fileURLToPath(new URL("../../", import.meta.url));

let built: Promise<void> | undefined;

/**
 * Builds dist/ when it is missing or older than what it is built from: scripts/build-if-stale.sh,
 * the script `prepack` and `prepare` run (under `npm test` dist/ was just built, so nothing runs).
 */
export function ensureBuilt(): Promise<void> {
  built ??= (async () => {
    await run("sh", ["scripts/build-if-stale.sh"], { cwd: REPO, maxBuffer: 64 << 20 });
  })();
  return built;
}

/**
 * Where the tarball, the install it is copied from and the projects go: the folder
 * scripts/run-tests.ts makes for one run (AZURE_REDIS_ENTRA_TEST_RUN_DIR, removed when the run ends),
 * so that the test files of a run share one tarball and one install (each file's process would
 * otherwise pack and install the same bytes: about 3 and 7 CPU seconds); without it
 * (`node --test <file>`), a folder of this process's own, removed when it exits.
 */
let runDir: string | undefined;
function runFolder(): string {
  if (runDir) return runDir;
  const given = process.env.AZURE_REDIS_ENTRA_TEST_RUN_DIR;
  if (given) {
    mkdirSync(given, { recursive: true });
    runDir = given;
  } else {
    const dir = mkdtempSync(join(tmpdir(), "are-test-run-"));
    process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
    runDir = dir;
  }
  return runDir;
}

/** True while process `pid` runs. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * A folder of the run folder that `make` fills, made once per run: the first process makes it while
 * the others wait (up to 10 minutes), or take over when that process is gone. It sits beside the
 * projects, so the relative `file:` paths npm writes stay right in a copy.
 */
function oncePerRun(name: string, make: (dir: string) => Promise<void>): Promise<string> {
  const done = join(runFolder(), name);
  const lock = `${done}.lock`;
  const deadline = Date.now() + 600_000;
  return (async () => {
    for (;;) {
      if (existsSync(done)) return done;
      let mine = false;
      try {
        mkdirSync(lock);
        mine = true;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      }
      if (mine) {
        try {
          writeFileSync(join(lock, "pid"), String(process.pid));
          const work = mkdtempSync(`${done}-making-`);
          try {
            await make(work);
            renameSync(work, done);
          } catch (err) {
            rmSync(work, { recursive: true, force: true });
            throw err;
          }
          return done;
        } finally {
          rmSync(lock, { recursive: true, force: true });
        }
      }
      // Another process is making it: wait, or take over when that process is gone.
      let owner = NaN;
      try {
        owner = Number(readFileSync(join(lock, "pid"), "utf8"));
      } catch {
        // Not written yet (or the lock just went): look again.
      }
      if (Number.isInteger(owner) && owner > 0 && !alive(owner))
        rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`${name}: no ${done} after 10 minutes (lock ${lock})`);
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
}

let packed: Promise<string> | undefined;

/**
 * Packs the repository once per run (see runFolder) and returns the tarball's path, the
 * way `npm pack` does it (lifecycle scripts included: `prepack` and `prepare` find dist/ up to date
 * after ensureBuilt, so no other test sees dist/ disappear).
 */
export function packTarball(): Promise<string> {
  packed ??= (async () => {
    await ensureBuilt();
    const out = await oncePerRun("pack", async (dir) => {
      await run("npm", ["pack", "--json", "--pack-destination", dir, "--loglevel=error"], {
        cwd: REPO,
        maxBuffer: 64 << 20,
      });
    });
    const [file] = readdirSync(out).filter((f) => f.endsWith(".tgz"));
    return join(out, file);
  })();
  return packed;
}

/** A temporary project with the packed package installed by npm. */
export interface InstalledProject {
  /** The project folder (has package.json and node_modules). */
  dir: string;
  /** The installed package's folder, node_modules/azure-redis-entra. */
  packageDir: string;
  /** The installed CLI entry (dist/esm/cli/main.js). */
  cliMain: string;
  /** The bin link npm made, node_modules/.bin/azure-redis-entra. */
  bin: string;
  /** Removes the project. */
  remove(): void;
}

let installed: Promise<string> | undefined;

/**
 * A project with the packed tarball installed by npm (dependencies from npm's cache when it has
 * them), with its lifecycle scripts (the tarball needs none: dist/ is in it): made once per run
 * (else per process), and copied for each project.
 */
function installedTemplate(): Promise<string> {
  installed ??= (async () => {
    const tarball = await packTarball();
    return oncePerRun("installed", async (dir) => {
      writeFileSync(
        join(dir, "package.json"),
        JSON.stringify({ name: "installed-copy-test", private: true }, null, 2),
      );
      await run(
        "npm",
        ["install", tarball, "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"],
        {
          cwd: dir,
          maxBuffer: 64 << 20,
          env: { ...process.env, npm_config_update_notifier: "false" },
        },
      );
    });
  })();
  return installed;
}

/**
 * Creates a temporary project (`files` are written into it, e.g. a Pulumi program) with the packed
 * tarball installed by npm: a copy of one install (installedTemplate), its links as npm made them.
 * A `package.json` among `files` gets the dependency npm added to the installed project's.
 */
export async function installPacked(files: Record<string, string> = {}): Promise<InstalledProject> {
  const template = await installedTemplate();
  const dir = mkdtempSync(join(runFolder(), "project-"));
  cpSync(template, dir, { recursive: true, verbatimSymlinks: true });
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(
      join(dir, name),
      name === "package.json" ? withInstalledDependencies(template, text) : text,
    );
  }
  const packageDir = join(dir, "node_modules", "azure-redis-entra");
  return {
    dir,
    packageDir,
    cliMain: join(packageDir, "dist", "esm", "cli", "main.js"),
    bin: join(dir, "node_modules", ".bin", "azure-redis-entra"),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** `text` (a package.json) with the dependencies npm wrote into the installed project's package.json. */
function withInstalledDependencies(template: string, text: string): string {
  type Manifest = { dependencies?: Record<string, string> };
  const installedManifest = JSON.parse(readFileSync(join(template, "package.json"), "utf8")) as Manifest;
  const manifest = JSON.parse(text) as Manifest;
  manifest.dependencies = { ...manifest.dependencies, ...installedManifest.dependencies };
  return JSON.stringify(manifest, null, 2) + "\n";
}

/** The version of `pkg` this repository has installed (what `npm ci` put in node_modules). */
export function repoVersion(pkg: string): string {
  const file = join(REPO, "node_modules", pkg, "package.json");
  return (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version;
}

/**
 * Installs `packages` into `dir` from the npm registry, as a user would (`npm install`, nothing linked
 * from this repository), each at the version this repository has installed, so that npm's cache
 * (filled by `npm ci`) serves them without the network.
 */
export async function installFromRegistry(dir: string, packages: string[]): Promise<void> {
  await run(
    "npm",
    [
      "install",
      ...packages.map((p) => `${p}@${repoVersion(p)}`),
      "--prefer-offline",
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
    ],
    { cwd: dir, maxBuffer: 64 << 20, env: { ...process.env, npm_config_update_notifier: "false" } },
  );
}

/**
 * Links this repository's installed copies of `packages` (e.g. "@pulumi/pulumi") into
 * `dir/node_modules`, as if the project had installed them. Links resolve to the repository's
 * files, so their own dependencies come from the repository's node_modules.
 */
export function linkFromRepo(dir: string, packages: string[]): void {
  for (const pkg of packages) {
    const source = join(REPO, "node_modules", pkg);
    if (!existsSync(source)) throw new Error(`${pkg} is not installed in ${REPO}node_modules`);
    const target = join(dir, "node_modules", pkg);
    if (existsSync(target)) continue;
    mkdirSync(dirname(target), { recursive: true });
    symlinkSync(source, target, "dir");
  }
}

/**
 * Links every package of this repository's node_modules that `dir/node_modules` lacks (scoped ones
 * one by one), so that a real copy placed there (e.g. of @pulumi/pulumi) finds its dependencies.
 */
export function linkAllMissingFromRepo(dir: string): void {
  const root = join(REPO, "node_modules");
  const names: string[] = [];
  for (const entry of readdirSync(root)) {
    if (entry.startsWith(".")) continue;
    if (entry.startsWith("@"))
      for (const sub of readdirSync(join(root, entry))) names.push(`${entry}/${sub}`);
    else names.push(entry);
  }
  linkFromRepo(
    dir,
    names.filter((n) => n !== "azure-redis-entra"),
  );
}
