/**
 * Which Node.js each CLI command needs, and the message when the running one is older. The package
 * supports Node.js 22.15+, 24 and 26 (package.json engines; README, "Node.js versions"): `preview`
 * (and the preview step of `demo`) loads the user's program through `module.registerHooks`, which
 * Node.js added in 22.15 (and 23.5). On an older Node.js the message gives the one command that runs
 * the same command line on Node.js 24 with nothing to install first (npx's `node` package).
 */
import * as nodeModule from "node:module";
import { join, sep } from "node:path";
import { CliError } from "./cli-errors.ts";
import { PACKAGE_ROOT } from "./package-info.ts";

/** The oldest Node.js `preview` runs on, and why. */
export const PREVIEW_NODE = {
  version: "22.15.0",
  reason: "it loads your program through module.registerHooks",
} as const;

/** `[major, minor, patch]` of a version string such as "v22.15.0" or "20.20.2". */
export function parseNodeVersion(version: string): [number, number, number] {
  const [major = 0, minor = 0, patch = 0] = version
    .replace(/^v/, "")
    .split(".")
    .map((p) => Number.parseInt(p, 10) || 0);
  return [major, minor, patch];
}

/** True when `version` is at least `minimum`. */
export function nodeAtLeast(version: string, minimum: string): boolean {
  const a = parseNodeVersion(version);
  const b = parseNodeVersion(minimum);
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
}

/** `arg` as a POSIX shell word. */
function shellWord(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`;
}

/**
 * The one command that runs this CLI with `args` on Node.js 24, for how this copy was installed: in
 * this repository, scripts/node.sh (which brings a new enough Node.js) on the sources; installed in a
 * project, npx with the registry's `node` package first on PATH (the bin's `#!/usr/bin/env node` then
 * finds it); in npx's cache, the same with the package named.
 */
export function onNewerNodeCommand(args: readonly string[], root = PACKAGE_ROOT): string {
  const line = args.map(shellWord).join(" ");
  const parts = root.split(sep);
  if (!parts.includes("node_modules"))
    return `sh ${shellWord(join(root, "scripts", "node.sh"))} ${shellWord(join(root, "src", "cli", "main.ts"))} ${line}`;
  if (parts.includes("_npx")) return `npx -p node@24 -p azure-redis-entra azure-redis-entra ${line}`;
  return `npx -p node@24 azure-redis-entra ${line}`;
}

/**
 * The one-paragraph explanation of a too-old Node.js for `what` (e.g. "preview"), ending with the
 * command that runs `args` (this process's command line) on a new enough one.
 */
export function nodeTooOldMessage(
  what: string,
  need: { version: string; reason: string },
  running: string,
  args: readonly string[] = process.argv.slice(2),
  root = PACKAGE_ROOT,
) {
  return (
    `${what} needs Node.js ${need.version} or later (${need.reason}); this is Node.js ${running.replace(/^v/, "")}. ` +
    `Run it on Node.js 24 with: ${onNewerNodeCommand(args, root)} ` +
    `(or install Node.js 22.15+, 24 or 26: https://nodejs.org/en/download).`
  );
}

/** True when this Node.js can run `preview` (has module.registerHooks). */
export function canRunPreview(version = process.version): boolean {
  const hooks = (nodeModule as Partial<typeof nodeModule>).registerHooks;
  return typeof hooks === "function" && nodeAtLeast(version, PREVIEW_NODE.version);
}

/** Throws the CLI's one-line error when this Node.js can't run `preview`. */
export function requirePreviewNode(what = "preview"): void {
  if (!canRunPreview()) throw new CliError(nodeTooOldMessage(what, PREVIEW_NODE, process.version));
}
