/**
 * Which test files run, in what order and with what environment: shared by scripts/run-tests.ts
 * (`npm test`, `npm run test:unit`, `npm run test:profile`) and the tests of that choice
 * (test/scripts/unit-guard.test.ts).
 *
 * The tree says what a test needs: tests that start redis-server live under test/server/, tests of
 * the built package under test/package/, and everything else is a unit test. Every process the
 * runner starts loads test/support/unit-guard.mjs (NODE_OPTIONS), which makes redis-server fail in
 * unit tests, so a server test outside test/server/ fails instead of passing only where redis-server
 * happens to be installed.
 */
import { globSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** Test files as `node --test "test/**\/*.test.ts"` finds them (repository-relative, sorted). */
export function allTestFiles(): string[] {
  return globSync("test/**/*.test.ts", { cwd: ROOT }).sort();
}

/** Whether a repository-relative test file is a unit test (outside test/server/ and test/package/). */
export function isUnitTest(file: string): boolean {
  return !/^test[/\\](server|package)[/\\]/.test(file);
}

/** The files `npm run test:unit` runs: every test that needs neither redis-server nor the build. */
export function unitTestFiles(): string[] {
  return allTestFiles().filter(isUnitTest);
}

/** The test files, longest first (unknown ones first of all, then by name). */
export function orderFiles(files: string[], durations: Map<string, number>): string[] {
  const time = (f: string) => durations.get(f) ?? Infinity;
  return [...files].sort((a, b) => time(b) - time(a) || (a < b ? -1 : a > b ? 1 : 0));
}

/** The `--import` option that loads the unit-test guard (a file URL: no quoting in NODE_OPTIONS). */
export const UNIT_GUARD_IMPORT = `--import=${pathToFileURL(join(ROOT, "test", "support", "unit-guard.mjs")).href}`;

/** `env` for the test processes: the guard appended to NODE_OPTIONS (kept, not replaced; once). */
export function testEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const options = env.NODE_OPTIONS ?? "";
  if (options.split(/\s+/).includes(UNIT_GUARD_IMPORT)) return { ...env };
  return {
    ...env,
    NODE_OPTIONS: options.trim() ? `${options.trim()} ${UNIT_GUARD_IMPORT}` : UNIT_GUARD_IMPORT,
  };
}
