/** Registers `demo`; the implementation (./demo-run.ts) loads only when the command runs. */
import type { Command } from "commander";
import type { DemoCommandOptions } from "./demo-run.ts";

/** Adds the command to the program. */
export function registerDemo(program: Command): void {
  program
    .command("demo")
    .description(
      "Preview the quick-start Pulumi program offline, then watch Entra tokens rotate live through a local gateway with no failed command and no lost message",
    )
    .option("--duration <duration>", "how long the live part runs, e.g. 20s, 2m", "60s")
    .option(
      "--token-lifetime <duration>",
      "lifetime of each token (short, so rotations happen every few seconds)",
      "8s",
    )
    .option("--no-preview", "skip the offline preview of the quick-start program")
    .option("--redis-server <path>", "redis-server binary (default: from PATH)")
    .option("--json", "print only a JSON summary (counters, gateway stats, preview summary)")
    .addHelpText(
      "after",
      "\nExamples:\n  azure-redis-entra demo\n  azure-redis-entra demo --duration 20s --token-lifetime 5s --json\n" +
        "\nNeeds redis-server (apt-get install redis-server / brew install redis) and, from an installed copy,\n" +
        "ioredis for the live step and @pulumi/pulumi + @pulumi/azure-native for the preview step (in the\n" +
        "repository `npm ci` brings them); a missing one is named with the command that installs it.\n" +
        "Exit code 0 only when no command failed and no message was lost.",
    )
    .action(async (opts: DemoCommandOptions) => {
      const { demoCommand } = await import("./demo-run.ts");
      process.exitCode = await demoCommand(opts);
    });
}
