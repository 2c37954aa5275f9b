/**
 * Runs every benchmark under bench/, one Node.js process each and one after the other (they measure
 * the same 2-core machine, so running them side by side would measure each other). Each prints its own
 * table; this prints a header per benchmark and the exit status. Speed and memory targets live here,
 * never in timed tests.
 *
 *   npm run bench                 # all
 *   npm run bench -- gateway      # only the benchmarks whose file name contains "gateway"
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2] ?? "";
const benches = readdirSync(here)
  .filter((f) => f.endsWith(".ts") && f !== "run.ts" && !f.endsWith("-helpers.ts") && f.includes(filter))
  .sort();

let failed = 0;
for (const file of benches) {
  console.log(`\n=== bench/${file} (${new Date().toISOString()}) ===`);
  const result = spawnSync(process.execPath, [join(here, file)], { stdio: "inherit" });
  if (result.status !== 0) {
    failed++;
    console.log(`bench/${file} exited with ${result.status ?? result.signal}`);
  }
}
console.log(`\n${benches.length - failed} of ${benches.length} benchmarks completed`);
process.exitCode = failed === 0 ? 0 : 1;
