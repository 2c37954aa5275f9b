/**
 * The unit-test guard's probe (test/support/unit-guard.mjs): a test file run with
 * GUARD_PROBE set calls {@link probe} instead of defining tests, and its test (started by
 * {@link runProbe} with the environment scripts/run-tests.ts gives its test processes) reads what
 * findRedisServer and a plain `redis-server --version` did in it. Used by
 * test/scripts/unit-guard.test.ts (a unit test: both fail) and test/server/scripts/unit-guard.test.ts
 * (a server test: both work).
 */
import { spawnSync } from "node:child_process";
import { delimiter, join } from "node:path";
import { findRedisServer } from "../../src/internal/redis-server.ts";
import { ROOT, testEnv } from "../../scripts/test-files.ts";

export const GUARD_PROBE = "AZURE_REDIS_ENTRA_GUARD_PROBE";
const SHIMS = join(ROOT, "test", "support", "unit-tests-must-not-start-redis-server");

export interface ProbeResult {
  /** findRedisServer(): the path, or the error's message. */
  find: { path: string } | { error: string };
  /** `redis-server --version` started by the probe (what a CLI run or a spawn in the test gets). */
  spawn: { status: number | null; stdout: string; stderr: string };
}

/** Whether this process is a probe run (then call {@link probe} and define no tests). */
export function isProbe(): boolean {
  return process.env[GUARD_PROBE] === "1";
}

/** Prints what findRedisServer and `redis-server --version` do in this process, as JSON. */
export function probe(): void {
  let find: ProbeResult["find"];
  try {
    find = { path: findRedisServer() };
  } catch (err) {
    find = { error: err instanceof Error ? err.message : String(err) };
  }
  const r = spawnSync("redis-server", ["--version"], { encoding: "utf8", timeout: 10_000 });
  const result: ProbeResult = {
    find,
    spawn: { status: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? r.error?.message ?? "" },
  };
  process.stdout.write(JSON.stringify(result) + "\n");
}

/**
 * Runs test file `file` as a probe with the runner's environment (scripts/test-files.ts testEnv),
 * from a PATH without the guard's directory (this process's own guard must not decide the answer).
 */
export function runProbe(file: string): ProbeResult {
  const path = (process.env.PATH ?? "")
    .split(delimiter)
    .filter((d) => d !== SHIMS)
    .join(delimiter);
  const env = testEnv({ ...process.env, PATH: path, [GUARD_PROBE]: "1" });
  const r = spawnSync(process.execPath, [file], { cwd: ROOT, env, encoding: "utf8", timeout: 60_000 });
  if (r.status !== 0) throw new Error(`probe ${file} exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as ProbeResult;
}
