/**
 * `azure-redis-entra demo --migration`: the move of a running cache to Azure Managed Redis, played
 * locally (azure-redis-entra/testing's `startLocalMigration`): an app keeps writing, reading and
 * listening through the cache's host name while the name switches to the new instance.
 */
import { CliError } from "../../../internal/cli-errors.ts";
import { bad, bold, dim, line, ok, printJson } from "../../output.ts";
import { printable } from "../../../internal/printable.ts";
import { parseDuration } from "../../duration.ts";
import { findRedisServer, RedisServerError } from "../../../internal/redis-server.ts";
import { MissingPeerError } from "../../../internal/optional-peer.ts";
import { runMigrationWorkload, type MigrationWorkloadResult } from "./migration-workload.ts";

/** The options of `demo` that `--migration` uses. */
export interface MigrationDemoOptions {
  duration: string;
  json?: boolean;
  redisServer?: string;
}

function passed(r: MigrationWorkloadResult): boolean {
  return r.commandsFailed === 0 && r.messagesLost === 0 && r.keysKeptAcrossSwitch === r.keysWrittenBefore;
}

/** Runs the migration demo and returns the exit code. */
export async function migrationDemo(opts: MigrationDemoOptions): Promise<number> {
  const totalMs = parseDuration(opts.duration, "--duration");
  const json = opts.json === true;
  let redisServerPath: string;
  try {
    redisServerPath = findRedisServer(opts.redisServer, { option: "--redis-server <path>" });
  } catch (err) {
    if (err instanceof RedisServerError) throw new CliError(err.message);
    throw err;
  }
  if (!json) {
    line(bold("Moving a running cache to Azure Managed Redis, locally"));
    line(
      dim(
        "An Azure Cache for Redis-style source and a Managed Redis-style target (own Entra gateway) share one host name. " +
          "The app keeps its host name, port and token; the migration gives the target the same identity with the same " +
          "rights, closes every connection to the cache, copies the data and switches the name (what `migrateFrom` asks Azure to do).",
      ),
    );
  }
  let result: MigrationWorkloadResult;
  try {
    const run = () =>
      runMigrationWorkload({
        beforeMs: Math.max(1000, totalMs / 2),
        afterMs: Math.max(1000, totalMs / 2),
        redisServerPath,
        ...(json
          ? {}
          : {
              onEvent: (atMs: number, text: string) =>
                line(`${dim(`+${(atMs / 1000).toFixed(1)}s`)} ${printable(text)}`),
            }),
      });
    result = await run();
  } catch (err) {
    if (err instanceof MissingPeerError) throw new CliError(err.message);
    throw err;
  }
  const good = passed(result);
  if (json) {
    printJson({ ok: good, ...result });
    return good ? 0 : 1;
  }
  line();
  line(bold("Summary"));
  line(
    `  commands        ${result.commandsDone} done, ${(result.commandsFailed ? bad : ok)(`${result.commandsFailed} failed`)}`,
  );
  line(`  longest stall   ${result.longestStallMs} ms (the switch took ${result.switchMs} ms)`);
  line(
    `  messages        ${result.messagesPublished} published, ${result.messagesReceived} received, ${(result.messagesLost ? bad : ok)(`${result.messagesLost} lost`)}`,
  );
  line(
    `  data            ${result.keysKeptAcrossSwitch} of ${result.keysWrittenBefore} keys written before the switch read back after it`,
  );
  line(
    `  connections     ${result.targetConnections} on the new instance, ${result.sourceConnections} left on the old cache`,
  );
  for (const f of result.failures) line(bad(`  failure: ${printable(f)}`));
  line();
  line(
    good
      ? ok(bold("The app moved without a restart, a failed command or a lost message."))
      : bad(bold("The app saw failures (see above).")),
  );
  line(dim("On Azure: docs/migration.md (EntraManagedRedis with migrateFrom)."));
  return good ? 0 : 1;
}
