/** Declares `upgrade-state`; the implementation (./upgrade-state-run.ts) loads only when the command runs. */
import { defineCommand } from "../../args.ts";

export const upgradeState = defineCommand({
  name: "upgrade-state",
  description:
    'Rewrite a `pulumi stack export` from 0.1.0 so its typed EntraManagedRedis assignments (every policy "default") become the generic resource 0.2.0 registers, without a replacement or a moment without access',
  arguments: [{ name: "export", description: "the file `pulumi stack export --file state.json` wrote" }],
  options: {
    out: {
      type: "string",
      short: "o",
      value: "file",
      description: "where to write the rewritten state (default: <export>.upgraded.json beside it)",
    },
    overwrite: {
      type: "boolean",
      description: "replace an existing --out file, even the export itself (default: refuse)",
    },
    check: {
      type: "string",
      value: "program",
      description:
        "then run `preview <program> --baseline <out> --fail-on-hazard` (offline, under the export's stack name): exit 1 when the plan has a hazard",
    },
    config: {
      type: "string",
      short: "c",
      value: "key=value",
      multiple: true,
      description: "with --check: a config value the program reads (as for preview)",
    },
    deployer: {
      type: "string",
      value: "object-id",
      description:
        "with --check: the object id of the identity that runs `pulumi up` (as for preview; default: a placeholder)",
    },
    timeout: {
      type: "string",
      value: "duration",
      description: "with --check: give up when the program has not finished after this long",
      default: "2m",
    },
  },
  epilogue:
    "Examples:\n" +
    "  pulumi stack export --file state.json\n" +
    "  azure-redis-entra upgrade-state state.json --check .      # writes state.upgraded.json, then previews\n" +
    "  pulumi stack import --file state.upgraded.json\n" +
    "\nNothing is sent to Azure and secrets stay encrypted (copied, never decrypted or printed). Refused,\n" +
    "naming the resource and the problem, with nothing written: a deployment version other than 3,\n" +
    "pending operations, an assignment whose inputs or id are not what 0.1.0 wrote.\n" +
    "Exit code 1 when refused, or with --check when the preview fails or has a hazard.",
  async run({ options, args }) {
    const { upgradeStateCommand } = await import("./upgrade-state-run.ts");
    return upgradeStateCommand(args.export, options);
  },
});
