/**
 * Runs the test files under test/ with Node's test runner, longest first: `node --test` sorts the
 * files it is given by name, so a long file named late (test/package, test/server/testing) would
 * start when the others are done and run alone at the end. The order comes from
 * scripts/test-durations.json (each file's wall time in the last profile); a file it does not list
 * yet (a new one) goes first, as if it were the longest. Files are found as
 * `node --test "test/**\/*.test.ts"` finds them (scripts/test-files.ts).
 *
 *   node scripts/run-tests.ts             the spec reporter on stdout; exit 1 when a test failed
 *   node scripts/run-tests.ts --unit      only the unit tests (not test/server/, not test/package/):
 *                                         `npm run test:unit`, no redis-server and no build needed
 *   node scripts/run-tests.ts --profile   the spec reporter on stderr, each file's wall time longest
 *                                         first on stdout, and scripts/test-durations.json rewritten
 *   node scripts/run-tests.ts --list      the files it would run, one a line, in order; nothing runs
 *   node scripts/run-tests.ts <files>     only these files (a profile of them updates their times)
 *
 * Every test process loads test/support/unit-guard.mjs (NODE_OPTIONS, appended to any already set):
 * in a test file outside test/server/, redis-server fails with "unit tests must not start
 * redis-server", so a test that starts one must live under test/server/.
 *
 * TEST_CONCURRENCY files run at once (default 4, see scripts/test.sh; with --unit, one less than the
 * cores, as `node --test` would); each test may take up to 240 s, each file runs in its own process,
 * as with `node --test`.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { run } from "node:test";
import { spec } from "node:test/reporters";
import { allTestFiles, orderFiles, ROOT, testEnv, unitTestFiles } from "./test-files.ts";

const DURATIONS = join(ROOT, "scripts", "test-durations.json");

/** Seconds per file (repository-relative path), from the last profile; empty when there is none. */
function readDurations(): Map<string, number> {
  try {
    const data = JSON.parse(readFileSync(DURATIONS, "utf8")) as Record<string, number>;
    return new Map(Object.entries(data).filter(([, s]) => typeof s === "number"));
  } catch {
    return new Map();
  }
}

const args = process.argv.slice(2);
const profile = args.includes("--profile");
// --unit keeps `node --test`'s default concurrency (one less than the cores), as test:unit had: its
// files are CPU-bound (previews, type checks), and one builds dist/ while another reads it.
const unit = args.includes("--unit");
const chosen = args.filter((a) => !a.startsWith("--"));
const found = chosen.length > 0 ? chosen : unit ? unitTestFiles() : allTestFiles();
const files = orderFiles(found, readDurations());
if (args.includes("--list")) {
  process.stdout.write(files.map((f) => f + "\n").join(""));
  process.exit(0);
}

// V8's compile cache for every process the tests start (test files, CLI runs, their programs): the
// same sources and packages (Pulumi's SDK, TypeScript) load hundreds of times; cached, a CLI preview
// takes about half the CPU. NODE_DISABLE_COMPILE_CACHE=1 turns it off.
process.env.NODE_COMPILE_CACHE ??= join(tmpdir(), "node-compile-cache");
// The unit-test guard, for the test files and everything they start.
process.env.NODE_OPTIONS = testEnv(process.env).NODE_OPTIONS;

// One folder for this run's packed package (test/package/pack.ts): the test files that install the
// tarball share one `npm pack` and one `npm install` of it instead of one each; removed at the end.
const runDir = mkdtempSync(join(tmpdir(), "are-test-run-"));
process.env.AZURE_REDIS_ENTRA_TEST_RUN_DIR = runDir;
process.on("exit", () => rmSync(runDir, { recursive: true, force: true }));

const stream = run({
  files: files.map((f) => resolve(ROOT, f)),
  concurrency: Number(process.env.TEST_CONCURRENCY ?? (unit ? Math.max(1, availableParallelism() - 1) : 4)),
  timeout: 240_000,
  cwd: ROOT,
});
stream.on("test:fail", () => (process.exitCode = 1));

// Each file's wall time, from the file-level test:complete event (other events of a file that runs
// beside an earlier one are held back until that one ends, to keep the report in order).
const times = new Map<string, number>();
stream.on("test:complete", (data) => {
  if (data.file && data.name === data.file) times.set(data.file, data.details.duration_ms / 1000);
});

const report = stream.compose(spec);
report.pipe(profile ? process.stderr : process.stdout);
report.on("end", () => {
  (profile ? process.stderr : process.stdout).write("\n");
  if (!profile) return;
  const rows = [...times]
    .map(([file, s]) => [relative(ROOT, file), s] as const)
    .sort(([, a], [, b]) => b - a);
  for (const [file, s] of rows) process.stdout.write(`${s.toFixed(1).padStart(7)} s  ${file}\n`);
  // This run's files with their new times, the others as they were; files gone are dropped.
  const all = new Set(allTestFiles());
  const merged = new Map([...readDurations()].filter(([file]) => all.has(file)));
  for (const [file, s] of rows) merged.set(file, Math.round(s * 10) / 10);
  const data = Object.fromEntries([...merged].sort(([, a], [, b]) => b - a));
  writeFileSync(DURATIONS, JSON.stringify(data, null, 2) + "\n");
  process.stdout.write(`${rows.length} files; ${relative(ROOT, DURATIONS)} rewritten\n`);
});
