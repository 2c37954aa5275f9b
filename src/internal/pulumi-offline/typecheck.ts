/**
 * Type-checks a TypeScript program before `preview` runs it, as `pulumi preview` does. Pulumi's
 * Node.js language host (`@pulumi/pulumi/cmd/run/run.js`) loads TypeScript through ts-node, which
 * type-checks each file it compiles unless `transpileOnly` is on:
 *
 * - only with the runtime option `typescript` on (Pulumi.yaml `runtime.options.typescript`, default
 *   true; the host then sets `PULUMI_NODEJS_TYPESCRIPT=true`);
 * - `PULUMI_NODEJS_TRANSPILE_ONLY`, when set to anything non-empty, decides: `true` skips the check,
 *   any other value checks; unset, the tsconfig's own `compilerOptions.noCheck` decides (the file
 *   itself, not what it `extends`); otherwise the check runs (ts-node's default);
 * - the tsconfig is the runtime option `tsconfig` (`PULUMI_NODEJS_TSCONFIG_PATH`), default
 *   tsconfig.json in the project folder; Pulumi's defaults fill the options it leaves out (target
 *   ES2020, module and moduleResolution `nodenext` on TypeScript 4.7+, `commonjs`/`node` before);
 * - a CommonJS program goes through ts-node's `require` hook; an ES module program only through
 *   `ts-node/esm`, which Pulumi uses when it can resolve it (a `ts-node` the project installed) and
 *   TypeScript is newer than 4.7: without it Node.js strips the types unchecked, so this does too;
 * - ts-node reports the syntactic and semantic diagnostics of the files it compiles (the program's,
 *   not node_modules' nor declaration files), ignoring TS6059, TS18002 and TS18003.
 *
 * The compiler is the one the program's own `require("typescript")` finds, as Pulumi's SDK picks it,
 * else this package's, else the copy Pulumi's SDK vendors (see typescript-hooks.ts).
 */
import * as nodeModule from "node:module";
import { readFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { PACKAGE_ROOT, FROM_SOURCE } from "../package-info.ts";
import { inNodeModules } from "./locate.ts";
import { loadTypeScript, type TypeScriptChoice } from "./typescript-compiler.ts";
import { TYPE_ERROR, type PreviewError, type PreviewSpec } from "./model.ts";
import type * as TS from "typescript";

/** ts-node's default `ignoreDiagnostics`. */
const IGNORED = new Set([6059, 18002, 18003]);

/** Why a program is (not) type-checked, as one phrase for the preview's "Loaded as" line. */
export interface TypeCheckDecision {
  check: boolean;
  reason: string;
}

/** The tsconfig's own `compilerOptions.noCheck`, read as Pulumi reads it (no `extends`). */
function tsconfigNoCheck(tsconfig: string | undefined): boolean {
  if (!tsconfig) return false;
  try {
    // tsconfig.json allows comments and trailing commas: strip them the simple way for this one key.
    const text = readFileSync(tsconfig, "utf8");
    return /"noCheck"\s*:\s*true/.test(text.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, ""));
  } catch {
    return false;
  }
}

/** True when Pulumi would find `ts-node/esm` (resolved from its SDK's folder, as run.js does). */
function hasTsNodeEsm(pulumiDir: string | undefined): boolean {
  if (!pulumiDir) return false;
  try {
    nodeModule.createRequire(join(pulumiDir, "package.json")).resolve("ts-node/esm");
    return true;
  } catch {
    return false;
  }
}

/** Whether Pulumi would type-check this program, and why, from the same switches. */
export function typeCheckDecision(
  spec: Pick<PreviewSpec, "typescript" | "moduleKind" | "tsconfig" | "programFile">,
  env: NodeJS.ProcessEnv,
  pulumiDir: string | undefined,
): TypeCheckDecision {
  if (!spec.typescript) return { check: false, reason: "not type-checked (Pulumi.yaml typescript: false)" };
  if (!/\.(ts|tsx|cts|mts)$/.test(spec.programFile))
    return { check: false, reason: "not type-checked (a JavaScript entry)" };
  const flag = env.PULUMI_NODEJS_TRANSPILE_ONLY;
  if (flag) {
    if (flag === "true")
      return { check: false, reason: "not type-checked (PULUMI_NODEJS_TRANSPILE_ONLY=true)" };
  } else if (tsconfigNoCheck(spec.tsconfig)) {
    return { check: false, reason: "not type-checked (tsconfig.json compilerOptions.noCheck)" };
  }
  if (spec.moduleKind === "esm" && !hasTsNodeEsm(pulumiDir))
    return { check: false, reason: "not type-checked (an ES module program without ts-node, as pulumi)" };
  return { check: true, reason: "type-checked" };
}

/** Compiler options as ts-node gets them from Pulumi: the tsconfig over Pulumi's defaults. */
function compilerOptions(ts: typeof TS, tsconfig: string | undefined): TS.CompilerOptions {
  const nodeNext = Number(ts.version.split(".")[0]) * 100 + Number(ts.version.split(".")[1]) >= 407;
  const defaults: Record<string, unknown> = {
    target: "ES2020",
    module: nodeNext ? "nodenext" : "commonjs",
    moduleResolution: nodeNext ? "nodenext" : "node",
  };
  let raw: Record<string, unknown> = {};
  let base = dirname(tsconfig ?? PACKAGE_ROOT);
  if (tsconfig) {
    const read = ts.readConfigFile(tsconfig, (p) => ts.sys.readFile(p));
    raw = (read.config ?? {}) as Record<string, unknown>;
    base = dirname(tsconfig);
  }
  const own = (raw.compilerOptions ?? {}) as Record<string, unknown>;
  // ts-node reads `files`/`include` only with its `files` option (off): the entry's imports count.
  const json = { ...raw, compilerOptions: { ...defaults, ...own }, files: [], include: [] };
  const parsed = ts.parseJsonConfigFileContent(json, ts.sys, base, undefined, tsconfig);
  const options = parsed.options;
  for (const k of [
    "noEmit",
    "declaration",
    "composite",
    "emitDeclarationOnly",
    "incremental",
    "tsBuildInfoFile",
  ])
    delete options[k];
  return options;
}

/** This package's entry points (package.json `exports`), by subpath. */
const OWN_ENTRIES: Record<string, string> = {
  "": "index",
  "/client": "client/index",
  "/client/ioredis": "client/ioredis-entry",
  "/client/node-redis": "client/node-redis-entry",
  "/testing": "testing/index",
  "/policy": "policy/index",
  "/policy/pack": "policy/pack",
};

/** The file with the types of `azure-redis-entra<sub>` when a program runs with this copy. */
function ownTypesEntry(sub: string): string | undefined {
  const entry = OWN_ENTRIES[sub];
  if (!entry) return undefined;
  return FROM_SOURCE
    ? join(PACKAGE_ROOT, "src", `${entry}.ts`)
    : join(PACKAGE_ROOT, "dist", "cjs", `${entry}.d.ts`);
}

const SHARED = /^(@pulumi\/[^/]+|azure-redis-entra)(\/.*)?$/;

/** A file inside the folder that holds `packageDir`'s node_modules: resolving from it finds `packageDir`. */
function anchorOf(packageDir: string): string {
  const parts = packageDir.split(sep);
  const at = parts.lastIndexOf("node_modules");
  return join(at > 0 ? parts.slice(0, at).join(sep) || sep : packageDir, "package.json");
}

function position(ts: typeof TS, d: TS.Diagnostic, cwd: string): string {
  if (!d.file || d.start === undefined) return "";
  const { line, character } = ts.getLineAndCharacterOfPosition(d.file, d.start);
  const rel = relative(cwd, d.file.fileName);
  const name = rel && !rel.startsWith("..") ? rel : d.file.fileName;
  return `${name}:${line + 1}:${character + 1}: `;
}

/** The result of a check: TypeScript's errors, and which compiler found them. */
export interface TypeCheckResult {
  errors: PreviewError[];
  compiler: TypeScriptChoice;
}

/**
 * Type-checks the program's files as ts-node would. `packageDir` says where the run resolves a shared
 * package (`@pulumi/*`, `azure-redis-entra`), so the types match the code the program runs with.
 */
export function typeCheckProgram(
  spec: Pick<PreviewSpec, "programFile" | "projectDir" | "tsconfig" | "cwd">,
  packageDir: (pkg: string) => string | undefined,
): TypeCheckResult {
  const compiler = loadTypeScript(spec.projectDir, packageDir("@pulumi/pulumi"));
  const ts = compiler.ts as unknown as typeof TS;
  const options = compilerOptions(ts, spec.tsconfig);
  const host = ts.createCompilerHost(options, true);
  // As tsc does (TypeScript 5.3+): JSDoc comments of TypeScript files are parsed only where they can
  // matter to an error (@see, @link), the same errors as ts-node's full parse. The declaration files
  // of @pulumi/azure-native are mostly doc comments: this skips about a tenth of the check's CPU.
  const jsDoc = (ts as { JSDocParsingMode?: { ParseForTypeErrors: TS.JSDocParsingMode } }).JSDocParsingMode;
  if (jsDoc) host.jsDocParsingMode = jsDoc.ParseForTypeErrors;
  const resolveOne = (name: string, containingFile: string): TS.ResolvedModuleFull | undefined => {
    const m = SHARED.exec(name);
    if (m) {
      const dir = packageDir(m[1]);
      const own =
        m[1] === "azure-redis-entra" && dir === PACKAGE_ROOT ? ownTypesEntry(m[2] ?? "") : undefined;
      if (own) {
        const extension = own.endsWith(".d.ts") ? ts.Extension.Dts : ts.Extension.Ts;
        return { resolvedFileName: own, extension, isExternalLibraryImport: true };
      }
      if (dir) containingFile = anchorOf(dir);
    }
    return ts.resolveModuleName(name, containingFile, options, host).resolvedModule;
  };
  host.resolveModuleNames = (names, containingFile) =>
    names.map((n) => resolveOne(typeof n === "string" ? n : (n as { text: string }).text, containingFile));
  const program = ts.createProgram({ rootNames: [spec.programFile], options, host });
  // This package's own sources, when the program gets its types from them, are not the program's.
  const ownFiles = ["src", "dist"].map((d) => join(PACKAGE_ROOT, d, "/").replace(/\\/g, "/"));
  const errors: PreviewError[] = [];
  for (const file of program.getSourceFiles()) {
    if (file.isDeclarationFile || inNodeModules(file.fileName) || !/\.[cm]?tsx?$/.test(file.fileName))
      continue;
    if (ownFiles.some((dir) => file.fileName.startsWith(dir))) continue;
    const diagnostics = [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)];
    for (const d of diagnostics) {
      if (d.category !== ts.DiagnosticCategory.Error || IGNORED.has(d.code)) continue;
      errors.push({
        name: TYPE_ERROR,
        message: `${position(ts, d, spec.cwd)}error TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`,
      });
    }
  }
  return { errors, compiler: compiler.choice };
}
