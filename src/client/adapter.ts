/**
 * What every connection adapter (ioredis, ioredis Cluster, the ioredis subscriber, node-redis) shares:
 * loading the optional client library, connecting with one forced-refresh retry after an auth refusal,
 * and turning failures into explained, redacted errors and event messages. The refusal classifier is
 * `refusal.ts`; the explanations are `explain.ts`.
 */
import { internalsOf } from "./auth-internals.ts";
import type { EntraAuth } from "./entra-auth.ts";
import { EntraRedisAuthError } from "./errors.ts";
import { explainRedisAuthError, type RedisAuthContext } from "./explain.ts";
import { scrubCommandArgs } from "./redact.ts";
import { isAuthRefusal } from "./refusal.ts";

/** The ioredis classes we use. */
export interface IoredisModule {
  Redis: typeof import("ioredis").Redis;
  Cluster: typeof import("ioredis").Cluster;
}

let ioredis: Promise<IoredisModule> | undefined;
let nodeRedis: Promise<typeof import("redis")> | undefined;

/** Loads ioredis (optional peer), across ESM/CJS module shapes; once per process. */
export function loadIoredis(): Promise<IoredisModule> {
  ioredis ??= (async () => {
    let mod: Partial<IoredisModule> & { default?: Partial<IoredisModule> };
    try {
      mod = await import("ioredis");
    } catch {
      throw new Error(
        "ioredis is not installed: run `npm install ioredis` to use connectIoredis/connectIoredisCluster/connectIoredisSubscriber",
      );
    }
    const Redis = mod.Redis ?? mod.default?.Redis;
    const Cluster = mod.Cluster ?? mod.default?.Cluster;
    if (!Redis || !Cluster)
      throw new Error(
        "the installed ioredis does not export Redis and Cluster: install ioredis 5.4 or later",
      );
    return { Redis, Cluster };
  })();
  ioredis.catch(() => (ioredis = undefined));
  return ioredis;
}

/** Loads node-redis (`redis`, optional peer); once per process. */
export function loadNodeRedis(): Promise<typeof import("redis")> {
  nodeRedis ??= import("redis").catch(() => {
    nodeRedis = undefined;
    throw new Error(
      "redis (node-redis) is not installed: run `npm install redis` to use connectNodeRedis/connectNodeRedisCluster",
    );
  });
  return nodeRedis;
}

/**
 * A redacted message for a failure on a connection, prefixed with the explanation when it is a known
 * Entra/Redis auth problem. `context` overrides what `auth.diagnostics()` says (e.g. the claims of the
 * token that was actually sent).
 */
export function describeFailure(auth: EntraAuth, err: unknown, context: RedisAuthContext = {}): string {
  scrubCommandArgs(err);
  const message = internalsOf(auth).redact(err instanceof Error ? err.message : String(err));
  const why = explainRedisAuthError(err, { ...auth.diagnostics(), ...context });
  return why ? `${why.explanation} (${message})` : message;
}

/**
 * The error to throw for a failed connect: an {@link EntraRedisAuthError} naming the cause and the fix
 * when it is a known auth problem, otherwise the original error (secrets masked).
 */
export function explainError(auth: EntraAuth, err: unknown, context: RedisAuthContext = {}): Error {
  scrubCommandArgs(err);
  const message = internalsOf(auth).redact(err instanceof Error ? err.message : String(err));
  const why = explainRedisAuthError(err, { ...auth.diagnostics(), ...context });
  if (!why) return err instanceof Error ? err : new Error(message);
  return new EntraRedisAuthError(why.problem, `${why.explanation} (${message})`);
}

type ErrorSource = {
  on(event: string, fn: (err: unknown) => void): unknown;
  off(event: string, fn: (err: unknown) => void): unknown;
};

/**
 * Connects; ioredis rejects a failed handshake with "Connection is closed." and reports the real
 * cause (e.g. WRONGPASS) as an `error` / `node error` event, so those are watched during the attempt.
 * An auth refusal forces one token refresh and one more attempt. Throws the most telling error.
 * `reset` runs after a failed attempt's disconnect, before the next attempt (ioredis's `Redis` needs
 * its manual-close flag cleared there, or its next network drop would end it for good).
 */
export async function connectWithRetry(
  auth: EntraAuth,
  target: ErrorSource & { connect(): Promise<unknown>; disconnect(): void },
  apply: () => void,
  reset?: () => void,
): Promise<void> {
  let cause: unknown;
  const record = (err: unknown) => {
    if (!cause || isAuthRefusal(err)) cause = err;
  };
  target.on("error", record);
  target.on("node error", record);
  try {
    for (let attempt = 0; ; attempt++) {
      cause = undefined;
      try {
        await target.connect();
        return;
      } catch (err) {
        target.disconnect();
        const why = cause ?? err;
        if (!isAuthRefusal(why) || attempt > 0) throw why;
        reset?.();
        await auth.refresh();
        apply();
      }
    }
  } finally {
    target.off("error", record);
    target.off("node error", record);
  }
}
