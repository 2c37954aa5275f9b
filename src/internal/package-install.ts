/**
 * How this copy of the package was installed (the repository, a project's node_modules, or npx's
 * cache), and the exact command that brings a missing peer to it: the fixes `demo`, `doctor`,
 * `preview` and the offline host's load errors print.
 */
import { createRequire } from "node:module";
import { dirname, join, sep } from "node:path";
import { PACKAGE_ROOT } from "./package-info.ts";

/** True when `pkg` resolves from this package's folder (as its own imports would). */
export function installedHere(pkg: string, root = PACKAGE_ROOT): boolean {
  try {
    createRequire(join(root, "package.json")).resolve(pkg);
    return true;
  } catch {
    return false;
  }
}

/** How this copy was installed: the repository, a project's node_modules, or npx's cache. */
export function installKind(root = PACKAGE_ROOT): "repository" | "project" | "npx" {
  const parts = root.split(sep);
  if (!parts.includes("node_modules")) return "repository";
  return parts.includes("_npx") ? "npx" : "project";
}

/** The project folder whose node_modules holds this copy. */
function projectDir(root: string): string {
  let d = root;
  while (d !== dirname(d) && !d.endsWith(`${sep}node_modules`)) d = dirname(d);
  return dirname(d);
}

/**
 * The exact command that brings `pkgs` to this copy of the CLI; through npx, the command line
 * (`command`, default `demo`) run again with them.
 */
export function installCommand(pkgs: string[], root = PACKAGE_ROOT, command = "demo"): string {
  switch (installKind(root)) {
    case "repository":
      return `npm ci (in ${root})`;
    case "npx":
      return `npx ${["azure-redis-entra", ...pkgs].map((p) => `-p ${p}`).join(" ")} azure-redis-entra ${command}`;
    default:
      return `npm install ${pkgs.join(" ")} (in ${projectDir(root)})`;
  }
}
