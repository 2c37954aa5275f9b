/**
 * Which Node.js each CLI command needs, and the message when the running one is older. The client,
 * the testing kit and the components work on Node.js 20; `preview` (and the preview step of `demo`)
 * loads the user's program through `module.registerHooks`, which Node.js added in 22.15 (and 23.5).
 */
import * as nodeModule from "node:module";
import { CliError } from "./errors.ts";

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

/** The one-paragraph explanation of a too-old Node.js for `what` (e.g. "preview"). */
export function nodeTooOldMessage(what: string, need: { version: string; reason: string }, running: string) {
  const major = parseNodeVersion(need.version)[0];
  return (
    `${what} needs Node.js ${need.version} or later (${need.reason}); this is Node.js ${running.replace(/^v/, "")}. ` +
    `Install Node.js ${major === 22 ? "22.15+ or 24" : major} (https://nodejs.org/en/download, or \`nvm install 24\`) and run it again.`
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
