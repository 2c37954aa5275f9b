/**
 * Finds a Pulumi Node.js program the way Pulumi's Node.js language host does
 * (`@pulumi/pulumi/cmd/run/run.js`): the entry comes from Pulumi.yaml `main`, else the program's
 * package.json `exports["."]` / `main`, else the folder's index file; the program is `import()`ed
 * when its package.json says `"type": "module"` and `require()`d otherwise; TypeScript is compiled
 * the way Pulumi's ts-node would (runtime option `typescript`, default true) or type-stripped by
 * Node.js (`typescript: false`).
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { UsageError } from "../cli-errors.ts";
import { PACKAGE_ROOT } from "../package-info.ts";

/** Where a program lives and how Pulumi would load it. */
export interface ProgramLocation {
  /** The program's entry file. */
  file: string;
  /** The Pulumi project name (Pulumi.yaml `name`, else the folder name). */
  project: string;
  /** The project folder (where Pulumi.yaml is; the program's working directory). */
  projectDir: string;
  /** `esm`: Pulumi import()s the entry (package.json "type": "module"); `cjs`: it require()s it. */
  moduleKind: "esm" | "cjs";
  /** Pulumi.yaml `runtime.options.typescript` (default true): TypeScript goes through a compiler. */
  typescript: boolean;
  /** The tsconfig.json Pulumi would read (runtime option `tsconfig`, default tsconfig.json), if present. */
  tsconfig?: string;
  /** The nearest package.json above the entry, if any. */
  packageJson?: string;
}

function yamlScalar(text: string, key: string, indent = ""): string | undefined {
  const m = text.match(new RegExp(`^${indent}${key}:[ \\t]*(.+?)\\s*$`, "m"));
  const v = m?.[1]?.replace(/\s+#.*$/, "");
  return v?.replace(/^["']|["']$/g, "");
}

/** The nearest file named `name` in `dir` or a folder above it. */
function findUp(dir: string, name: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    const p = join(d, name);
    if (existsSync(p)) return p;
    if (dirname(d) === d) return undefined;
  }
}

function readJson(path: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  } catch {
    return {};
  }
}

const isFile = (p: string): boolean => existsSync(p) && statSync(p).isFile();
const isDir = (p: string): boolean => existsSync(p) && statSync(p).isDirectory();

/** package.json `exports["."]` (string, or default/require/import) or `main`, as Pulumi reads it. */
function packageEntry(pkg: Record<string, unknown>): string | undefined {
  const exp = pkg.exports;
  if (typeof exp === "string") return exp;
  if (exp && typeof exp === "object") {
    const dot = (exp as Record<string, unknown>)["."];
    if (typeof dot === "string") return dot;
    if (dot && typeof dot === "object") {
      const d = dot as Record<string, unknown>;
      const pick = d.default ?? d.require ?? d.import;
      return typeof pick === "string" ? pick : undefined;
    }
    return undefined;
  }
  return typeof pkg.main === "string" ? pkg.main : undefined;
}

/** The index file Pulumi picks in a folder: ESM import() order, or require()'s (.js, then ts-node's .ts). */
function indexIn(dir: string, kind: "esm" | "cjs"): string | undefined {
  const order =
    kind === "esm" ? ["index.js", "index.mjs", "index.ts", "index.mts"] : ["index.js", "index.ts"];
  return order.map((f) => join(dir, f)).find(isFile);
}

/** The suggestion when `preview` gets no program. */
function noProgramHint(): string {
  const example = join(PACKAGE_ROOT, "examples", "private-link-vnet");
  const here = existsSync(example)
    ? `, e.g. azure-redis-entra preview ${relative(process.cwd(), example) || "."}`
    : "";
  return `give your program's folder (the one with Pulumi.yaml): azure-redis-entra preview <dir>${here}`;
}

/**
 * Resolves `program` (a folder with Pulumi.yaml, or a .ts/.js file; default: the quick-start program
 * shipped with this package) to its entry file and how Pulumi would load it.
 */
export function locateProgram(
  program: string | undefined,
  cwd = process.cwd(),
  env: NodeJS.ProcessEnv = process.env,
): ProgramLocation {
  const target = program ? resolve(cwd, program) : PACKAGE_ROOT;
  if (!program && !existsSync(join(PACKAGE_ROOT, "Pulumi.yaml"))) {
    throw new UsageError(
      `no program given, and this copy of azure-redis-entra (${PACKAGE_ROOT}) carries no quick-start program: ${noProgramHint()}`,
    );
  }
  if (!existsSync(target))
    throw new UsageError(
      `program "${program}" does not exist; give a directory with Pulumi.yaml or a .ts/.js file`,
    );
  const given = isFile(target) ? target : undefined;
  const yamlPath = given ? findUp(dirname(given), "Pulumi.yaml") : join(target, "Pulumi.yaml");
  const projectDir = yamlPath && existsSync(yamlPath) ? dirname(yamlPath) : given ? dirname(given) : target;
  const yaml = yamlPath && existsSync(yamlPath) ? readFileSync(yamlPath, "utf8") : "";
  const project = yamlScalar(yaml, "name") ?? basename(projectDir);
  // Pulumi's host sets PULUMI_NODEJS_TYPESCRIPT / PULUMI_NODEJS_TSCONFIG_PATH from the runtime
  // options, after the environment's own values (so an option wins; without one, the variable counts).
  const typescript =
    yamlScalar(yaml, "typescript", "\\s+") !== "false" || env.PULUMI_NODEJS_TYPESCRIPT === "true";
  const tsconfigOption =
    yamlScalar(yaml, "tsconfig", "\\s+") ?? (env.PULUMI_NODEJS_TSCONFIG_PATH || undefined);
  const tsconfigPath = resolve(projectDir, tsconfigOption ?? "tsconfig.json");
  if (typescript && tsconfigOption && !isFile(tsconfigPath))
    throw new UsageError(
      `the tsconfig path is set to ${tsconfigOption} (Pulumi.yaml runtime option tsconfig or PULUMI_NODEJS_TSCONFIG_PATH) but ${tsconfigPath} does not exist; fix the path or remove the setting`,
    );

  const main = given ? undefined : yamlScalar(yaml, "main");
  let entry = given ?? (main ? resolve(projectDir, main) : projectDir);
  if (!existsSync(entry))
    throw new UsageError(`Pulumi.yaml in ${projectDir} says main: ${main}, which does not exist`);
  const packageJson = findUp(isDir(entry) ? entry : dirname(entry), "package.json");
  const pkg = packageJson ? readJson(packageJson) : {};
  const moduleKind = pkg.type === "module" ? "esm" : "cjs";
  if (isDir(entry)) {
    // Without an explicit main Pulumi takes package.json's entry; only the program's own package.json
    // counts here (one further up, e.g. this repository's, describes a library, not the program).
    const ownPackage = packageJson && !relative(entry, dirname(packageJson)).startsWith("..");
    const fromPackage = !main && ownPackage ? packageEntry(pkg) : undefined;
    const candidate = fromPackage && packageJson ? resolve(dirname(packageJson), fromPackage) : undefined;
    if (candidate && isFile(candidate)) entry = candidate;
    else if (candidate && isDir(candidate)) entry = indexIn(candidate, moduleKind) ?? candidate;
    else entry = indexIn(entry, moduleKind) ?? entry;
  }
  if (!isFile(entry))
    throw new UsageError(
      `no Pulumi program found in ${entry}: expected Pulumi.yaml main, package.json "main", index.ts or index.js`,
    );
  return {
    file: entry,
    project,
    projectDir,
    moduleKind,
    typescript,
    ...(isFile(tsconfigPath) ? { tsconfig: tsconfigPath } : {}),
    ...(packageJson ? { packageJson } : {}),
  };
}

/** True when `path` is inside a node_modules folder. */
export function inNodeModules(path: string): boolean {
  return path.split(sep).includes("node_modules");
}
