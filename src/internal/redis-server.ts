/**
 * Finds the redis-server binary before anything starts, for the testing kit (`redisServerPath`) and
 * the CLI (`--redis-server`): an explicit path, a bare command name looked up on PATH the way a shell
 * would, or `redis-server` on PATH. Checks that it answers `--version` like Redis 7 or later, and
 * says how to install it when it is missing.
 */
import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { printable } from "./printable.ts";

/** Raised when redis-server cannot be found or does not start. */
export class RedisServerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RedisServerError";
  }
}

/** The install command for this platform. */
export function installHint(platform: NodeJS.Platform = process.platform): string {
  if (platform === "darwin") return "brew install redis";
  if (platform === "win32") return "use WSL2 and run: sudo apt-get install redis-server";
  return "sudo apt-get install redis-server (Debian/Ubuntu), sudo dnf install redis (Fedora), or brew install redis (macOS)";
}

/** Options for {@link findRedisServer}. */
export interface FindRedisServerOptions {
  /** The search path (default: `process.env.PATH`). */
  pathEnv?: string;
  /** How the caller names the option that sets the path, for the error message. */
  option?: string;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string, pathEnv: string): string | undefined {
  return pathEnv
    .split(delimiter)
    .filter(Boolean)
    .map((d) => join(d, name))
    .find(executable);
}

/**
 * Resolves the redis-server binary and checks it runs. `explicit` may be a path (absolute, or
 * relative to the working directory when it contains a `/`) or a bare command name such as
 * `redis-server-7`, which is looked up on PATH like a shell does.
 */
export function findRedisServer(explicit?: string, options: FindRedisServerOptions = {}): string {
  const pathEnv = options.pathEnv ?? process.env.PATH ?? "";
  const option = options.option ?? "`redisServerPath`";
  const hint = `the local Entra gateway runs in front of a real redis-server; install it with ${installHint()}, or pass ${option}`;
  let path: string | undefined;
  if (explicit !== undefined) {
    path = explicit.includes("/") ? (executable(explicit) ? explicit : undefined) : onPath(explicit, pathEnv);
    if (!path) {
      const where = explicit.includes("/") ? `at ${explicit}` : `on PATH as ${JSON.stringify(explicit)}`;
      throw new RedisServerError(`no executable redis-server ${where}: ${hint}`);
    }
  } else {
    path = onPath("redis-server", pathEnv);
    if (!path) throw new RedisServerError(`redis-server was not found on PATH: ${hint}`);
  }
  const version = spawnSync(path, ["--version"], { encoding: "utf8", timeout: 10_000 });
  const match = /v=(\d+)\.(\d+)/.exec(version.stdout ?? "");
  if (version.status !== 0 || !match) {
    // What it printed instead (its first line, made printable) usually says why.
    const said = /\S.*/.exec(version.stderr || version.stdout || "")?.[0];
    const quoted = said ? ` (it said: "${printable(said.slice(0, 300))}")` : "";
    throw new RedisServerError(`${path} --version did not answer like redis-server${quoted}: ${hint}`);
  }
  if (Number(match[1]) < 7) {
    throw new RedisServerError(
      `${path} is Redis ${match[1]}.${match[2]}; the local gateway needs Redis 7 or later (ACL users, CLUSTER ADDSLOTSRANGE): ${hint}`,
    );
  }
  return path;
}
