/**
 * A human-readable description of a running local gateway for one identity (what
 * `azure-redis-entra local` prints): endpoints, CA path and ready-to-paste snippets. Never a token.
 */
import type { LocalEntraRedis } from "./types.ts";

/** What {@link describeLocalEntraRedis} returns. */
export interface LocalEntraRedisDescription {
  host: string;
  port: number;
  nodes: { host: string; port: number }[];
  cluster: boolean;
  caPath: string;
  objectId: string;
  tenantId: string;
  tokenLifetimeMs: number;
  /** TypeScript using azure-redis-entra/client with ioredis (`credential` is the gateway's credential for the object id). */
  snippet: string;
  /**
   * redis-cli command line; redis-cli reads the password (a token) from `REDISCLI_AUTH`, e.g.
   * `export REDISCLI_AUTH=<(await gateway.credential(objectId).getToken(REDIS_TOKEN_SCOPE)).token>`
   * (`azure-redis-entra local token` prints one for the CLI's gateway).
   */
  redisCli: string;
}

/** Describes how to connect to a running local gateway as `objectId` (contains no token). */
export function describeLocalEntraRedis(
  instance: LocalEntraRedis,
  objectId: string,
): LocalEntraRedisDescription {
  const cluster = instance.nodes.length > 1;
  const connect = cluster
    ? `const redis = await connectIoredisCluster(auth, ${JSON.stringify(instance.nodes.map((n) => ({ host: n.host, port: n.port })))}, { redisOptions: { tls: { ca: readFileSync(${JSON.stringify(instance.caPath)}) } } });`
    : `const redis = await connectIoredis(auth, { host: ${JSON.stringify(instance.host)}, port: ${instance.port}, tls: { ca: readFileSync(${JSON.stringify(instance.caPath)}) } });`;
  const snippet = [
    `import { readFileSync } from "node:fs";`,
    `import { createEntraAuth, ${cluster ? "connectIoredisCluster" : "connectIoredis"} } from "azure-redis-entra/client";`,
    ``,
    `// In the process that started the gateway: const credential = gateway.credential(${JSON.stringify(objectId)});`,
    `const auth = createEntraAuth({ credential });`,
    connect,
    `await redis.set("hello", "world"); // username ${objectId}, password: a fresh token`,
  ].join("\n");
  const redisCli = `redis-cli --tls --cacert ${instance.caPath} -h ${instance.host} -p ${instance.port}${cluster ? " -c" : ""} --user ${objectId} PING`;
  return {
    host: instance.host,
    port: instance.port,
    nodes: instance.nodes.map((n) => ({ host: n.host, port: n.port })),
    cluster,
    caPath: instance.caPath,
    objectId,
    tenantId: instance.tenantId,
    tokenLifetimeMs: instance.tokenLifetimeMs,
    snippet,
    redisCli,
  };
}
