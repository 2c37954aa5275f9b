/**
 * The shell lines `local` prints so a person can paste and run them: the command that runs this very
 * CLI again (for `local token`), and redis-cli reading its password from `REDISCLI_AUTH` (redis-cli
 * warns about `--pass` on the command line, where other users can see it in the process list).
 */
import { relative } from "node:path";
import { FROM_SOURCE, PACKAGE_ROOT } from "../../../internal/package-info.ts";
import { installKind } from "../../../internal/package-install.ts";
import { defaultStatePath } from "./state.ts";

/** Quotes `s` for a POSIX shell when it needs it. */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_/.,:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * The command that runs this CLI as it was installed: `npx azure-redis-entra` from a project's
 * node_modules or npx's cache, this Node.js on the entry file from a clone of the repository.
 */
export function cliInvocation(root = PACKAGE_ROOT, execPath = process.execPath): string {
  if (installKind(root) !== "repository") return "npx azure-redis-entra";
  const entry = FROM_SOURCE ? "src/cli/main.ts" : "dist/esm/cli/main.js";
  const rel = relative(process.cwd(), `${root}/${entry}`);
  const main = rel && !rel.startsWith("..") ? rel : `${root.replace(/\/$/, "")}/${entry}`;
  return `${shellQuote(execPath)} ${shellQuote(main)}`;
}

/** Where the gateway listens and who it assigned, as `local` prints it. */
export interface RedisCliTarget {
  host: string;
  port: number;
  caPath: string;
  objectId: string;
  /** More than one node: a cluster (redis-cli -c follows its redirections). */
  cluster: boolean;
  statePath: string;
}

/** `export REDISCLI_AUTH=…` (a fresh token from the running gateway) and the redis-cli line. */
export function redisCliLines(t: RedisCliTarget, cli = cliInvocation()): [string, string] {
  const state = t.statePath === defaultStatePath() ? "" : ` --state-file ${shellQuote(t.statePath)}`;
  return [
    `export REDISCLI_AUTH="$(${cli} local token${state})"`,
    [
      "redis-cli --tls",
      `--cacert ${shellQuote(t.caPath)}`,
      `-h ${t.host} -p ${t.port}`,
      ...(t.cluster ? ["-c"] : []),
      `--user ${t.objectId}`,
      "ping",
    ].join(" "),
  ];
}

/** This run's command line after the program name, quoted for a shell (`preview . --policy`). */
export function currentArgs(argv: readonly string[] = process.argv.slice(2)): string {
  return argv.map(shellQuote).join(" ");
}
