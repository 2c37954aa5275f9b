/** Registers `local`; the implementation (./local-run.ts) loads only when the command runs. */
import type { Command } from "commander";
import type { LocalCommandOptions } from "./local-run.ts";
import { defaultStatePath } from "../local/state.ts";

/** Adds the command to the program. */
export function registerLocal(program: Command): void {
  program
    .command("local")
    .description(
      "Start a local Azure-style Entra gateway in front of a real redis-server (TLS, token checks, access policies) until Ctrl-C",
    )
    .option("--shards <n>", "run a Redis Cluster with this many shards behind per-node gateways", "1")
    .option("--token-lifetime <duration>", "lifetime of minted tokens, e.g. 60m, 2m, 8s", "60m")
    .option("--object-id <oid>", "object id to assign (the Redis username); default: a random GUID")
    .option(
      "--policy <policy>",
      'access policy for it: "Data Owner", "Data Contributor", "Data Reader" or an ACL rule string',
      "Data Owner",
    )
    .option(
      "--state-file <file>",
      "where to write host/port/CA/token endpoint for other processes",
      defaultStatePath(),
    )
    .option("--redis-server <path>", "redis-server binary (default: from PATH)")
    .option("--print-token", "also print one token (test token; hidden unless asked)")
    .option("--json", "print the ready information as one JSON document")
    .addHelpText(
      "after",
      "\nExamples:\n" +
        "  azure-redis-entra local\n" +
        '  azure-redis-entra local --shards 3 --token-lifetime 2m --policy "Data Reader"\n' +
        "  azure-redis-entra doctor --credential local      # in another terminal\n" +
        "\nNeeds redis-server on PATH (apt-get install redis-server / brew install redis).",
    )
    .action(async (opts: LocalCommandOptions) => {
      const { localCommand } = await import("./local-run.ts");
      process.exitCode = await localCommand(opts);
    });
}
