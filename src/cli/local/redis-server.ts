/** Finds redis-server before anything starts, with the install command when it is missing. */
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { CliError } from "../errors.ts";

/** The install hint for this platform. */
export function installHint(platform: NodeJS.Platform = process.platform): string {
  if (platform === "darwin") return "brew install redis";
  if (platform === "win32") return "use WSL2 and run: sudo apt-get install redis-server";
  return "sudo apt-get install redis-server (Debian/Ubuntu), sudo dnf install redis (Fedora), or brew install redis (macOS)";
}

/** Returns the path of redis-server (explicit path, or from PATH), or throws with the install command. */
export function findRedisServer(explicit?: string, pathEnv = process.env.PATH ?? ""): string {
  const candidates = explicit
    ? [explicit]
    : pathEnv
        .split(delimiter)
        .filter(Boolean)
        .map((d) => join(d, "redis-server"));
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      // next
    }
  }
  throw new CliError(
    `${explicit ? `redis-server not found at ${explicit}` : "redis-server was not found on PATH"}: the local Entra gateway runs in front of a real redis-server; install it with ${installHint()}, or pass --redis-server <path>`,
  );
}
