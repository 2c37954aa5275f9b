/**
 * The state file `local` writes so that other processes (`doctor --credential local`, an app under
 * manual test) can find the running gateway and ask it for tokens. It holds no token; it holds a
 * random secret for the loopback token endpoint, so it is written with mode 0600 and deleted on exit.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CliError } from "../../../internal/cli-errors.ts";

/** Contents of the state file. */
export interface LocalGatewayState {
  version: 1;
  pid: number;
  host: string;
  port: number;
  /** Every gateway node (one per shard in cluster mode). */
  nodes: { host: string; port: number }[];
  caPath: string;
  /** The object id `local` assigned. */
  objectId: string;
  policy: string;
  tokenLifetimeMs: number;
  /** Loopback URL that mints tokens: GET {tokenUrl}?objectId=...&appId=... with the secret. */
  tokenUrl: string;
  /** Bearer secret for tokenUrl (not a token: it only lets local processes ask for test tokens). */
  secret: string;
}

/** Default location of the state file. */
export function defaultStatePath(): string {
  return join(tmpdir(), "azure-redis-entra-local.json");
}

export function writeState(path: string, state: LocalGatewayState): void {
  writeFileSync(path, JSON.stringify(state, null, 2) + "\n", { mode: 0o600 });
}

export function removeState(path: string): void {
  rmSync(path, { force: true });
}

/** Reads the state file, with a clear error when `local` is not running. */
export function readState(path: string): LocalGatewayState {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new CliError(
      `no local gateway state at ${path}: start one with \`azure-redis-entra local\` (or pass --local-state <file>)`,
    );
  }
  const state = JSON.parse(text) as LocalGatewayState;
  try {
    process.kill(state.pid, 0);
  } catch {
    throw new CliError(
      `the local gateway that wrote ${path} (pid ${state.pid}) is no longer running: start it again with \`azure-redis-entra local\``,
    );
  }
  return state;
}
