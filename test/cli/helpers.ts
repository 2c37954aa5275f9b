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

/** Spawns the CLI with `args`; NO_COLOR so output is plain. An `undefined` in `env` unsets a variable. */
export function startCli(args: string[], env: Record<string, string | undefined> = {}): ChildProcess {
  const merged: Record<string, string | undefined> = { ...process.env, NO_COLOR: "1", ...env };
  for (const [k, v] of Object.entries(merged)) if (v === undefined) delete merged[k];
  return spawn(process.execPath, [MAIN, ...args], {
    cwd: ROOT,
    env: merged,
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Runs the CLI to completion (killed after `timeoutMs`). */
export function runCli(
  args: string[],
  options: { env?: Record<string, string | undefined>; timeoutMs?: number } = {},
): Promise<CliRun> {
  const child = startCli(args, options.env);
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 120_000);
  return new Promise((resolve) => {
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A JWT-looking string: must never appear in CLI output unless asked for. */
export const JWT = /eyJ[A-Za-z0-9_-]*\.eyJ[A-Za-z0-9_-]*/;
