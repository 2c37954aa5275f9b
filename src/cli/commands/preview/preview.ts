/** Declares `preview`; the implementation (./preview-run.ts) loads only when the command runs. */
import { defineCommand } from "../../args.ts";

export const preview = defineCommand({
  name: "preview",
  description:
    "Run a Pulumi TypeScript program under Pulumi's mock runtime (no cloud, no credentials) and print the resources it declares",
  arguments: [
    {
      name: "program",
      description:
        "a directory with Pulumi.yaml, or a .ts/.js program file (default: this package's quick-start program)",
      optional: true,
    },
  ],
  options: {
    json: {
      type: "boolean",
      description:
        "print a JSON document (resources with inputs, per-cache summary, outputs, errors) for CI review and policy checks",
    },
    config: {
      type: "string",
      short: "c",
      value: "key=value",
      multiple: true,
      description:
        "a config value the program reads with pulumi.Config (JSON for objects); merged over PULUMI_CONFIG",
    },
    policy: {
      type: "string",
      value: "pack",
      optionalValue: true,
      description:
        "run a policy pack over the declared resources (default: azure-redis-entra/policy; or a folder with PulumiPolicy.yaml); exit 1 on a mandatory violation",
    },
    policyConfig: {
      type: "string",
      value: "file",
      description:
        "policy pack config (JSON, the format of pulumi's --policy-pack-config): levels and settings per policy",
    },
    baseline: {
      type: "string",
      value: "file",
      description:
        "the stack's current state (`pulumi stack export --file state.json`, or an earlier `preview --json`): print the update plan as `pulumi preview` would, and every hazard (refusals, lost access, replacements)",
    },
    failOnHazard: {
      type: "boolean",
      description: "with --baseline: exit 1 when the update has a hazard (for CI)",
    },
    deployer: {
      type: "string",
      value: "object-id",
      description:
        "the object id of the identity that runs `pulumi up` (`currentPrincipal()`; `az ad signed-in-user show --query id -o tsv`): with --baseline, the plan then shows what `pulumi preview` would (default: a placeholder)",
    },
    stack: { type: "string", value: "name", description: "stack name the program sees", default: "preview" },
    timeout: {
      type: "string",
      value: "duration",
      description: "give up when the program has not finished after this long",
      default: "2m",
    },
  },
  epilogue:
    "Examples:\n" +
    "  azure-redis-entra preview\n" +
    "  azure-redis-entra preview examples/private-link-vnet --json\n" +
    "  azure-redis-entra preview examples/firewall-app-service -c 'allowedOutbound=[\"20.1.2.3\"]'\n" +
    "  azure-redis-entra preview examples/managed-redis --policy --policy-config policy.json\n" +
    "  pulumi stack export --file state.json && azure-redis-entra preview --baseline state.json --fail-on-hazard\n" +
    "\nExit code 1 when the program throws (e.g. an EntraRedisInputError for a bad argument), or with\n" +
    "--policy when a mandatory policy is violated, or with --fail-on-hazard when the plan has a hazard.",
  async run({ options, args }) {
    const { previewCommand } = await import("./preview-run.ts");
    return previewCommand(args.program, options);
  },
});
