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
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
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

let packed: Promise<string> | undefined;

/**
 * Packs the repository once per process and returns the tarball's path, the way `npm pack` does it
 * (lifecycle scripts included: `prepack` and `prepare` find dist/ up to date after ensureBuilt, so
 * no other test sees dist/ disappear).
 */
export function packTarball(): Promise<string> {
  packed ??= (async () => {
    await ensureBuilt();
    const out = mkdtempSync(join(tmpdir(), "are-pack-"));
    const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", out, "--loglevel=error"], {
      cwd: REPO,
      maxBuffer: 64 << 20,
    });
    const [info] = JSON.parse(stdout) as { filename: string }[];
    return join(out, info.filename);
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

/**
 * Creates a temporary project (`files` are written into it first, e.g. a Pulumi program) and
 * installs the packed tarball there with npm (dependencies from npm's cache when it has them), with
 * its lifecycle scripts: the tarball needs none (dist/ is in it).
 */
export async function installPacked(files: Record<string, string> = {}): Promise<InstalledProject> {
  const tarball = await packTarball();
  const dir = mkdtempSync(join(tmpdir(), "are-installed-"));
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({ name: "installed-copy-test", private: true }, null, 2),
  );
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  await run("npm", ["install", tarball, "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd: dir,
    maxBuffer: 64 << 20,
    env: { ...process.env, npm_config_update_notifier: "false" },
  });
  const packageDir = join(dir, "node_modules", "azure-redis-entra");
  return {
    dir,
    packageDir,
    cliMain: join(packageDir, "dist", "esm", "cli", "main.js"),
    bin: join(dir, "node_modules", ".bin", "azure-redis-entra"),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
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
