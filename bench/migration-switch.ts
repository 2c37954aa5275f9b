/**
 * What an app sees when Azure's migration switches its cache's host name to Managed Redis, played by
 * the local rehearsal (`startLocalMigration`, the same run as `demo --migration`): an ioredis app
 * through the client runtime does SET/GET in a loop and publishes every 10 ms to its own subscriber
 * through the host name; mid-run the migration copies the identity, closes every connection to the
 * cache, copies the data (200 keys plus the app's working set) or skips it, and switches the name.
 * Per round: failed commands, lost messages, the longest any command took (the stall), the switch's
 * own duration, and (data skipped) GETs that found nothing because their SET ran on the cache just
 * before the switch. Rounds alternate copying and skipping the data. Not a test: numbers only; exits 1 when
 * a command failed or a message was lost.
 * Run: `node bench/migration-switch.ts [rounds=4] [secondsPerSide=2]`.
 */
import { loadavg } from "node:os";
import { runMigrationWorkload, type MigrationWorkloadResult } from "../src/cli/demo/migration-workload.ts";
import { spread } from "./client-helpers.ts";

const rounds = Number(process.argv[2] ?? 4);
const sideMs = Number(process.argv[3] ?? 2) * 1000;

async function main(): Promise<void> {
  const started = new Date().toISOString();
  const loadBefore = loadavg()[0];
  const arms: Record<"data copied" | "data skipped", MigrationWorkloadResult[]> = {
    "data copied": [],
    "data skipped": [],
  };
  for (let r = 0; r < rounds * 2; r++) {
    const skip = r % 2 === 1;
    const result = await runMigrationWorkload({ beforeMs: sideMs, afterMs: sideMs, skipDataMigration: skip });
    arms[skip ? "data skipped" : "data copied"].push(result);
  }
  console.log(
    `migration switch, ${rounds} rounds per arm, ${sideMs} ms before and after, started ${started}`,
  );
  console.log(`load average ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after`);
  console.log(
    "| Arm | Commands done | Failed | Messages lost | Longest stall ms | Switch ms | Keys copied | Reads of data left behind |",
  );
  console.log("|---|---|---|---|---|---|---|---|");
  let bad = 0;
  for (const [name, results] of Object.entries(arms)) {
    const failed = results.reduce((n, x) => n + x.commandsFailed, 0);
    const lost = results.reduce((n, x) => n + x.messagesLost, 0);
    bad += failed + lost;
    console.log(
      `| ${name} | ${spread(
        results.map((x) => x.commandsDone),
        0,
      )} | ${failed} | ${lost} | ` +
        `${spread(
          results.map((x) => x.longestStallMs),
          0,
        )} | ${spread(
          results.map((x) => x.switchMs),
          0,
        )} | ` +
        `${spread(
          results.map((x) => x.report.keysCopied),
          0,
        )} | ${results.reduce((n, x) => n + x.readsOfDataLeftBehind, 0)} |`,
    );
  }
  process.exitCode = bad === 0 ? 0 : 1;
}

await main();
