/** Declares `local`; the implementation (./local-run.ts) loads only when the command runs. */
import { defineCommand } from "../../args.ts";
import { defaultStatePath } from "./state.ts";
import { UsageError } from "../../../internal/cli-errors.ts";

export const local = defineCommand({
  name: "local",
  description:
    "Start a local Azure-style Entra gateway in front of a real redis-server (TLS, token checks, access policies) until Ctrl-C",
  arguments: [
    {
      name: "action",
      description:
        '"token": print one fresh token from the running gateway and exit, for export REDISCLI_AUTH="$(azure-redis-entra local token)"',
      optional: true,
    },
  ],
  options: {
    shards: {
      type: "string",
      value: "n",
      description: "run a Redis Cluster with this many shards behind per-node gateways",
      default: "1",
    },
    tokenLifetime: {
      type: "string",
      value: "duration",
      description: "lifetime of minted tokens, e.g. 60m, 2m, 8s",
      default: "60m",
    },
    objectId: {
      type: "string",
      value: "oid",
      description:
        "object id to assign (the Redis username); default: a random GUID (with token: mint for this one instead of the assigned one)",
    },
    policy: {
      type: "string",
      value: "policy",
      description:
        'access policy for it: "Data Owner", "Data Contributor", "Data Reader" or an ACL rule string',
      default: "Data Owner",
    },
    stateFile: {
      type: "string",
      value: "file",
      description: "where to write host/port/CA/token endpoint for other processes",
      default: defaultStatePath(),
    },
    redisServer: { type: "string", value: "path", description: "redis-server binary (default: from PATH)" },
    printToken: { type: "boolean", description: "also print one token (test token; hidden unless asked)" },
    json: { type: "boolean", description: "print the ready information as one JSON document" },
  },
  epilogue:
    "Examples:\n" +
    "  azure-redis-entra local\n" +
    '  azure-redis-entra local --shards 3 --token-lifetime 2m --policy "Data Reader"\n' +
    "  azure-redis-entra doctor --credential local      # in another terminal\n" +
    '  export REDISCLI_AUTH="$(azure-redis-entra local token)"   # a fresh token for redis-cli --user <oid>\n' +
    "\nNeeds redis-server on PATH (apt-get install redis-server / brew install redis).",
  async run({ options, args }) {
    if (args.action === "token") {
      const { localTokenCommand } = await import("./local-token.ts");
      return localTokenCommand(options);
    }
    if (args.action !== undefined)
      throw new UsageError(`"local ${args.action}" is not an action of local; the only one is local token`);
    const { localCommand } = await import("./local-run.ts");
    return localCommand(options);
  },
});
