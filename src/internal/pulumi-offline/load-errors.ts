/**
 * Turns a failure to load a program (a module not installed, a directory import in an ES module,
 * TypeScript Node.js can't strip, a syntax error) into one message that names the program's file and
 * the real cause, with the fix. Errors the program throws while running are left as they are.
 */
import { readFileSync, realpathSync } from "node:fs";
import { relative, resolve } from "node:path";
import { PACKAGE_ROOT } from "../package-info.ts";
import { installCommand } from "../package-install.ts";
import type { PreviewError, PreviewSpec } from "./model.ts";

/** The name of the errors this module produces. */
export const LOAD_ERROR = "ProgramLoadError";

function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/** "@scope/name" or "name" of a bare specifier. */
export function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

function installLine(pkgs: string[]): string {
  return `npm install ${pkgs.join(" ")}`;
}

function samePath(a: string, b: string): boolean {
  const norm = (p: string): string => {
    try {
      return realpathSync(p);
    } catch {
      return resolve(p);
    }
  };
  return norm(a) === norm(b);
}

/** The fix when `pkg` (which `programDir`'s program imports) is installed nowhere. */
export function missingPackageFix(pkg: string, programDir: string): string {
  const shared = pkg.startsWith("@pulumi/") || pkg === "azure-redis-entra";
  const where = shared
    ? `in the program's node_modules, nor next to azure-redis-entra (${PACKAGE_ROOT})`
    : `in the program's node_modules`;
  const pkgs = pkg.startsWith("@pulumi/")
    ? [...new Set(["@pulumi/pulumi", pkg, ...(pkg === "@pulumi/pulumi" ? ["@pulumi/azure-native"] : [])])]
    : [pkg];
  // The quick start shipped in this package: the peers go where the package is installed (a
  // project's node_modules, or npx's set of packages), not into the package's own folder.
  if (samePath(programDir, PACKAGE_ROOT) && shared)
    return `"${pkg}" is not installed ${where}: run ${installCommand(pkgs, PACKAGE_ROOT, "preview")}`;
  return `"${pkg}" is not installed ${where}: run \`${installLine(pkgs)}\` in ${programDir}`;
}

const NO_TRANSFORM =
  "this Node.js can only strip types, not transform them: replace the construct (an enum by an `as const` object), " +
  "or use a Node.js with --experimental-transform-types (22.7 to 24)";
const DECORATOR =
  "it uses a decorator, which Node.js's type stripping can't run (nor can pulumi for an ES module program): " +
  'make it a CommonJS program (no "type": "module"; Pulumi and preview compile it with TypeScript) or call the function instead';

function hasDecorator(file: string | undefined): boolean {
  if (!file || !/\.[cm]?tsx?$/.test(file)) return false;
  try {
    return /^\s*@[A-Za-z_$][\w$.]*(\(|\s*$)/m.test(readFileSync(file, "utf8"));
  } catch {
    return false;
  }
}

/**
 * One PreviewError for a load failure of `programFile`, or undefined when `err` is not one.
 * `lastFile` is the TypeScript file loaded last (a SyntaxError from Node.js's stripping names none).
 */
export function explainLoadError(
  err: unknown,
  spec: Pick<PreviewSpec, "programFile" | "projectDir" | "cwd">,
  lastFile?: string,
): PreviewError | undefined {
  const { programFile, projectDir: programDir } = spec;
  const rel = (p: string): string => relative(spec.cwd, p) || p;
  const code = codeOf(err);
  const message = err instanceof Error ? err.message : String(err);
  const file = rel(programFile);
  const say = (text: string): PreviewError => ({
    name: LOAD_ERROR,
    message: `${file} could not be loaded: ${text}`,
  });
  switch (code) {
    case "ERR_MODULE_NOT_FOUND":
    case "MODULE_NOT_FOUND": {
      const pkg = /Cannot find package '([^']+)'/.exec(message)?.[1];
      const mod = /Cannot find module '([^']+)'/.exec(message)?.[1];
      const from = /imported from (\S+)|Require stack:\n- (\S+)/.exec(message);
      const by = from?.[1] ?? from?.[2];
      // The resolution hook re-anchors shared packages at a package.json: that is not the importer.
      const importer = by && !by.endsWith("package.json") ? ` (imported by ${rel(by)})` : "";
      const spec = pkg ?? mod;
      if (spec && !spec.startsWith("/") && !spec.startsWith(".") && !/^[a-z]:\\/i.test(spec))
        return say(`${missingPackageFix(packageName(spec), programDir)}${importer}`);
      return say(`${spec ? `"${spec}" does not exist` : message.split("\n")[0]}${importer}`);
    }
    case "ERR_UNSUPPORTED_DIR_IMPORT": {
      const m = /Directory import '([^']+)' is not supported[^\n]*?imported from (\S+)/.exec(message);
      const dir = m?.[1] ?? "";
      const sub = /node_modules\/(.+)$/.exec(dir)?.[1] ?? dir;
      return say(
        `it imports the folder "${sub}", and ES modules can't import folders (pulumi fails the same way): ` +
          `import "${sub}/index.js" instead${m?.[2] ? ` (in ${rel(m[2])})` : ""}`,
      );
    }
    case "ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX":
    case "ERR_INVALID_TYPESCRIPT_SYNTAX":
      return say(`${message.split("\n")[0]}; ${NO_TRANSFORM}`);
    case "ERR_UNKNOWN_FILE_EXTENSION":
      return say(message.split("\n")[0]);
    case "ERR_REQUIRE_ASYNC_MODULE":
      return say(
        `it require()s an ES module with top-level await; give its package.json "type": "module" so pulumi import()s it (${message.split("\n")[0]})`,
      );
    default:
      if (err instanceof SyntaxError) {
        const where = lastFile && lastFile !== programFile ? ` in ${rel(lastFile)}` : "";
        if (hasDecorator(lastFile ?? programFile))
          return say(`${message.split("\n")[0]}${where}: ${DECORATOR}`);
        return say(`${message.split("\n")[0]}${where}`);
      }
      return undefined;
  }
}
