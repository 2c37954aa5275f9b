/**
 * Keeps one ioredis connection authenticated: its options always hold the current token (so a
 * reconnect uses it, ioredis #1810), and after each refresh it re-AUTHs at a random moment within the
 * spread window; WRONGPASS forces one token refresh and a retry.
 */
import type { Redis } from "ioredis";
import type { EntraAuth } from "./entra-auth.ts";
import type { EntraRedisCredentials } from "./credentials.ts";
import { inspect, type InspectOptions } from "node:util";
import { EntraTlsRequiredError, EntraTokenExpiredError } from "./errors.ts";
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

/**
 * What we track on each ioredis connection we hand out, installed once per connection by
 * {@link guardConnection}: whether the app has a transaction open (MULTI sent, EXEC/DISCARD not yet),
 * so that a re-AUTH never lands inside it; and, while the token is expired, command failures become
 * {@link EntraTokenExpiredError}s (the original error as `cause`).
 */
interface ConnectionGuard {
  /** True while a MULTI is open on the current socket. */
  readonly inTransaction: boolean;
  /** Resolves once no transaction is open (at once when none is). */
  idle(): Promise<void>;
}

const guards = new WeakMap<Redis, ConnectionGuard>();

type SendCommand = (command: GuardedCommand, stream?: unknown, node?: unknown) => unknown;
interface GuardedCommand {
  name: string;
  args: unknown[];
  reject: (err: Error) => void;
}
const rewired = new WeakSet<GuardedCommand>();

/** Errors that, while the token is expired, are caused by it (refusals, closed connections, retries given up). */
const CAUSED_BY_EXPIRY =
  /WRONGPASS|NOAUTH|invalid username-password|Connection is closed|Socket closed|max retries per request|ECONNRESET|EPIPE|Stream isn't writeable/i;

/**
 * Installs the per-connection guard (idempotent) and returns it: transactions tracked for the
 * re-AUTH, handshakes sent with the current token, failures while the token is expired mapped to
 * EntraTokenExpiredError, and queued commands failed while it stays expired (sweepWhileExpired).
 */
export function guardConnection(auth: EntraAuth, redis: Redis): ConnectionGuard {
  const existing = guards.get(redis);
  if (existing) return existing;
  let open = 0;
  let waiters: (() => void)[] = [];
  const release = () => {
    open = 0;
    const due = waiters;
    waiters = [];
    for (const w of due) w();
  };
  const target = redis as unknown as { sendCommand: SendCommand };
  const send: SendCommand = target.sendCommand.bind(redis);
  target.sendCommand = (command, stream, node) => {
    const name = String(command.name).toLowerCase();
    if ((name === "hello" || name === "auth") && inHandshake(redis)) freshenHandshake(auth, redis, command);
    if (name === "multi") open += 1;
    else if ((name === "exec" || name === "discard") && open > 0) release();
    if (!rewired.has(command) && typeof command.reject === "function") {
      rewired.add(command);
      const reject = command.reject;
      command.reject = (err: Error) => {
        const diag = auth.diagnostics();
        if (
          diag.tokenExpired &&
          diag.expiresOnTimestamp !== undefined &&
          !(err instanceof EntraTokenExpiredError) &&
          CAUSED_BY_EXPIRY.test(err instanceof Error ? err.message : String(err))
        ) {
          scrubCommandArgs(err);
          reject(new EntraTokenExpiredError(diag.expiresOnTimestamp, diag.lastRefreshError, { cause: err }));
        } else reject(err);
      };
    }
    return send(command, stream, node);
  };
  // A transaction never survives its socket.
  redis.on("close", release);
  sweepWhileExpired(auth, redis);
  const guard: ConnectionGuard = {
    get inTransaction() {
      return open > 0;
    },
    idle: () => (open > 0 ? new Promise<void>((resolve) => waiters.push(resolve)) : Promise.resolve()),
  };
  guards.set(redis, guard);
  return guard;
}

/** How often queued commands are failed while the token is expired. */
const EXPIRED_SWEEP_MS = 250;

/** The queues ioredis keeps commands in while it can't send them (Redis and Cluster). */
interface CommandQueues {
  /** Redis: commands in flight when the connection closed, resent once it is ready again. */
  prevCommandQueue?: { shift(): { command?: { reject(e: Error): void } } | undefined } | null;
  /** Redis and Cluster: commands sent while not connected (Cluster: while no node is). */
  offlineQueue?: { shift(): { command?: { reject(e: Error): void } } | undefined };
}

/**
 * While the token is expired, commands ioredis holds for later fail with EntraTokenExpiredError, every
 * {@link EXPIRED_SWEEP_MS} until a token is valid again: ioredis would otherwise keep them until the
 * connection is ready, which it can't be before the credential recovers. That covers commands in
 * flight when the server closed the connection for expiry (resent after a reconnect, and no retry
 * limit applies to them), those queued while reconnecting, and a Cluster's offline queue (no retry
 * limit at all). While the token is valid nothing is swept: a reconnect resends them as before.
 */
function sweepWhileExpired(auth: EntraAuth, redis: Redis): void {
  let timer: ReturnType<typeof setInterval> | undefined;
  const stop = (): void => {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
  };
  const sweep = (): void => {
    const diag = auth.diagnostics();
    if (!diag.tokenExpired || diag.expiresOnTimestamp === undefined) return stop();
    const queues = redis as unknown as CommandQueues;
    let error: EntraTokenExpiredError | undefined;
    for (const queue of [queues.prevCommandQueue, queues.offlineQueue]) {
      if (!queue) continue;
      for (let item = queue.shift(); item; item = queue.shift()) {
        error ??= new EntraTokenExpiredError(diag.expiresOnTimestamp, diag.lastRefreshError);
        item.command?.reject(error);
      }
    }
  };
  const offExpired = auth.onExpired(() => {
    sweep();
    if (timer === undefined) {
      timer = setInterval(sweep, EXPIRED_SWEEP_MS);
      timer.unref();
    }
  });
  redis.once("end", () => {
    offExpired();
    stop();
  });
}

/** True while ioredis sends a connection's handshake (HELLO/AUTH, SELECT, CLIENT SETINFO ...). */
function inHandshake(redis: Redis): boolean {
  const r = redis as unknown as { status?: string; condition?: { handshake?: boolean } | null };
  return r.status === "connect" && r.condition?.handshake === true;
}

/**
 * ioredis takes a connection's AUTH arguments from its options when `connect()` starts, before the
 * TCP and TLS handshakes: when those are slow (a loaded machine, a slow network) the HELLO/AUTH can
 * carry a token that has expired or been replaced meanwhile, and a duplicate() (which has no
 * forced-refresh retry: its refusal fails the commands a library queued on it) is then refused. So
 * the handshake's HELLO ... AUTH or AUTH gets the token current when it is written, when it is
 * for our identity.
 */
function freshenHandshake(auth: EntraAuth, redis: Redis, command: GuardedCommand): void {
  const fresh = auth.current();
  if (!fresh) return;
  const args = command.args;
  let at: number;
  if (String(command.name).toLowerCase() === "hello") {
    at = args.findIndex((a, i) => i > 0 && String(a).toLowerCase() === "auth") + 1;
    if (at <= 0 || at + 1 >= args.length) return;
  } else {
    if (args.length !== 2) return;
    at = 0;
  }
  if (String(args[at]) !== fresh.username || args[at + 1] === fresh.password) return;
  args[at + 1] = fresh.password;
  applyCredentials(redis, fresh);
  const condition = (redis as unknown as { condition?: { auth?: unknown } | null }).condition;
  if (condition) condition.auth = [fresh.username, fresh.password];
}

const inspectable = new WeakSet<object>();

/**
 * `util.inspect()` of an ioredis client shows its options, connector and handshake state, all of
 * which hold the token: print it with every token masked instead.
 */
export function hideTokenFromInspect(auth: EntraAuth, target: object): void {
  if (inspectable.has(target)) return;
  inspectable.add(target);
  Object.defineProperty(target, inspect.custom, {
    configurable: true,
    enumerable: false,
    value(this: object, _depth: number, options: InspectOptions, show: typeof inspect = inspect) {
      return auth.redact(show(this, { ...options, customInspect: false }));
    },
  });
}

/**
 * True when the `DEBUG` environment variable enables one of ioredis's debug namespaces (`ioredis:*`,
 * `ioredis:redis`, `*`, ...; `-pattern` excludes), the way the `debug` package reads it.
 */
export function ioredisDebugEnabled(env: string | undefined): boolean {
  if (!env) return false;
  const toRegex = (p: string) =>
    new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*?")}$`);
  let enabled = false;
  for (const raw of env.split(/[\s,]+/)) {
    if (!raw) continue;
    const negated = raw.startsWith("-");
    const re = toRegex(negated ? raw.slice(1) : raw);
    const hits = ["ioredis:redis", "ioredis:cluster", "ioredis:connection"].some((ns) => re.test(ns));
    if (hits && negated) return false;
    if (hits) enabled = true;
  }
  return enabled;
}

/** Warns once when `DEBUG` makes ioredis log command arguments (AUTH's include the token). */
export function warnIfIoredisDebug(auth: EntraAuth): void {
  if (ioredisDebugEnabled(process.env.DEBUG)) {
    auth.warnOnce(
      "ioredis-debug",
      `DEBUG=${process.env.DEBUG} enables ioredis's debug log, which prints command arguments, including the first 200 characters of every AUTH's token: don't enable it where logs are kept`,
    );
  }
}

/** ioredis leaves `manuallyClosing` set when disconnect() is called on an already closed socket. */
export function clearManualClose(redis: Redis): void {
  const r = redis as unknown as { manuallyClosing?: boolean; status: string };
  if (r.status === "reconnecting" || r.status === "end" || r.status === "close") r.manuallyClosing = false;
}

/**
 * Sends AUTH with the current token on a live connection, never inside an open transaction (it waits
 * for the app's EXEC/DISCARD); WRONGPASS → one forced refresh and retry. Resolves true only when the
 * server answered OK.
 */
export async function reauthenticate(auth: EntraAuth, redis: Redis, label: string): Promise<boolean> {
  const guard = guardConnection(auth, redis);
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
 * Binds a connection to the token manager. `onRotate` replaces the default re-AUTH (the subscriber
 * wrapper rotates connections instead). When the connection ends, the binding pauses and resumes if
 * the app connects it again (its options then get the current token first). Returns the unbind function.
 */
export function bindConnection(
  auth: EntraAuth,
  redis: Redis,
  label: string,
  onRotate?: (creds: EntraRedisCredentials) => void,
): () => void {
  const timers = new Set<ReturnType<typeof setTimeout>>();
  installScrubber(redis, label);
  guardConnection(auth, redis);
  hideTokenFromInspect(auth, redis);
  let off: (() => void) | undefined;
  let unbound = false;
  const listen = () => {
    off = auth.onRotate((creds) => {
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
  };
  const pause = () => {
    off?.();
    off = undefined;
    for (const t of timers) clearTimeout(t);
    timers.clear();
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
