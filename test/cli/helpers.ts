/**
 * Runs the CLI as a subprocess (`node src/cli/main.ts ...` with this Node) and collects its output.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const MAIN = fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url));
export const FIXTURES = fileURLToPath(new URL("./fixtures/", import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Where and how a CLI run happens (default: this repository's src/cli/main.ts, from the repository root). */
export interface CliWhere {
  /** Working directory (default: the repository root). */
  cwd?: string;
  /** The CLI entry to run (default: src/cli/main.ts), e.g. an installed copy's dist/esm/cli/main.js. */
  main?: string;
  /** The Node.js binary (default: this one). */
  node?: string;
}

/** Spawns the CLI with `args`; NO_COLOR so output is plain. An `undefined` in `env` unsets a variable. */
export function startCli(
  args: string[],
  env: Record<string, string | undefined> = {},
  where: CliWhere = {},
): ChildProcess {
  const merged: Record<string, string | undefined> = { ...process.env, NO_COLOR: "1", ...env };
  for (const [k, v] of Object.entries(merged)) if (v === undefined) delete merged[k];
  return spawn(where.node ?? process.execPath, [where.main ?? MAIN, ...args], {
    cwd: where.cwd ?? ROOT,
    env: merged,
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/**
 * Runs the CLI to completion (killed after `timeoutMs`, default 210 s: a type-checked preview needs
 * about 10 CPU-s, which on a 2-core machine loaded by the rest of the suite can take minutes; below the
 * runner's 240 s per test, so a stuck run still reports what it printed).
 */
export function runCli(
  args: string[],
  options: { env?: Record<string, string | undefined>; timeoutMs?: number } & CliWhere = {},
): Promise<CliRun> {
  const child = startCli(args, options.env, options);
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 210_000);
  return new Promise((resolve) => {
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A JWT-looking string: must never appear in CLI output unless asked for. */
export const JWT = /eyJ[A-Za-z0-9_-]*\.eyJ[A-Za-z0-9_-]*/;
