/** Declares `demo`; the implementation (./demo-run.ts) loads only when the command runs. */
import { defineCommand } from "../../args.ts";

export const demo = defineCommand({
  name: "demo",
  description:
    "Preview the quick-start Pulumi program offline, then watch Entra tokens rotate live through a local gateway with no failed command and no lost message",
  options: {
    duration: {
      type: "string",
      value: "duration",
      description: "how long the live part runs, e.g. 20s, 2m",
      default: "60s",
    },
    tokenLifetime: {
      type: "string",
      value: "duration",
      description: "lifetime of each token (short, so rotations happen every few seconds)",
      default: "8s",
    },
    preview: {
      type: "boolean",
      negated: true,
      description: "skip the offline preview of the quick-start program",
    },
    migration: {
      type: "boolean",
      description:
        "instead: move a running cache to Azure Managed Redis locally, the app running through the switch",
    },
    redisServer: { type: "string", value: "path", description: "redis-server binary (default: from PATH)" },
    json: {
      type: "boolean",
      description: "print only a JSON summary (counters, gateway stats, preview summary)",
    },
  },
  epilogue:
    "Examples:\n  azure-redis-entra demo\n  azure-redis-entra demo --duration 20s --token-lifetime 5s --json\n  azure-redis-entra demo --migration\n" +
    "\nNeeds redis-server (apt-get install redis-server / brew install redis) and, from an installed copy,\n" +
    "ioredis for the live step and @pulumi/pulumi + @pulumi/azure-native for the preview step (in the\n" +
    "repository `npm ci` brings them); a missing one is named with the command that installs it.\n" +
    "Exit code 0 only when no command failed and no message was lost.",
  async run({ options }) {
    const { demoCommand } = await import("./demo-run.ts");
    return demoCommand(options);
  },
});
