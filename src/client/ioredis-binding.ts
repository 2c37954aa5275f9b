/**
 * Keeps one ioredis connection authenticated: its options always hold the current token (so a
 * reconnect uses it, ioredis #1810), and after each refresh it re-AUTHs at a random moment within the
 * spread window (the rotation scheduler's); WRONGPASS forces one token refresh and a retry.
 */
import type { Redis } from "ioredis";
import { describeFailure } from "./adapter.ts";
import { internalsOf } from "./auth-internals.ts";
import type { EntraRedisCredentials } from "./credentials.ts";
import type { EntraAuth } from "./entra-auth.ts";
import { guardConnection } from "./ioredis-guard.ts";
import {
  addressOf,
  holdsCredentials,
  inSubscriberMode,
  negotiatedProtocol,
  setAuthOptions,
} from "./ioredis-internals.ts";
import { hideToken, installScrubber } from "./ioredis-secrecy.ts";
import { scrubCommandArgs } from "./redact.ts";
import { classifyRefusal } from "./refusal.ts";
import { scheduleRotations } from "./rotation-scheduler.ts";

/** Puts the credentials into the connection's options so the next (re)connect AUTHs with them. */
export const applyCredentials: (redis: Redis, creds: EntraRedisCredentials) => void = setAuthOptions;

/** True when the connection is in RESP2 subscriber mode, where AUTH is refused. */
export function isResp2Subscriber(redis: Redis): boolean {
  return inSubscriberMode(redis) && negotiatedProtocol(redis) !== 3;
}

/** `host:port` of a connection, for events. */
export function labelOf(redis: Redis, role?: string): string {
  return `${addressOf(redis)}${role ? ` (${role})` : ""}`;
}

/**
 * Sends AUTH with the current token on a live connection, never inside an open transaction (it waits
 * for the app's EXEC/DISCARD); WRONGPASS → one forced refresh and retry. Resolves true only when the
 * server answered OK.
 */
export async function reauthenticate(auth: EntraAuth, redis: Redis, label: string): Promise<boolean> {
  const guard = guardConnection(auth, redis);
  const { reports } = internalsOf(auth);
  for (let attempt = 0; attempt < 2; attempt++) {
    await guard.idle();
    if (redis.status !== "ready" || auth.closed) return false; // a reconnect AUTHs from the options
    const creds = auth.current() ?? (await auth.getCredentials());
    applyCredentials(redis, creds);
    if (guard.inTransaction) {
      attempt -= 1; // a transaction opened meanwhile: wait again
      continue;
    }
    try {
      const reply: unknown = await redis.auth(creds.username, creds.password);
      if (reply !== "OK") throw new Error(`AUTH was answered ${String(reply)}, not OK`);
      reports.reauthenticated({ client: "ioredis", connection: label });
      return true;
    } catch (err) {
      scrubCommandArgs(err);
      const refusal = classifyRefusal(err);
      if (attempt === 0 && (refusal === "credentials-refused" || refusal === "token-expired")) {
        await auth.refresh().catch(() => undefined);
        continue;
      }
      reports.reauthFailed({ client: "ioredis", connection: label, message: describeFailure(auth, err) });
      return false;
    }
  }
  return false;
}

/**
 * The current token when a connected (or handshaking) connection does not hold it: a refresh came
 * after its handshake took the token and before it was bound (connectIoredis and the subscriber bind
 * once the connection is up; a loaded machine or a slow network widens the gap). A connection not
 * connected yet takes the current token when it connects.
 */
function missedToken(auth: EntraAuth, redis: Redis): EntraRedisCredentials | undefined {
  const fresh = auth.current();
  if (!fresh || auth.closed || (redis.status !== "ready" && redis.status !== "connect")) return undefined;
  return holdsCredentials(redis, fresh) ? undefined : fresh;
}

/**
 * Binds a connection to the token manager. `onRotate` replaces the default re-AUTH (the subscriber
 * wrapper rotates connections instead). When the connection ends, the binding pauses and resumes if
 * the app connects it again (its options then get the current token first). A refresh it missed while
 * it was being made (missedToken) is acted on as if it came now. Returns the unbind function.
 */
export function bindConnection(
  auth: EntraAuth,
  redis: Redis,
  label: string,
  onRotate?: (creds: EntraRedisCredentials) => void,
): () => void {
  installScrubber(redis, label);
  guardConnection(auth, redis);
  hideToken(auth, redis);
  let cancel: (() => void) | undefined;
  let unbound = false;
  const listen = () => {
    cancel = scheduleRotations(
      auth,
      {
        now: (creds) => applyCredentials(redis, creds),
        later: (creds) => {
          if (onRotate) onRotate(creds);
          else if (isResp2Subscriber(redis)) {
            internalsOf(auth).warnOnce(
              "resp2-subscriber",
              `connection ${label} is in RESP2 subscriber mode, where Redis refuses AUTH: the server will close it when the token expires; use connectIoredisSubscriber() (make-before-break) or protocol: 3`,
            );
          } else void reauthenticate(auth, redis, label);
        },
      },
      missedToken(auth, redis),
    );
  };
  const pause = () => {
    cancel?.();
    cancel = undefined;
  };
  const onEnd = () => {
    pause();
    if (!unbound) redis.once("connecting", onConnecting);
  };
  const onConnecting = () => {
    if (unbound || auth.closed) return;
    const fresh = auth.current();
    if (fresh) applyCredentials(redis, fresh);
    listen();
    redis.once("end", onEnd);
  };
  listen();
  redis.once("end", onEnd);
  return () => {
    unbound = true;
    pause();
    redis.off("end", onEnd);
    redis.off("connecting", onConnecting);
  };
}
