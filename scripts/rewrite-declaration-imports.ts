/**
 * Rewrites relative `./x.ts` module specifiers in the emitted declaration files (`.d.ts`) to
 * `./x.js`. TypeScript's `rewriteRelativeImportExtensions` rewrites them in the JavaScript it emits
 * but leaves them in declarations, and TypeScript before 5.7 (and any consumer without
 * `allowImportingTsExtensions`) rejects a declaration that imports a `.ts` path.
 * Usage: node scripts/rewrite-declaration-imports.ts <dir>...
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** `from "./a.ts"`, `import("../b.ts")`, `import "./c.ts"`: relative specifiers ending in .ts. */
const RELATIVE_TS = /((?:\bfrom|\bimport)\s*\(?\s*["'])(\.\.?\/[^"'\n]*?)\.ts(["'])/g;

/** The declaration text with every relative `.ts` specifier turned into `.js`. */
function rewriteDeclaration(text: string): string {
  return text.replace(RELATIVE_TS, "$1$2.js$3");
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith(".d.ts") ? [join(dir, e.name)] : [],
  );
}

{
  let changed = 0;
  for (const dir of process.argv.slice(2)) {
    for (const file of walk(dir)) {
      const before = readFileSync(file, "utf8");
      const after = rewriteDeclaration(before);
      if (after !== before) {
        writeFileSync(file, after);
        changed++;
      }
    }
  }
  console.log(`rewrote .ts specifiers in ${changed} declaration files`);
}
