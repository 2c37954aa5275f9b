/**
 * Module resolution for the preview child: which copy of `@pulumi/*` and `azure-redis-entra` the
 * program, the components and the child itself get. Every importer gets the same copy of each (one
 * Pulumi SDK instance, so the mocks the child sets are the ones the program's resources see):
 *
 * - a package installed in the program's own node_modules (its folder or one above) is used, with
 *   the program's version;
 * - otherwise this package's: its own entry points for `azure-redis-entra`, and the `@pulumi/*`
 *   installed next to it (this repository's node_modules, or the project it is installed in).
 */
import * as nodeModule from "node:module";
import { existsSync, realpathSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { MODULE_EXT, ENTRY_DIR_URL, PACKAGE_ROOT } from "../package-info.ts";

/** A bare specifier of a package the program and this package share, split into name and subpath. */
const SHARED = /^(@pulumi\/[^/]+|azure-redis-entra)(\/.*)?$/;

/** Where the shared packages come from in this run. */
export interface PreviewResolution {
  /** Each shared package resolved so far (e.g. "@pulumi/pulumi"): its folder and where it comes from. */
  readonly loaded: Map<string, { path: string; from: "program" | "azure-redis-entra" }>;
  /** The folder of `pkg` as the hook resolves it, or undefined when it is installed nowhere. */
  packageDir(pkg: string): string | undefined;
}

/** The folder above `dir` (or `dir`) whose node_modules holds `pkg`. */
export function installedAbove(dir: string, pkg: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    const p = join(d, "node_modules", pkg, "package.json");
    if (existsSync(p)) return dirname(p);
    if (dirname(d) === d) return undefined;
  }
}

/** The folder holding `pkg` for the policy host: the pack's node_modules, else this package's. */
export function policyPeerDir(packDir: string, pkg: string, root = PACKAGE_ROOT): string | undefined {
  return installedAbove(packDir, pkg) ?? installedAbove(root, pkg);
}

function realpath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

const OWN_ENTRIES = new Set(["", "/client", "/testing", "/cli"]);

/** True while requireFrom resolves (its own lookup goes through the hook again). */
let resolvingForRequire = false;

/** requireFrom's answers: a program's modules require the same few shared specifiers hundreds of times. */
const required = new Map<string, string>();

/**
 * `require(specifier)` as if from `anchor` (a package.json URL). A require() ignores a parentURL the
 * hook substitutes (CommonJS looks in its caller's node_modules paths), so it is resolved here.
 */
function requireFrom(anchor: string, specifier: string): { url: string; shortCircuit: true } {
  const key = `${anchor}\n${specifier}`;
  let url = required.get(key);
  if (url === undefined) {
    resolvingForRequire = true;
    try {
      url = pathToFileURL(nodeModule.createRequire(fileURLToPath(anchor)).resolve(specifier)).href;
    } finally {
      resolvingForRequire = false;
    }
    required.set(key, url);
  }
  return { url, shortCircuit: true };
}

/**
 * Installs the hook (synchronous, in-thread: affects both import and require) for a program whose
 * project folder is `programDir`.
 */
export function installPreviewResolution(programDir: string): PreviewResolution {
  const programAnchor = pathToFileURL(join(programDir, "package.json")).href;
  const ownAnchor = pathToFileURL(join(PACKAGE_ROOT, "package.json")).href;
  const ownRoot = realpath(PACKAGE_ROOT);
  const loaded: PreviewResolution["loaded"] = new Map();
  const homes = new Map<string, string | undefined>();

  /** The anchor to resolve `pkg` from: the program's folder when its node_modules has it, else ours. */
  function home(pkg: string): string | undefined {
    if (homes.has(pkg)) return homes.get(pkg);
    const mine = installedAbove(programDir, pkg);
    let anchor: string | undefined;
    if (pkg === "azure-redis-entra") {
      // The program's own install, unless it is this very copy (a symlink or a self-reference).
      anchor = mine && realpath(mine) !== ownRoot ? programAnchor : undefined;
    } else {
      anchor = mine ? programAnchor : installedAbove(PACKAGE_ROOT, pkg) ? ownAnchor : undefined;
    }
    homes.set(pkg, anchor);
    return anchor;
  }

  const dirs = new Map<string, string | undefined>();
  function packageDir(pkg: string): string | undefined {
    if (dirs.has(pkg)) return dirs.get(pkg);
    let dir: string | undefined;
    if (pkg === "azure-redis-entra" && !home(pkg)) dir = PACKAGE_ROOT;
    else {
      const anchor = home(pkg);
      if (anchor) dir = installedAbove(anchor === programAnchor ? programDir : PACKAGE_ROOT, pkg);
    }
    dirs.set(pkg, dir);
    return dir;
  }

  const registerHooks = (nodeModule as Partial<typeof nodeModule>).registerHooks;
  if (typeof registerHooks !== "function") throw new Error("module.registerHooks is not available");
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const m = SHARED.exec(specifier);
      if (!m) return nextResolve(specifier, context);
      const pkg = m[1];
      const sub = m[2] ?? "";
      const anchor = home(pkg);
      if (pkg === "azure-redis-entra" && !anchor) {
        loaded.set(pkg, { path: PACKAGE_ROOT, from: "azure-redis-entra" });
        if (OWN_ENTRIES.has(sub)) {
          const url = new URL(`${sub ? sub.slice(1) + "/" : ""}index${MODULE_EXT}`, ENTRY_DIR_URL).href;
          return { url, shortCircuit: true };
        }
        return nextResolve(specifier, { ...context, parentURL: ownAnchor });
      }
      // Installed nowhere: let Node.js report it from the importer (the load error explains it).
      if (!anchor || resolvingForRequire) return nextResolve(specifier, context);
      const r = context.conditions?.includes("require")
        ? requireFrom(anchor, specifier)
        : nextResolve(specifier, { ...context, parentURL: anchor });
      const dir = packageDir(pkg);
      if (dir && !loaded.has(pkg)) {
        const ours = installedAbove(PACKAGE_ROOT, pkg);
        const from =
          pkg === "azure-redis-entra" || !ours || realpath(ours) !== realpath(dir)
            ? "program"
            : "azure-redis-entra";
        loaded.set(pkg, { path: dir, from });
      }
      return r;
    },
  });
  return { loaded, packageDir };
}
