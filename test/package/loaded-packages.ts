/**
 * Which npm packages a fresh Node.js process loads when it imports (or requires) some specifiers:
 * a synchronous module hook records every resolved URL, and each `node_modules/<name>/` in them
 * names a package. Used to check that the client entry point stays light.
 */
import { execFileSync } from "node:child_process";

/** Packages the client entry point must never load: Pulumi, the Redis clients, Azure SDKs, the testing kit's and the CLI's own. */
export function heavyPackages(packages: Iterable<string>): string[] {
  return [...packages].filter(
    (p) =>
      p.startsWith("@pulumi/") ||
      p.startsWith("@redis/") ||
      p.startsWith("@azure/") ||
      p.startsWith("@peculiar/") ||
      ["ioredis", "redis", "commander", "tsyringe"].includes(p),
  );
}

/** Package names in resolved module URLs (`.../node_modules/@scope/name/...` -> `@scope/name`). */
export function packagesIn(urls: readonly string[]): Set<string> {
  const found = new Set<string>();
  for (const url of urls) {
    for (const m of url.matchAll(/\/node_modules\/((?:@[^/]+\/)?[^/]+)\//g)) found.add(m[1]);
  }
  return found;
}

/** Loads `specifiers` in a fresh process (`module`: import(); `commonjs`: require()) from `cwd`. */
export function loadedModules(
  specifiers: readonly string[],
  mode: "module" | "commonjs",
  cwd: string,
): { urls: string[]; packages: Set<string> } {
  const hook = `const { registerHooks } = process.getBuiltinModule("node:module"); const seen = [];
    registerHooks({ resolve(s, c, next) { const r = next(s, c); seen.push(r.url); return r; } });`;
  const load = specifiers
    .map((s) =>
      mode === "module" ? `await import(${JSON.stringify(s)});` : `require(${JSON.stringify(s)});`,
    )
    .join(" ");
  const out = execFileSync(
    process.execPath,
    [`--input-type=${mode}`, "-e", `${hook} ${load} console.log(JSON.stringify(seen));`],
    { cwd, encoding: "utf8" },
  );
  const urls = JSON.parse(out) as string[];
  return { urls, packages: packagesIn(urls) };
}
