/**
 * The one place the CLI touches the local Entra gateway (`azure-redis-entra/testing`): starts it,
 * writes its CA to a file when needed, and gives `local` and `demo` a small, stable surface.
 */
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EntraTokenCredential } from "../../client/index.ts";
import { findRedisServer } from "./redis-server.ts";

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
  /** Gateway counters (AUTHs accepted/refused, expiry closes), as the gateway reports them. */
  stats(): Record<string, unknown>;
  /** Subscribes to gateway events when it has them; returns an unsubscribe function. */
  onEvent(name: string, listener: (event: Record<string, unknown>) => void): () => void;
  stop(): Promise<void>;
}

/** Options for {@link startGateway}. */
export interface StartGatewayOptions {
  shards?: number;
  tokenLifetimeMs: number;
  redisServerPath?: string;
}

export interface TestingGateway {
  host: string;
  port: number;
  nodes?: { host: string; port: number }[];
  ca: string;
  caPath?: string;
  credential(objectId: string, options?: { lifetimeMs?: number; appId?: string }): EntraTokenCredential;
  assign(objectId: string, permissions: string): unknown;
  stats?(): unknown;
  on?(event: string, listener: (e: Record<string, unknown>) => void): unknown;
  off?(event: string, listener: (e: Record<string, unknown>) => void): unknown;
  stop(): Promise<void> | void;
}

/** Signature of `startLocalEntraRedis` as the CLI uses it. */
export type StartLocalGateway = (options: Record<string, unknown>) => Promise<TestingGateway>;

async function defaultStart(options: Record<string, unknown>): Promise<TestingGateway> {
  const testing = (await import("../../testing/index.ts")) as unknown as { startLocalEntraRedis?: StartLocalGateway };
  if (typeof testing.startLocalEntraRedis !== "function") {
    throw new Error("this build of azure-redis-entra has no local gateway (azure-redis-entra/testing exports no startLocalEntraRedis)");
  }
  return testing.startLocalEntraRedis(options);
}

/** Starts the local gateway (redis-server must be installed: a clear error says how otherwise). */
export async function startGateway(options: StartGatewayOptions, start: StartLocalGateway = defaultStart): Promise<RunningGateway> {
  const redisServerPath = findRedisServer(options.redisServerPath);
  const gw = await start({
    redisServerPath,
    tokenLifetimeMs: options.tokenLifetimeMs,
    ...(options.shards && options.shards > 1 ? { cluster: { shards: options.shards } } : {}),
  });
  let caPath = gw.caPath;
  if (!caPath) {
    caPath = join(tmpdir(), `azure-redis-entra-ca-${process.pid}.pem`);
    writeFileSync(caPath, gw.ca);
  }
  return {
    host: gw.host,
    port: gw.port,
    nodes: gw.nodes?.length ? gw.nodes.map((n) => ({ host: n.host, port: n.port })) : [{ host: gw.host, port: gw.port }],
    ca: gw.ca,
    caPath,
    tokenLifetimeMs: options.tokenLifetimeMs,
    credential: (objectId, o) => gw.credential(objectId, { lifetimeMs: options.tokenLifetimeMs, ...o }),
    assign: async (objectId, policy) => {
      await gw.assign(objectId, policy);
    },
    stats: () => (gw.stats ? (gw.stats() as Record<string, unknown>) : {}),
    onEvent: (name, listener) => {
      if (!gw.on) return () => {};
      gw.on(name, listener);
      return () => void gw.off?.(name, listener);
    },
    stop: async () => {
      await gw.stop();
    },
  };
}
