/**
 * doctor's "endpoint" step: which Azure service answers behind the host name, from the name and the
 * server's own HELLO (version and mode). An Azure Cache for Redis name whose server is Redis 7 is a
 * cache name that Azure's migration switched to Azure Managed Redis (its `migratedEndpoint`): it works,
 * until the endpoint is unlinked, and the app should move to the Managed Redis name. Versions: Azure
 * Cache for Redis runs Redis 6, Azure Managed Redis 7.4 (docs/azure-facts.md, "Migration to Azure
 * Managed Redis", and Learn's migrate-basic-standard-premium-understand).
 */
import type { RespReply } from "../../../internal/resp/decode.ts";
import { azureServiceOf } from "./host-names.ts";

/** The step as checks.ts's DoctorStep has it (declared here: checks.ts imports this file). */
export interface EndpointStep {
  name: "endpoint";
  status: "pass" | "warn";
  detail: string;
  problem?: string;
  fix?: string;
}

/** What HELLO says about the server. */
export interface ServerHello {
  version?: string;
  /** "standalone" or "cluster". */
  mode?: string;
}

/** Reads `version` and `mode` from a RESP2 HELLO reply (a flat list of names and values). */
export function readHello(reply: RespReply): ServerHello {
  if (!Array.isArray(reply)) return {};
  const hello: ServerHello = {};
  for (let i = 0; i + 1 < reply.length; i += 2) {
    if (reply[i] === "version" && typeof reply[i + 1] === "string") hello.version = reply[i + 1] as string;
    if (reply[i] === "mode" && typeof reply[i + 1] === "string") hello.mode = reply[i + 1] as string;
  }
  return hello;
}

/** The endpoint step, or undefined for a host that is neither Azure service's name (e.g. a local gateway). */
export function endpointStep(host: string, port: number, hello: ServerHello): EndpointStep | undefined {
  const major = Number((hello.version ?? "").split(".")[0]);
  const server = `Redis ${hello.version ?? "?"}${hello.mode ? ` (${hello.mode})` : ""}`;
  const clusterNote =
    hello.mode === "cluster"
      ? "; the server speaks the cluster protocol, so the app needs a cluster-aware client (connectIoredisCluster, connectNodeRedisCluster)"
      : "";
  const service = azureServiceOf(host);
  if (service === "cache" && major >= 7) {
    return {
      name: "endpoint",
      status: "warn",
      detail: `${host}:${port} is an Azure Cache for Redis name answered by ${server}: Azure's migration switched it to Azure Managed Redis (the instance's migratedEndpoint)`,
      problem: "migrated-endpoint",
      fix: `it keeps working until the endpoint is unlinked (UnlinkMigratedEndpoint) or Azure retires the name; point the app at the Managed Redis host name, port 10000 (EntraManagedRedis connections[alias])${clusterNote}`,
    };
  }
  if (service === "cache") {
    return {
      name: "endpoint",
      status: "warn",
      detail: `${host}:${port} is Azure Cache for Redis (${server}), retired on 2028-09-30`,
      problem: "azure-cache-for-redis",
      fix: "move it to Azure Managed Redis: EntraManagedRedis with migrateFrom: { cacheId: cache.resourceId } (docs/migration.md)",
    };
  }
  if (service === "managed") {
    const expected = port === 10000;
    return {
      name: "endpoint",
      status: expected ? "pass" : "warn",
      detail: `${host}:${port} is Azure Managed Redis (${server})${clusterNote ? ", OSS clustering" : ""}`,
      ...(expected
        ? {}
        : { problem: "managed-port", fix: "Azure Managed Redis serves TLS on port 10000: use port 10000" }),
    };
  }
  return undefined;
}
