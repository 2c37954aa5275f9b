/**
 * ioredis over TLS with Entra tokens that stay current: `connectIoredis` for a single endpoint.
 * ioredis is loaded only when this is called (optional peer dependency).
 */
import type { Redis, RedisOptions } from "ioredis";
import { connectWithRetry, explainError, loadIoredis } from "./adapter.ts";
import { internalsOf } from "./auth-internals.ts";
import type { EntraAuth } from "./entra-auth.ts";
import { applyCredentials, bindConnection, labelOf } from "./ioredis-binding.ts";
import { guardConnection } from "./ioredis-guard.ts";
import { clearManualClose } from "./ioredis-internals.ts";
import { hideToken, installScrubber, warnIfIoredisDebug } from "./ioredis-secrecy.ts";
import { requireTls } from "./tls-policy.ts";
import { bindRedisDuplicates } from "./ioredis-derived.ts";
import { readyCheckOption } from "./ioredis-ready-check.ts";

/** ioredis options without username/password (they come from the token). TLS is required. */
export type EntraIoredisOptions = Omit<RedisOptions, "username" | "password" | "lazyConnect">;

/**
 * Returns a ready ioredis client over TLS (certificate checks on) authenticated with the token's
 * object id and the token. Its options follow every refresh (so reconnects use the fresh token) and
 * each refresh re-AUTHs the live connection at a random moment within `reauthSpreadMs`.
 *
 * For pub/sub use {@link connectIoredisSubscriber}: RESP2 subscriber connections can't AUTH.
 *
 * @example
 * const redis = await connectIoredis(auth, { host: "mycache.redis.cache.windows.net", port: 6380 });
 */
export async function connectIoredis(auth: EntraAuth, options: EntraIoredisOptions): Promise<Redis> {
  const tls = requireTls(options.tls, "tls", internalsOf(auth).warnOnce);
  // Load ioredis first: a first import can take a while, and the token should be fresh when sent.
  const { Redis: RedisCtor } = await loadIoredis();
  const creds = await auth.getCredentials();
  const redis = new RedisCtor({
    ...options,
    tls,
    username: creds.username,
    password: creds.password,
    enableReadyCheck: readyCheckOption(options),
    lazyConnect: true,
  });
  const label = labelOf(redis);
  installScrubber(redis, label);
  hideToken(auth, redis);
  guardConnection(auth, redis);
  warnIfIoredisDebug(auth);
  try {
    await connectWithRetry(
      auth,
      redis,
      () => {
        const fresh = auth.current();
        if (fresh) applyCredentials(redis, fresh);
      },
      () => clearManualClose(redis),
    );
  } catch (err) {
    redis.disconnect();
    throw explainError(auth, err, { tls: true });
  }
  bindConnection(auth, redis, label);
  bindRedisDuplicates(auth, redis, { lazyConnect: false });
  return redis;
}
