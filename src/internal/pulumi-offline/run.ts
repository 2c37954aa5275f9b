/**
 * Parent side of the offline host: runs a program found by locate.ts in a child node process under
 * Pulumi's mock runtime (see child.ts), answered by a mocks module (model.ts, OfflineMocks), and
 * returns what it declared.
 */
import { fork } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CliError, UsageError } from "../cli-errors.ts";
import { MODULE_EXT } from "../package-info.ts";
import { requirePreviewNode } from "../node-support.ts";
import type { ProgramLocation } from "./locate.ts";
import type { KnownResource, PreviewResult, PreviewSpec } from "./model.ts";

export { locateProgram, type ProgramLocation } from "./locate.ts";

/** Node.js flags of the child: TypeScript transforms (enums, namespaces) where this Node.js has them. */
export function childExecArgv(flags: ReadonlySet<string> = process.allowedNodeEnvironmentFlags): string[] {
  const args: string[] = [];
  if (flags.has("--experimental-transform-types")) args.push("--experimental-transform-types");
  else if (flags.has("--experimental-strip-types")) args.push("--experimental-strip-types");
  if (flags.has("--disable-warning")) args.push("--disable-warning=ExperimentalWarning");
  args.push("--no-deprecation");
  return args;
}

/** Options of one preview run. */
export interface PreviewOptions {
  stack?: string;
  /** Config values as `key=value` (key without a namespace gets the project's). */
  config?: Record<string, string>;
  /** Kills the child after this long. */
  timeoutMs?: number;
  /** `--baseline`: record the engine's options; with `known`, run as a dry run against them. */
  baseline?: { known?: KnownResource[] };
  /** `--deployer`: the deploying identity's object id (default: a placeholder). */
  deployer?: string;
  /** Receives the program's own console output (default: this process's stderr). */
  onProgramOutput?: (chunk: string) => void;
}

/** Builds PULUMI_CONFIG from existing env config plus `key=value` pairs. */
export function buildConfigEnv(
  project: string,
  values: Record<string, string>,
  existing = process.env.PULUMI_CONFIG,
): string {
  const config: Record<string, string> = existing ? (JSON.parse(existing) as Record<string, string>) : {};
  for (const [k, v] of Object.entries(values)) config[k.includes(":") ? k : `${project}:${k}`] = v;
  return JSON.stringify(config);
}

/** Writes the baseline's resources for the child (removed when this process exits). */
function writeKnown(known: KnownResource[]): string {
  const dir = mkdtempSync(join(tmpdir(), "azure-redis-entra-baseline-"));
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, "known.json");
  writeFileSync(file, JSON.stringify(known));
  return file;
}

/**
 * Runs the program under mocks in a child process and returns what it declared. `mocks`: the file
 * URL of the module exporting the run's OfflineMocks.
 */
export async function runOffline(
  location: ProgramLocation,
  mocks: string,
  options: PreviewOptions = {},
): Promise<PreviewResult> {
  requirePreviewNode();
  const spec: PreviewSpec = {
    mocks,
    programFile: location.file,
    project: location.project,
    stack: options.stack ?? "preview",
    projectDir: location.projectDir,
    moduleKind: location.moduleKind,
    typescript: location.typescript,
    cwd: process.cwd(),
    ...(location.tsconfig ? { tsconfig: location.tsconfig } : {}),
    ...(options.baseline ? { engine: true } : {}),
    ...(options.baseline?.known ? { baselineFile: writeKnown(options.baseline.known) } : {}),
    ...(options.deployer ? { deployer: options.deployer } : {}),
  };
  let pulumiConfig: string;
  try {
    pulumiConfig = buildConfigEnv(location.project, options.config ?? {});
  } catch {
    throw new UsageError("PULUMI_CONFIG is not valid JSON; unset it or give values with --config key=value");
  }
  const childPath = fileURLToPath(new URL(`./child${MODULE_EXT}`, import.meta.url));
  const child = fork(childPath, [JSON.stringify(spec)], {
    cwd: location.projectDir,
    execArgv: childExecArgv(),
    env: {
      ...process.env,
      PULUMI_CONFIG: pulumiConfig,
      PULUMI_NODEJS_STACK: spec.stack,
      PULUMI_NODEJS_PROJECT: spec.project,
    },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  const forward = options.onProgramOutput ?? ((chunk: string) => process.stderr.write(chunk));
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", forward);
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
    forward(chunk);
  });
  return new Promise<PreviewResult>((resolvePromise, reject) => {
    let result: PreviewResult | undefined;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(
        new CliError(
          `the program did not finish within ${Math.round((options.timeoutMs ?? 120_000) / 1000)}s under the mock runtime`,
        ),
      );
    }, options.timeoutMs ?? 120_000);
    child.on("message", (m) => {
      result = m as PreviewResult;
    });
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (result) resolvePromise(result);
      else {
        const last = stderr.trim().split("\n").slice(-5).join("\n");
        reject(
          new CliError(
            `the preview of ${location.file} stopped (${signal ?? `exit code ${code}`}) before reporting${last ? `:\n${last}` : ""}`,
          ),
        );
      }
    });
  });
}
