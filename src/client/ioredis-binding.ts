/**
 * Keeps one ioredis connection authenticated: its options always hold the current token (so a
 * reconnect uses it, ioredis #1810), and after each refresh it re-AUTHs at a random moment within the
 * spread window; WRONGPASS forces one token refresh and a retry.
 */
import type { Redis } from "ioredis";
import type { EntraAuth } from "./entra-auth.ts";
import type { EntraRedisCredentials } from "./credentials.ts";
import { EntraTlsRequiredError } from "./errors.ts";
import { describeFailure } from "./adapter.ts";
import { redact, scrubCommandArgs } from "./redact.ts";
import { classifyRefusal } from "./refusal.ts";

/** TLS options accepted by our ioredis helpers (anything Node's tls.connect takes). */
export type TlsOptions = Record<string, unknown>;

/** Checks that TLS is on with certificate checks; returns the TLS options to use. */
export function requireTls(tls: unknown, field: string): TlsOptions {
  if (tls === undefined || tls === true) return {};
  if (tls === false || tls === null || typeof tls !== "object") {
    throw new EntraTlsRequiredError(
      `${field}: ${String(tls)} is not allowed: Azure Redis accepts Entra tokens only over TLS (port 6380 for Azure Cache for Redis, 10000 for Azure Managed Redis); leave ${field} out or pass TLS options such as { ca }`,
    );
  }
  if ((tls as { rejectUnauthorized?: unknown }).rejectUnauthorized === false) {
    throw new EntraTlsRequiredError(
      `${field}.rejectUnauthorized: false is not allowed: certificate checks protect the token from being sent to an impostor; pass the server's CA as ${field}.ca instead`,
    );
  }
  return tls as TlsOptions;
}

/** Mutable view of the ioredis internals we touch (present in ioredis 5 and 6). */
interface RedisInternals {
  options: {
    username?: string | undefined;
    password?: string | undefined;
    host?: string;
    port?: number;
    protocol?: number;
  };
  condition?: { subscriber?: unknown; protocol?: number } | null;
}

/** Puts the credentials into the connection's options so the next (re)connect AUTHs with them. */
export function applyCredentials(redis: Redis, creds: EntraRedisCredentials): void {
  const r = redis as unknown as RedisInternals;
  r.options.username = creds.username;
  r.options.password = creds.password;
}

/** True when the connection is in RESP2 subscriber mode, where AUTH is refused. */
export function isResp2Subscriber(redis: Redis): boolean {
  const c = (redis as unknown as RedisInternals).condition;
  return Boolean(c?.subscriber) && c?.protocol !== 3;
}

/** `host:port` of a connection, for events. */
export function labelOf(redis: Redis, role?: string): string {
  const o = (redis as unknown as RedisInternals).options;
  return `${o.host ?? "?"}:${o.port ?? "?"}${role ? ` (${role})` : ""}`;
}

const scrubbed = new WeakSet<object>();

/**
 * Installs an error listener that runs first and masks secrets in ioredis errors. When nobody else
 * listens, it prints a redacted line (ioredis would otherwise print the error, args included).
 */
export function installScrubber(emitter: Redis, label: string): void {
  if (scrubbed.has(emitter)) return;
  scrubbed.add(emitter);
  emitter.prependListener("error", (err: unknown) => {
    scrubCommandArgs(err);
    if (emitter.listenerCount("error") === 1) {
      const message = err instanceof Error ? err.message : String(err);
      console.error(`[azure-redis-entra] ioredis error on ${label}: ${redact(message)}`);
    }
  });
}

/** Sends AUTH with the current token on a live connection; WRONGPASS → one forced refresh and retry. */
export async function reauthenticate(auth: EntraAuth, redis: Redis, label: string): Promise<boolean> {
  for (let attempt = 0; attempt < 2; attempt++) {
    if (redis.status !== "ready" || auth.closed) return false; // a reconnect AUTHs from the options
    const creds = auth.current() ?? (await auth.getCredentials());
    applyCredentials(redis, creds);
    try {
      await redis.auth(creds.username, creds.password);
      auth.emit("reauthenticated", { client: "ioredis", connection: label });
      return true;
    } catch (err) {
      scrubCommandArgs(err);
      const refusal = classifyRefusal(err);
      if (attempt === 0 && (refusal === "credentials-refused" || refusal === "token-expired")) {
        await auth.refresh().catch(() => undefined);
        continue;
      }
      auth.emit("reauthFailed", {
        client: "ioredis",
        connection: label,
        message: describeFailure(auth, err),
      });
      return false;
    }
  }
  return false;
}

/**
 * Binds a connection to the token manager until it ends. `onRotate` replaces the default re-AUTH
 * (the subscriber wrapper rotates connections instead). Returns the unbind function.
 */
export function bindConnection(
  auth: EntraAuth,
  redis: Redis,
  label: string,
  onRotate?: (creds: EntraRedisCredentials) => void,
): () => void {
  const timers = new Set<ReturnType<typeof setTimeout>>();
  installScrubber(redis, label);
  const off = auth.onRotate((creds) => {
    applyCredentials(redis, creds);
    const delay = auth.reauthDelayMs();
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (onRotate) onRotate(creds);
      else if (isResp2Subscriber(redis)) {
        auth.warnOnce(
          "resp2-subscriber",
          `connection ${label} is in RESP2 subscriber mode, where Redis refuses AUTH: the server will close it when the token expires; use connectIoredisSubscriber() (make-before-break) or protocol: 3`,
        );
      } else void reauthenticate(auth, redis, label);
    }, delay);
    timer.unref();
    timers.add(timer);
  });
  const unbind = () => {
    off();
    for (const t of timers) clearTimeout(t);
    timers.clear();
  };
  redis.once("end", unbind);
  return unbind;
}
