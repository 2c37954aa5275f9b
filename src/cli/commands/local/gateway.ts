/**
 * The one place the CLI touches the local Entra gateway (`azure-redis-entra/testing`): starts it,
 * writes its CA to a file when needed, and gives `local` and `demo` a small, stable surface.
 */
import type { EntraTokenCredential } from "../../../client/index.ts";
import type {
  ConnectionEvent,
  GatewayStats,
  LocalEntraRedis,
  LocalEntraRedisEvents,
  LocalEntraRedisOptions,
} from "../../../testing/index.ts";
import { findRedisServer, RedisServerError } from "../../../internal/redis-server.ts";
import { CliError } from "../../../internal/cli-errors.ts";
import { PACKAGE_ROOT } from "../../../internal/package-info.ts";
import { installCommand } from "../../../internal/package-install.ts";
import { currentArgs } from "./shell-lines.ts";
import { MissingPeerError } from "../../../internal/optional-peer.ts";

/** What `local` and `demo` need from a running gateway. */
export interface RunningGateway {
  host: string;
  port: number;
  nodes: { host: string; port: number }[];
  /** PEM of the throwaway CA. */
  ca: string;
  caPath: string;
  tokenLifetimeMs: number;
  credential(objectId: string, options?: { lifetimeMs?: number; appId?: string }): EntraTokenCredential;
  assign(objectId: string, policy: string): Promise<void>;
  /** Gateway counters (AUTHs accepted/refused, expiry closes, commands forwarded). */
  stats(): GatewayStats;
  /** Subscribes to a gateway event ("auth", "expired", "connection", "close"); returns an unsubscribe function. */
  onEvent<E extends keyof LocalEntraRedisEvents>(
    name: E,
    listener: (...event: LocalEntraRedisEvents[E]) => void,
  ): () => void;
  stop(): Promise<void>;
}

/** Options for {@link startGateway}. */
export interface StartGatewayOptions {
  shards?: number;
  tokenLifetimeMs: number;
  redisServerPath?: string;
}

/** Signature of `startLocalEntraRedis` (azure-redis-entra/testing). */
export type StartLocalGateway = (options: LocalEntraRedisOptions) => Promise<LocalEntraRedis>;

async function defaultStart(options: LocalEntraRedisOptions): Promise<LocalEntraRedis> {
  const { startLocalEntraRedis } = await import("../../../testing/index.ts");
  return startLocalEntraRedis(options);
}

/** Starts the local gateway (redis-server must be installed: a clear error says how otherwise). */
export async function startGateway(
  options: StartGatewayOptions,
  start: StartLocalGateway = defaultStart,
): Promise<RunningGateway> {
  let redisServerPath: string;
  try {
    redisServerPath = findRedisServer(options.redisServerPath, { option: "--redis-server <path>" });
  } catch (err) {
    if (err instanceof RedisServerError) throw new CliError(err.message);
    throw err;
  }
  let gw: LocalEntraRedis;
  try {
    gw = await start({
      redisServerPath,
      tokenLifetimeMs: options.tokenLifetimeMs,
      ...(options.shards && options.shards > 1 ? { cluster: { shards: options.shards } } : {}),
    });
  } catch (err) {
    // An optional peer the testing kit needs is missing: one line with the install command.
    if (err instanceof MissingPeerError)
      throw new CliError(
        `local needs ${err.packageName}, which is not installed: run ${installCommand([err.packageName], PACKAGE_ROOT, currentArgs())}`,
      );
    throw err;
  }
  return {
    host: gw.host,
    port: gw.port,
    nodes: gw.nodes.map((n) => ({ host: n.host, port: n.port })),
    ca: gw.ca,
    caPath: gw.caPath,
    tokenLifetimeMs: gw.tokenLifetimeMs,
    credential: (objectId, o) => gw.credential(objectId, o),
    assign: (objectId, policy) => gw.assign(objectId, policy),
    stats: () => gw.stats(),
    onEvent: (name, listener) => {
      // Every payload is a ConnectionEvent (AuthEvent extends it); TypeScript can't narrow a generic key.
      const event: keyof LocalEntraRedisEvents = name;
      const l = listener as (e: ConnectionEvent) => void;
      gw.on(event, l);
      return () => void gw.off(event, l);
    },
    stop: () => gw.stop(),
  };
}
