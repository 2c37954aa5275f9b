/**
 * Turns a failure to load a program (a module not installed, a directory import in an ES module,
 * TypeScript Node.js can't strip, a syntax error) into one message that names the program's file and
 * the real cause, with the fix. Errors the program throws while running are left as they are.
 */
import { relative } from "node:path";
import { PACKAGE_ROOT } from "../package-info.ts";
import type { PreviewError } from "./model.ts";

/** The name of the errors this module produces. */
export const LOAD_ERROR = "ProgramLoadError";

function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/** "@scope/name" or "name" of a bare specifier. */
export function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

function installLine(pkgs: string[]): string {
  return `npm install ${pkgs.join(" ")}`;
}

/** The fix when `pkg` (which `programDir`'s program imports) is installed nowhere. */
export function missingPackageFix(pkg: string, programDir: string): string {
  const shared = pkg.startsWith("@pulumi/") || pkg === "azure-redis-entra";
  const where = shared
    ? `neither in the program's node_modules nor next to azure-redis-entra (${PACKAGE_ROOT})`
    : `in the program's node_modules`;
  const pkgs = pkg.startsWith("@pulumi/")
    ? [...new Set(["@pulumi/pulumi", pkg, ...(pkg === "@pulumi/pulumi" ? ["@pulumi/azure-native"] : [])])]
    : [pkg];
  return `"${pkg}" is installed ${where}: run \`${installLine(pkgs)}\` in ${programDir}`;
}

/** One PreviewError for a load failure of `programFile`, or undefined when `err` is not one. */
export function explainLoadError(err: unknown, programFile: string, programDir: string): PreviewError | undefined {
  const code = codeOf(err);
  const message = err instanceof Error ? err.message : String(err);
  const file = relative(process.cwd(), programFile) || programFile;
  const say = (text: string): PreviewError => ({ name: LOAD_ERROR, message: `${file} could not be loaded: ${text}` });
  switch (code) {
    case "ERR_MODULE_NOT_FOUND":
    case "MODULE_NOT_FOUND": {
      const pkg = /Cannot find package '([^']+)'/.exec(message)?.[1];
      const mod = /Cannot find module '([^']+)'/.exec(message)?.[1];
      const from = /imported from (\S+)|Require stack:\n- (\S+)/.exec(message);
      const importer = from ? ` (imported by ${relative(process.cwd(), from[1] ?? from[2] ?? "")})` : "";
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
          `import "${sub}/index.js" instead${m?.[2] ? ` (in ${relative(process.cwd(), m[2])})` : ""}`,
      );
    }
    case "ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX":
    case "ERR_INVALID_TYPESCRIPT_SYNTAX":
      return say(
        `${message.split("\n")[0]}. Node.js ${process.versions.node} only strips types here; ` +
          `enums, namespaces and parameter properties need --experimental-transform-types (Node.js 22.7+), ` +
          `decorators need a compiler: make it a CommonJS program (no "type": "module", Pulumi compiles it with ts-node) ` +
          `or replace the construct (e.g. an enum by an \`as const\` object)`,
      );
    case "ERR_UNKNOWN_FILE_EXTENSION":
      return say(message.split("\n")[0]!);
    case "ERR_REQUIRE_ASYNC_MODULE":
      return say(
        `it require()s an ES module with top-level await; give its package.json "type": "module" so pulumi import()s it (${message.split("\n")[0]})`,
      );
    default:
      if (err instanceof SyntaxError) return say(`${message.split("\n")[0]}`);
      return undefined;
  }
}
