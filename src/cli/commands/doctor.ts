/** Registers `doctor`; the implementation (./doctor-run.ts) loads only when the command runs. */
import type { Command } from "commander";
import type { DoctorCommandOptions } from "./doctor-run.ts";

const CREDENTIALS = ["default", "cli", "managed-identity", "local"];

/** Adds the command to the program. */
export function registerDoctor(program: Command): void {
  program
    .command("doctor")
    .description(
      "Check, step by step, that an identity can reach and use an Azure Redis cache with Entra ID (token, claims, username, DNS, TLS, AUTH, PING, a read)",
    )
    .option(
      "--host <host>",
      "cache host name, e.g. mycache.redis.cache.windows.net (default with --credential local: the local gateway)",
    )
    .option(
      "--port <port>",
      "TLS port: 6380 for Azure Cache for Redis, 10000 for Azure Managed Redis (default 6380)",
    )
    .option(
      "--username <objectId>",
      "the username your app sends (should be the object id); default: the token's oid",
    )
    .option("--credential <kind>", `where the token comes from: ${CREDENTIALS.join(" | ")}`, "default")
    .option(
      "--ca <file>",
      "PEM file of an extra CA to trust (e.g. the local gateway's); certificate checks stay on",
    )
    .option("--timeout <duration>", "per network step", "10s")
    .option(
      "--local-state <file>",
      "with --credential local: the state file `local` wrote (default: $TMPDIR/azure-redis-entra-local.json)",
    )
    .option(
      "--local-identity <objectId>",
      "with --credential local: mint the token for this object id instead of the assigned one",
    )
    .option(
      "--local-app-id <clientId>",
      "with --credential local: put this client id in the token's appid claim",
    )
    .option("--json", "print the report as JSON")
    .addHelpText(
      "after",
      "\nExamples:\n" +
        "  azure-redis-entra doctor --host mycache.redis.cache.windows.net\n" +
        "  azure-redis-entra doctor --host myamr.westeurope.redis.azure.net --port 10000 --username <objectId>\n" +
        "  azure-redis-entra doctor --credential local          # against `azure-redis-entra local`\n" +
        "\nExit code 0 when every step passes, 1 when any fails.",
    )
    .action(async (opts: DoctorCommandOptions) => {
      const { doctorCommand } = await import("./doctor-run.ts");
      process.exitCode = await doctorCommand(opts);
    });
}
