/**
 * The per-connection guard installed on every ioredis connection (and Cluster) we hand out: it tracks
 * open transactions so that a re-AUTH never lands inside one, sends the handshake with the token
 * current when it is written, and while the token is expired turns command failures into
 * {@link EntraTokenExpiredError}s and fails the commands ioredis holds for later.
 */
import type { Redis } from "ioredis";
import { internalsOf } from "./auth-internals.ts";
import type { EntraAuth } from "./entra-auth.ts";
import { EntraTokenExpiredError } from "./errors.ts";
import {
  inHandshake,
  rejectQueuedCommands,
  setAuthOptions,
  setHandshakeAuth,
  wrapSendCommand,
  type IoredisCommand,
} from "./ioredis-internals.ts";
import { scrubCommandArgs } from "./redact.ts";

/** What the guard knows about one connection. */
export interface ConnectionGuard {
  /** True while a MULTI is open on the current socket. */
  readonly inTransaction: boolean;
  /** Resolves once no transaction is open (at once when none is). */
  idle(): Promise<void>;
}

const guards = new WeakMap<Redis, ConnectionGuard>();
const rewired = new WeakSet<IoredisCommand>();

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
  wrapSendCommand(redis, (send) => (command, stream, node) => {
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
  });
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

/**
 * While the token is expired, commands ioredis holds for later fail with EntraTokenExpiredError, every
 * {@link EXPIRED_SWEEP_MS} (on the token manager's clock) until a token is valid again: ioredis would
 * otherwise keep them until the connection is ready, which it can't be before the credential recovers.
 * That covers commands in flight when the server closed the connection for expiry (resent after a
 * reconnect, and no retry limit applies to them), those queued while reconnecting, and a Cluster's
 * offline queue (no retry limit at all). While the token is valid nothing is swept: a reconnect
 * resends them as before.
 */
function sweepWhileExpired(auth: EntraAuth, redis: Redis): void {
  const { clock } = internalsOf(auth);
  let timer: unknown;
  const stop = (): void => {
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = undefined;
  };
  const sweep = (): void => {
    timer = undefined;
    const diag = auth.diagnostics();
    if (!diag.tokenExpired || diag.expiresOnTimestamp === undefined) return;
    const expiredAt = diag.expiresOnTimestamp;
    rejectQueuedCommands(redis, () => new EntraTokenExpiredError(expiredAt, diag.lastRefreshError));
    timer = clock.setTimeout(sweep, EXPIRED_SWEEP_MS);
  };
  const offExpired = auth.onExpired(() => {
    stop();
    sweep();
  });
  redis.once("end", () => {
    offExpired();
    stop();
  });
}

/**
 * ioredis takes a connection's AUTH arguments from its options when `connect()` starts, before the
 * TCP and TLS handshakes: when those are slow (a loaded machine, a slow network) the HELLO/AUTH can
 * carry a token that has expired or been replaced meanwhile, and a duplicate() (which has no
 * forced-refresh retry: its refusal fails the commands a library queued on it) is then refused. So
 * the handshake's HELLO ... AUTH or AUTH gets the token current when it is written, when it is
 * for our identity.
 */
function freshenHandshake(auth: EntraAuth, redis: Redis, command: IoredisCommand): void {
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
  setAuthOptions(redis, fresh);
  setHandshakeAuth(redis, fresh);
}
