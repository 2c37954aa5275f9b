/**
 * Helpers for the client benchmarks: a compiled copy of the client entry point (so import timings
 * measure JavaScript, as users get it), and small statistics.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * URL of a JavaScript build of src/client/index.ts, compiled fresh into a temp dir (dist/ may be stale
 * or rebuilt by someone else mid-run); set CLIENT_BENCH_USE_DIST=1 to time dist/esm instead.
 */
export function clientEntryUrl(): { url: string; from: string } {
  const dist = join(root, "dist/esm/client/index.js");
  if (process.env.CLIENT_BENCH_USE_DIST === "1" && existsSync(dist))
    return { url: pathToFileURL(dist).href, from: "dist" };
  const out = mkdtempSync(join(tmpdir(), "are-client-bench-"));
  const tsc = join(root, "node_modules/typescript/bin/tsc");
  execFileSync(
    process.execPath,
    [
      tsc,
      join(root, "src/client/index.ts"),
      "--outDir",
      out,
      "--rootDir",
      join(root, "src"),
      "--target",
      "ES2023",
      "--module",
      "NodeNext",
      "--moduleResolution",
      "NodeNext",
      "--rewriteRelativeImportExtensions",
      "--allowImportingTsExtensions",
      "--verbatimModuleSyntax",
      "--skipLibCheck",
      "--types",
      "node",
      "--strict",
    ],
    { stdio: "inherit" },
  );
  writeFileSync(join(out, "package.json"), '{"type":"module"}\n');
  symlinkSync(join(root, "node_modules"), join(out, "node_modules"));
  return { url: pathToFileURL(join(out, "client/index.js")).href, from: "fresh compile of src" };
}

/** The p-th percentile (0-100) of a list of numbers. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const s = Float64Array.from(values).sort();
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/** Median of a list of numbers. */
export function median(values: number[]): number {
  return percentile(values, 50);
}

/** "median (min-max)" of a list, with `digits` decimals. */
export function spread(values: number[], digits: number): string {
  if (values.length === 0) return "-";
  const f = (v: number) => (digits === 0 ? Math.round(v).toLocaleString("en-US") : v.toFixed(digits));
  return `${f(median(values))} (${f(Math.min(...values))}-${f(Math.max(...values))})`;
}
