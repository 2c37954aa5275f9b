/** Registers `preview`; the implementation (./preview-run.ts) loads only when the command runs. */
import type { Command } from "commander";
import type { PreviewCommandOptions } from "./preview-run.ts";

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Adds the command to the program. */
export function registerPreview(program: Command): void {
  program
    .command("preview")
    .description(
      "Run a Pulumi TypeScript program under Pulumi's mock runtime (no cloud, no credentials) and print the resources it declares",
    )
    .argument(
      "[program]",
      "a directory with Pulumi.yaml, or a .ts/.js program file (default: this package's quick-start program)",
    )
    .option(
      "--json",
      "print a JSON document (resources with inputs, per-cache summary, outputs, errors) for CI review and policy checks",
    )
    .option(
      "-c, --config <key=value>",
      "a config value the program reads with pulumi.Config (repeatable; JSON for objects); merged over PULUMI_CONFIG",
      collect,
    )
    .option(
      "--policy [pack]",
      "run a policy pack over the declared resources (default: azure-redis-entra/policy; or a folder with PulumiPolicy.yaml); exit 1 on a mandatory violation",
    )
    .option(
      "--policy-config <file>",
      "policy pack config (JSON, the format of pulumi's --policy-pack-config): levels and settings per policy",
    )
    .option("--stack <name>", "stack name the program sees", "preview")
    .option("--timeout <duration>", "give up when the program has not finished after this long", "2m")
    .addHelpText(
      "after",
      "\nExamples:\n" +
        "  azure-redis-entra preview\n" +
        "  azure-redis-entra preview examples/private-link-vnet --json\n" +
        "  azure-redis-entra preview examples/firewall-app-service -c 'allowedOutbound=[\"20.1.2.3\"]'\n" +
        "  azure-redis-entra preview examples/managed-redis --policy --policy-config policy.json\n" +
        "\nExit code 1 when the program throws (e.g. an EntraRedisInputError for a bad argument), or with\n" +
        "--policy when a mandatory policy is violated.",
    )
    .action(async (programArg: string | undefined, opts: PreviewCommandOptions) => {
      const { previewCommand } = await import("./preview-run.ts");
      process.exitCode = await previewCommand(programArg, opts);
    });
}
