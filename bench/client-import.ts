/**
 * Cold import time of `azure-redis-entra/client`: a fresh Node.js process per sample times
 * `await import(...)` of the entry point; reports the median of several runs, next to a few references
 * (`@redis/entraid`, `ioredis`, `@azure/identity`). Times a fresh JavaScript compile of src/client
 * (CLIENT_BENCH_USE_DIST=1: dist/esm instead). Run: `node bench/client-import.ts [runs]`.
 */
import { execFileSync } from "node:child_process";
import { pathToFileURL } from "node:url";
import { clientEntryUrl, median, root } from "./client-helpers.ts";

const runs = Number(process.argv[2] ?? 11);

function sample(specifier: string): number {
  const code = `const t0 = performance.now(); await import(${JSON.stringify(specifier)}); console.log(performance.now() - t0);`;
  return Number(
    execFileSync(process.execPath, ["--input-type=module", "-e", code], {
      cwd: root,
      encoding: "utf8",
    }).trim(),
  );
}

export function measureImports(n = runs): { name: string; medianMs: number; minMs: number }[] {
  const entry = clientEntryUrl();
  const targets: [string, string][] = [
    [`azure-redis-entra/client (${entry.from})`, entry.url],
    ["@redis/entraid (reference)", "@redis/entraid"],
    ["ioredis", "ioredis"],
    ["@azure/identity", "@azure/identity"],
  ];
  const out: { name: string; medianMs: number; minMs: number }[] = [];
  for (const [name, spec] of targets) {
    const times: number[] = [];
    for (let i = 0; i < n; i++) times.push(sample(spec));
    out.push({
      name,
      medianMs: Number(median(times).toFixed(1)),
      minMs: Number(Math.min(...times).toFixed(1)),
    });
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.log(`cold import, median of ${runs} fresh processes`);
  console.table(measureImports());
}
