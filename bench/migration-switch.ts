/**
 * What an app sees when Azure's migration switches its cache's host name to Managed Redis, played by
 * the local rehearsal (`startLocalMigration`, the same run as `demo --migration`): an app through the
 * client runtime does SET/GET in a loop and publishes every 10 ms to its own subscriber through the
 * host name; mid-run the migration copies the identity, closes every connection to the cache, copies
 * the data (200 keys plus the app's working set) or skips it, and switches the name. The client kind is
 * the first argument (bench/migration-helpers.ts): ioredis and node-redis against one node (target
 * non-clustered), ioredis Cluster and node-redis cluster against a 3-shard source (target OSS-clustered);
 * `all` (the default) runs the four one after the other.
 * Per round: failed commands, lost messages, the longest any command took (the stall), the switch's
 * own duration, and (data skipped) GETs that found nothing because their SET ran on the cache just
 * before the switch. Rounds alternate copying and skipping the data. Not a test: numbers only; exits 1
 * when a message was lost or more requests failed in a round than the docs promise (none for ioredis,
 * the 2 in flight at the close for node-redis).
 * Run: `node bench/migration-switch.ts [client=all|ioredis|ioredis-cluster|node-redis|node-redis-cluster] [rounds=4] [secondsPerSide=2]`.
 */
import { loadavg } from "node:os";
import {
  runMigrationWorkload,
  type MigrationWorkloadResult,
} from "../src/cli/commands/demo/migration-workload.ts";
import { spread } from "./client-helpers.ts";
import { MIGRATION_CLIENT_KINDS, type MigrationClientName } from "./migration-helpers.ts";

const names = Object.keys(MIGRATION_CLIENT_KINDS) as MigrationClientName[];
const which = process.argv[2] ?? "all";
const rounds = Number(process.argv[3] ?? 4);
const sideMs = Number(process.argv[4] ?? 2) * 1000;
if (which !== "all" && !names.includes(which as MigrationClientName)) {
  throw new Error(`client must be one of ${names.join(", ")} or all (got ${JSON.stringify(which)})`);
}
if (!(Number.isInteger(rounds) && rounds > 0 && sideMs > 0)) {
  throw new Error("rounds must be a positive integer and secondsPerSide a positive number");
}

type Arm = "data copied" | "data skipped";

/** One client kind: its rounds, and how many results break the docs' promise. */
async function runKind(
  name: MigrationClientName,
): Promise<{ arms: Record<Arm, MigrationWorkloadResult[]>; bad: number }> {
  const kind = MIGRATION_CLIENT_KINDS[name];
  const arms: Record<Arm, MigrationWorkloadResult[]> = { "data copied": [], "data skipped": [] };
  let bad = 0;
  for (let r = 0; r < rounds * 2; r++) {
    const skip = r % 2 === 1;
    const result = await runMigrationWorkload({
      beforeMs: sideMs,
      afterMs: sideMs,
      skipDataMigration: skip,
      connect: kind.connect,
      ...("source" in kind ? { source: kind.source } : {}),
    });
    arms[skip ? "data skipped" : "data copied"].push(result);
    bad += result.messagesLost + Math.max(0, result.commandsFailed - kind.inFlightFailuresAllowed);
    if (result.commandsFailed > 0) console.error(`${name} round ${r + 1}: ${result.failures.join("; ")}`);
  }
  return { arms, bad };
}

async function main(): Promise<void> {
  const started = new Date().toISOString();
  const loadBefore = loadavg()[0];
  const results: [MigrationClientName, Record<Arm, MigrationWorkloadResult[]>][] = [];
  let bad = 0;
  for (const name of which === "all" ? names : [which as MigrationClientName]) {
    const run = await runKind(name);
    results.push([name, run.arms]);
    bad += run.bad;
  }
  console.log(
    `migration switch, ${rounds} rounds per arm, ${sideMs} ms before and after, started ${started}`,
  );
  console.log(`load average ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after`);
  console.log(
    "| Client | Arm | Commands done | Failed | Messages lost | Longest stall ms | Switch ms | Keys copied | Reads of data left behind |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|");
  const median = (xs: number[]) => spread(xs, 0);
  for (const [name, arms] of results) {
    for (const [arm, rs] of Object.entries(arms)) {
      const sum = (f: (x: MigrationWorkloadResult) => number) => rs.reduce((n, x) => n + f(x), 0);
      console.log(
        `| ${name} | ${arm} | ${median(rs.map((x) => x.commandsDone))} | ${sum((x) => x.commandsFailed)} | ` +
          `${sum((x) => x.messagesLost)} | ${median(rs.map((x) => x.longestStallMs))} | ` +
          `${median(rs.map((x) => x.switchMs))} | ${median(rs.map((x) => x.report.keysCopied))} | ` +
          `${sum((x) => x.readsOfDataLeftBehind)} |`,
      );
    }
  }
  process.exitCode = bad === 0 ? 0 : 1;
}

await main();
