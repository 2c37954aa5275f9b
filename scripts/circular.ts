/**
 * Prints every import cycle among the TypeScript files under a directory (default: src) and exits
 * non-zero if there is one. Type-only imports count: a circle of types still ties the files together.
 * The TypeScript compiler's own pre-processor reads each file's imports, re-exports and dynamic
 * imports; relative specifiers are resolved to files (`./a.ts`, `./a.js` → a.ts, `./dir` → dir/index.ts),
 * package specifiers are left out. Usage:
 *
 *   node scripts/circular.ts [dir]
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

/** Every .ts file under `dir` (declaration files left out), sorted. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => {
      const path = join(dir, e.name);
      if (e.isDirectory()) return e.name === "node_modules" ? [] : sourceFiles(path);
      return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [path] : [];
    })
    .sort();
}

/** The file a relative specifier names, or undefined for a package or a file that isn't there. */
function resolveSpecifier(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith("./") && !specifier.startsWith("../")) return undefined;
  const base = resolve(dirname(from), specifier);
  const candidates = [base, base.replace(/\.(m|c)?js$/, ".$1ts"), `${base}.ts`, join(base, "index.ts")];
  return candidates.find((c) => c.endsWith(".ts") && existsSync(c) && statSync(c).isFile());
}

/** The import graph of the files under `dir`: file → the files it imports, both absolute paths. */
export function importGraph(dir: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(resolve(dir))) {
    const info = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    const targets = info.importedFiles
      .map((f) => resolveSpecifier(file, f.fileName))
      .filter((t): t is string => t !== undefined);
    graph.set(file, [...new Set(targets)].sort());
  }
  return graph;
}

/**
 * Every cycle a depth-first walk finds (one per edge back to a file still on the walk's path), each
 * as the files in import order starting from its smallest path, without repeats.
 */
export function findCycles(graph: Map<string, string[]>): string[][] {
  const cycles = new Map<string, string[]>();
  const done = new Set<string>();
  const onPath: string[] = [];
  const visit = (file: string): void => {
    onPath.push(file);
    for (const next of graph.get(file) ?? []) {
      const at = onPath.indexOf(next);
      if (at >= 0) {
        const cycle = onPath.slice(at);
        const start = cycle.indexOf([...cycle].sort()[0]);
        const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
        cycles.set(rotated.join("\n"), rotated);
      } else if (!done.has(next) && graph.has(next)) {
        visit(next);
      }
    }
    onPath.pop();
    done.add(file);
  };
  for (const file of graph.keys()) if (!done.has(file)) visit(file);
  return [...cycles.values()].sort((a, b) => a.join("\n").localeCompare(b.join("\n")));
}

/** Runs the check on `dir` and prints what it found; returns the process exit code. */
export function main(dir: string, print: (line: string) => void = console.log): number {
  const graph = importGraph(dir);
  const cycles = findCycles(graph);
  const name = (f: string): string => relative(process.cwd(), f);
  if (cycles.length === 0) {
    print(`No import cycles among ${graph.size} files under ${name(resolve(dir)) || "."}.`);
    return 0;
  }
  print(`${cycles.length} import cycle(s) under ${name(resolve(dir)) || "."}:`);
  for (const [i, cycle] of cycles.entries()) print(`${i + 1}) ${[...cycle, cycle[0]].map(name).join(" → ")}`);
  return 1;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv[2] ?? "src");
}
