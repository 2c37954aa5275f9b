/**
 * How the preview child runs a program's TypeScript, as `pulumi preview` would:
 *
 * - A CommonJS program (no `"type": "module"`) with the runtime option `typescript` on (Pulumi's
 *   default) is compiled by TypeScript with the program's tsconfig.json, as Pulumi's ts-node does:
 *   the program's own `typescript`, else this package's, else the copy Pulumi's SDK vendors. Enums,
 *   namespaces, parameter properties and decorators (with `experimentalDecorators`) all run, and
 *   `import x from "./util"` finds util.ts.
 * - An ES module program (or `typescript: false`) is type-stripped by Node.js itself; the child runs
 *   with `--experimental-transform-types` where this Node.js has it, so enums and namespaces run too.
 * - TypeScript inside node_modules (which Node.js refuses to strip) is stripped here, so the
 *   quick-start program of an installed copy previews.
 */
import * as nodeModule from "node:module";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { inNodeModules } from "./locate.ts";
import { loadTypeScript, type TypeScriptApi } from "./typescript-compiler.ts";
import type { PreviewSpec } from "./model.ts";

const TS_FILE = /\.(ts|tsx|cts|mts)$/;

/** The nearest package.json's "type" for a file (cached per folder). */
const scopeTypes = new Map<string, string>();
function scopeType(file: string): string {
  const dir = dirname(file);
  const known = scopeTypes.get(dir);
  if (known) return known;
  let type = "commonjs";
  for (let d = dir; ; d = dirname(d)) {
    const p = join(d, "package.json");
    if (existsSync(p)) {
      try {
        type = (JSON.parse(readFileSync(p, "utf8")) as { type?: string }).type ?? "commonjs";
      } catch {
        /* an unreadable package.json counts as CommonJS, as in Node.js */
      }
      break;
    }
    if (dirname(d) === d) break;
  }
  scopeTypes.set(dir, type);
  return type;
}

function formatOf(file: string): "module" | "commonjs" {
  if (file.endsWith(".mts")) return "module";
  if (file.endsWith(".cts")) return "commonjs";
  return scopeType(file) === "module" ? "module" : "commonjs";
}

/** Line number (1-based) of a character offset. */
function lineOf(text: string, offset: number | undefined): number {
  return offset === undefined ? 1 : text.slice(0, offset).split("\n").length;
}

let lastFile: string | undefined;

/** The TypeScript file loaded last: the one a SyntaxError without a location is about. */
export function lastTypeScriptFile(): string | undefined {
  return lastFile;
}

/** Installs the load hook for the program described by `spec`. */
export function installTypeScriptLoading(spec: PreviewSpec, pulumiDir: () => string | undefined): void {
  const transform = process.execArgv.includes("--experimental-transform-types");
  const compileCommonJs = spec.typescript && spec.moduleKind === "cjs";
  let compiler: { ts: TypeScriptApi; options: Record<string, unknown> } | undefined;

  function tsc(): { ts: TypeScriptApi; options: Record<string, unknown> } {
    if (compiler) return compiler;
    const { ts } = loadTypeScript(spec.projectDir, pulumiDir());
    let options: Record<string, unknown> = {};
    if (spec.tsconfig) {
      const read = ts.readConfigFile(spec.tsconfig, (p) => readFileSync(p, "utf8"));
      options = ts.parseJsonConfigFileContent(read.config ?? {}, ts.sys, dirname(spec.tsconfig)).options;
    }
    for (const k of ["noEmit", "declaration", "composite", "emitDeclarationOnly", "incremental", "sourceMap"])
      delete options[k];
    options = {
      ...options,
      module: ts.ModuleKind.CommonJS,
      verbatimModuleSyntax: false,
      inlineSourceMap: false,
    };
    compiler = { ts, options };
    return compiler;
  }

  nodeModule.registerHooks({
    resolve(specifier, context, nextResolve) {
      try {
        return nextResolve(specifier, context);
      } catch (err) {
        // ts-node lets a compiled program `require("./util")` find util.ts (or util/index.ts).
        const parent = context.parentURL;
        if (!compileCommonJs || !specifier.startsWith(".") || !parent?.startsWith("file:")) throw err;
        if (inNodeModules(fileURLToPath(parent))) throw err;
        for (const ext of [".ts", ".tsx", ".cts", "/index.ts"]) {
          try {
            return nextResolve(specifier + ext, context);
          } catch {
            /* next extension */
          }
        }
        throw err;
      }
    },
    load(url, context, nextLoad) {
      if (!url.startsWith("file:") || !TS_FILE.test(url)) return nextLoad(url, context);
      const file = fileURLToPath(url);
      lastFile = file;
      const format = formatOf(file);
      if (compileCommonJs && format === "commonjs" && !inNodeModules(file)) {
        const source = readFileSync(file, "utf8");
        const { ts, options } = tsc();
        const out = ts.transpileModule(source, {
          compilerOptions: options,
          fileName: file,
          reportDiagnostics: true,
        });
        const error = out.diagnostics?.find((d) => d.category === 1);
        if (error) {
          const e = new SyntaxError(
            `${file}:${lineOf(source, error.start)}: ${ts.flattenDiagnosticMessageText(error.messageText, "\n")} (TypeScript ${ts.version})`,
          );
          throw e;
        }
        return { format: "commonjs", source: out.outputText, shortCircuit: true };
      }
      if (inNodeModules(file)) {
        const source = readFileSync(file, "utf8");
        const code = nodeModule.stripTypeScriptTypes(source, {
          mode: transform ? "transform" : "strip",
          sourceUrl: url,
        });
        return { format, source: code, shortCircuit: true };
      }
      return nextLoad(url, context);
    },
  });
}
