/**
 * Parent side of `preview`: finds the program, runs it in a child node process under Pulumi's mock
 * runtime (see child.ts) and returns what it declared.
 */
import { fork } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { CliError, UsageError } from "../errors.ts";
import { MODULE_EXT, PACKAGE_ROOT } from "../package-info.ts";
import type { PreviewResult, PreviewSpec } from "./model.ts";

/** Where a program lives and what it is called. */
export interface ProgramLocation {
  /** The program's entry file. */
  file: string;
  /** The Pulumi project name (Pulumi.yaml `name`, else the folder name). */
  project: string;
}

function yamlScalar(text: string, key: string): string | undefined {
  const m = text.match(new RegExp(`^${key}:\\s*(.+?)\\s*$`, "m"));
  return m?.[1]?.replace(/^["']|["']$/g, "");
}

/**
 * Resolves `program` (a directory with Pulumi.yaml, or a .ts/.js file; default the package root's
 * program) to its entry file and project name.
 */
export function locateProgram(program: string | undefined, cwd = process.cwd()): ProgramLocation {
  const target = program ? resolve(cwd, program) : PACKAGE_ROOT;
  if (!program && !existsSync(join(PACKAGE_ROOT, "Pulumi.yaml"))) {
    throw new UsageError(
      `no quick-start program here (${PACKAGE_ROOT} has no Pulumi.yaml): give a program, e.g. azure-redis-entra preview examples/private-link-vnet`,
    );
  }
  if (!existsSync(target))
    throw new UsageError(
      `program "${program}" does not exist; give a directory with Pulumi.yaml or a .ts/.js file`,
    );
  let dir = target;
  let file: string | undefined;
  if (statSync(target).isFile()) {
    file = target;
    dir = dirname(target);
  }
  const yamlPath = join(dir, "Pulumi.yaml");
  const yaml = existsSync(yamlPath) ? readFileSync(yamlPath, "utf8") : "";
  const project = yamlScalar(yaml, "name") ?? basename(dir);
  if (!file) {
    const main = yamlScalar(yaml, "main");
    const base = main ? resolve(dir, main) : dir;
    const candidates: string[] = [];
    if (existsSync(base) && statSync(base).isFile()) candidates.push(base);
    // index.ts before package.json "main": at this package's root "main" is the library's dist entry.
    candidates.push(join(base, "index.ts"), join(base, "index.mts"));
    const pkgPath = join(base, "package.json");
    if (existsSync(pkgPath)) {
      const pkgMain = (JSON.parse(readFileSync(pkgPath, "utf8")) as { main?: string }).main;
      if (pkgMain) candidates.push(resolve(base, pkgMain));
    }
    candidates.push(join(base, "index.js"));
    file = candidates.find((c) => existsSync(c) && statSync(c).isFile());
    if (!file)
      throw new UsageError(
        `no Pulumi program found in ${dir}: expected index.ts, index.js or package.json "main"`,
      );
  }
  return { file, project };
}

/** Options of one preview run. */
export interface PreviewOptions {
  stack?: string;
  /** Config values as `key=value` (key without a namespace gets the project's). */
  config?: Record<string, string>;
  /** Kills the child after this long. */
  timeoutMs?: number;
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

/** Runs the program under mocks in a child process and returns what it declared. */
export async function runPreview(
  location: ProgramLocation,
  options: PreviewOptions = {},
): Promise<PreviewResult> {
  const spec: PreviewSpec = {
    programFile: location.file,
    project: location.project,
    stack: options.stack ?? "preview",
  };
  let pulumiConfig: string;
  try {
    pulumiConfig = buildConfigEnv(location.project, options.config ?? {});
  } catch {
    throw new UsageError("PULUMI_CONFIG is not valid JSON; unset it or give values with --config key=value");
  }
  const childPath = fileURLToPath(new URL(`./child${MODULE_EXT}`, import.meta.url));
  const child = fork(childPath, [JSON.stringify(spec)], {
    cwd: dirname(location.file),
    execArgv: ["--experimental-transform-types", "--disable-warning=ExperimentalWarning", "--no-deprecation"],
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
            `the preview runner stopped (${signal ?? `exit code ${code}`}) before reporting${last ? `:\n${last}` : ""}`,
          ),
        );
      }
    });
  });
}
