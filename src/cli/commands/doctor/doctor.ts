/** Declares `doctor`; the implementation (./doctor-run.ts) loads only when the command runs. */
import { defineCommand } from "../../args.ts";
import { CREDENTIALS } from "./credential-kinds.ts";

export const doctor = defineCommand({
  name: "doctor",
  description:
    "Check, step by step, that an identity can reach and use an Azure Redis cache with Entra ID (token, claims, username, DNS, TLS, AUTH, PING, a read)",
  options: {
    host: {
      type: "string",
      value: "host",
      description:
        "cache host name, e.g. mycache.redis.cache.windows.net (default with --credential local: the local gateway)",
    },
    port: {
      type: "string",
      value: "port",
      description:
        "TLS port (default: 10000 for an Azure Managed Redis host, *.redis.azure.net; 6380 otherwise, Azure Cache for Redis)",
    },
    username: {
      type: "string",
      value: "objectId",
      description: "the username your app sends (should be the object id); default: the token's oid",
    },
    credential: {
      type: "string",
      value: "kind",
      description: "where the token comes from",
      choices: CREDENTIALS,
      default: "default",
    },
    ca: {
      type: "string",
      value: "file",
      description: "PEM file of an extra CA to trust (e.g. the local gateway's); certificate checks stay on",
    },
    timeout: { type: "string", value: "duration", description: "per network step", default: "10s" },
    localState: {
      type: "string",
      value: "file",
      description:
        "with --credential local: the state file `local` wrote (default: $TMPDIR/azure-redis-entra-local.json)",
    },
    localIdentity: {
      type: "string",
      value: "objectId",
      description: "with --credential local: mint the token for this object id instead of the assigned one",
    },
    localAppId: {
      type: "string",
      value: "clientId",
      description: "with --credential local: put this client id in the token's appid claim",
    },
    json: { type: "boolean", description: "print the report as JSON" },
  },
  epilogue:
    "Examples:\n" +
    "  azure-redis-entra doctor --host mycache.redis.cache.windows.net\n" +
    "  azure-redis-entra doctor --host myamr.westeurope.redis.azure.net --username <objectId>   # port 10000\n" +
    "  azure-redis-entra doctor --credential local          # against `azure-redis-entra local`\n" +
    "\nExit code 0 when every step passes, 1 when any fails.",
  async run({ options }) {
    const { doctorCommand } = await import("./doctor-run.ts");
    return doctorCommand(options);
  },
});
