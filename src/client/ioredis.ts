/**
 * ioredis over TLS with Entra tokens that stay current: `connectIoredis` for a single endpoint.
 * ioredis is loaded only when this is called (optional peer dependency).
 */
import type { Redis, RedisOptions } from "ioredis";
import type { EntraAuth } from "./entra-auth.ts";
import { EntraRedisAuthError } from "./errors.ts";
import { explainRedisAuthError } from "./explain.ts";
import {
  applyCredentials,
  bindConnection,
  installScrubber,
  labelOf,
  requireTls,
  scrubCommandArgs,
} from "./ioredis-binding.ts";

/** ioredis options without username/password (they come from the token). TLS is required. */
export type EntraIoredisOptions = Omit<RedisOptions, "username" | "password" | "lazyConnect">;

/** The ioredis classes we use. */
export interface IoredisModule {
  Redis: typeof import("ioredis").Redis;
  Cluster: typeof import("ioredis").Cluster;
}

/** Loads ioredis (optional peer), across ESM/CJS module shapes. */
export async function loadIoredis(): Promise<IoredisModule> {
  let mod: Partial<IoredisModule> & { default?: Partial<IoredisModule> };
  try {
    mod = await import("ioredis");
  } catch {
    throw new Error(
      "ioredis is not installed: run `npm install ioredis` to use connectIoredis/connectIoredisCluster/createIoredisSubscriber",
    );
  }
  const Redis = mod.Redis ?? mod.default?.Redis;
  const Cluster = mod.Cluster ?? mod.default?.Cluster;
  if (!Redis || !Cluster)
    throw new Error("the installed ioredis does not export Redis and Cluster: install ioredis 5.4 or later");
  return { Redis, Cluster };
}

/** Constructor of ioredis's Redis class. */
export async function redisConstructor(): Promise<typeof import("ioredis").Redis> {
  return (await loadIoredis()).Redis;
}

/** Turns a connect failure into an explained error (no secrets). */
export function explainConnectError(auth: EntraAuth, err: unknown, tls: boolean): Error {
  scrubCommandArgs(err);
  const message = auth.redact(err instanceof Error ? err.message : String(err));
  const why = explainRedisAuthError(err, { ...auth.diagnostics(), tls });
  if (!why) return err instanceof Error ? err : new Error(message);
  return new EntraRedisAuthError(why.problem, `${why.explanation} (${message})`);
}

type ErrorSource = {
  on(event: string, fn: (err: unknown) => void): unknown;
  off(event: string, fn: (err: unknown) => void): unknown;
};

const AUTH_REFUSAL = /WRONGPASS|NOAUTH|invalid username-password/i;

/**
 * Connects; ioredis rejects a failed handshake with "Connection is closed." and reports the real
 * cause (e.g. WRONGPASS) as an `error` / `node error` event, so those are watched during the attempt.
 * An auth refusal forces one token refresh and one more attempt. Throws the most telling error.
 */
export async function connectWithRetry(
  auth: EntraAuth,
  target: ErrorSource & { connect(): Promise<unknown>; disconnect(): void },
  apply: () => void,
): Promise<void> {
  let cause: unknown;
  const record = (err: unknown) => {
    if (!cause || AUTH_REFUSAL.test(err instanceof Error ? err.message : String(err))) cause = err;
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
        const refused = AUTH_REFUSAL.test(why instanceof Error ? why.message : String(why));
        if (!refused || attempt > 0) throw why;
        await auth.refresh();
        apply();
      }
    }
  } finally {
    target.off("error", record);
    target.off("node error", record);
  }
}

/**
 * Returns a ready ioredis client over TLS (certificate checks on) authenticated with the token's
 * object id and the token. Its options follow every refresh (so reconnects use the fresh token) and
 * each refresh re-AUTHs the live connection at a random moment within `reauthSpreadMs`.
 *
 * For pub/sub use {@link createIoredisSubscriber}: RESP2 subscriber connections can't AUTH.
 *
 * @example
 * const redis = await connectIoredis(auth, { host: "mycache.redis.cache.windows.net", port: 6380 });
 */
export async function connectIoredis(auth: EntraAuth, options: EntraIoredisOptions): Promise<Redis> {
  const tls = requireTls(options.tls, "tls");
  const creds = await auth.getCredentials();
  const RedisCtor = await redisConstructor();
  const redis = new RedisCtor({
    ...options,
    tls,
    username: creds.username,
    password: creds.password,
    lazyConnect: true,
  });
  const label = labelOf(redis);
  installScrubber(redis, label);
  try {
    await connectWithRetry(auth, redis, () => {
      const fresh = auth.current();
      if (fresh) applyCredentials(redis, fresh);
    });
  } catch (err) {
    redis.disconnect();
    throw explainConnectError(auth, err, true);
  }
  bindConnection(auth, redis, label);
  return redis;
}
