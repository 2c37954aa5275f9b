/**
 * The long run of the property-based tests: every test file that imports test/fuzz.ts, one after the
 * other, with a fresh random seed (printed, so a failure can be repeated) and many more runs than CI's.
 *
 *   node scripts/fuzz.ts              # FUZZ_RUNS=20000, random seed
 *   FUZZ_RUNS=100000 FUZZ_SEED=42 node scripts/fuzz.ts acl
 *                                     # only files whose path contains "acl"
 */
import { spawnSync } from "node:child_process";
import { globSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const filter = process.argv[2] ?? "";
const files = globSync("test/**/*.test.ts", { cwd: root })
  .filter((f) => f.includes(filter) && /from "(?:\.\.\/)+fuzz\.ts"/.test(readFileSync(join(root, f), "utf8")))
  .sort();
const seed = process.env.FUZZ_SEED ?? String(Math.floor(Math.random() * 2 ** 31));
const runs = process.env.FUZZ_RUNS ?? "20000";
console.log(`FUZZ_SEED=${seed} FUZZ_RUNS=${runs}: ${files.join(", ")}`);
const result = spawnSync(process.execPath, ["--test", "--test-concurrency=1", ...files], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, FUZZ_SEED: seed, FUZZ_RUNS: runs },
});
process.exitCode = result.status ?? 1;
