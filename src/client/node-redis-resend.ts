/**
 * node-redis blocking commands across a closed connection: resend, like ioredis does.
 *
 * Why the connection closes: a blocking command (`BLPOP key 0`) holds its connection, and Redis runs
 * the re-`AUTH` that node-redis writes behind it only when the command returns; so the server closes
 * the connection when the connection's token expires. node-redis then rejects every command waiting
 * for a reply with `Socket closed unexpectedly` (or the socket's `ECONNRESET`), reconnects with a
 * fresh token (its handshake subscribes to our credentials provider again) and writes the commands
 * queued meanwhile. It never resends the rejected ones; ioredis does. We resend the blocking ones: on a
 * client at its `sendCommand`, on a cluster at its `_execute` (where every command is routed to a node).
 *
 * Why a resend is safe (never duplicates an element, never loses one that a rejection wouldn't):
 * - The server replies to a blocking command once, when it serves it. A connection closed before that
 *   reply arrived means either the command was still blocked (nothing popped, moved or delivered: the
 *   resend is exactly what the app wanted), or it was served and the reply was lost on the dying
 *   connection. In the second case the element is gone whether we resend or reject (a rejected app
 *   can't know it was popped either), and the resend pops a *different* element: pops are destructive,
 *   so a resend never returns one element twice.
 * - `BLMOVE`/`BRPOPLPUSH`: a served-but-unanswered move left its element in the destination list (the
 *   reliable-queue pattern finds it there); the resend moves the next one.
 * - `XREAD BLOCK` with explicit ids re-reads the same range (the app never saw the lost reply);
 *   `XREADGROUP ... >`: entries delivered by a lost reply are in the consumer's pending list (`XPENDING`,
 *   `XAUTOCLAIM`), as with any lost reply; the resend gets the next ones.
 * - Not resent: `XREAD` with `$` or `+` (resolved when the server runs it: a resend would skip entries
 *   added between the close and the resend, so the app gets the error and reads on from the last id it
 *   saw); `WAIT`/`WAITAOF` (they wait for *this connection's* writes: on a new connection they would
 *   return at once and claim replication that didn't happen); commands inside a transaction (a
 *   `MULTI` the app sent with `sendCommand`; `client.multi()` batches don't pass here at all) or in a
 *   chain (`chainId`); commands rejected while the token is expired (they fail with
 *   `EntraTokenExpiredError` instead); clients with `disableOfflineQueue` (the app asked to fail fast).
 * - The block timeout is kept: a resend blocks only for what is left of it (at least 10 ms, so the
 *   server still serves an element that is there). `0` (forever) stays `0`.
 * - Bounded: after 3 consecutive attempts that failed within 1 s of being issued the rejection goes
 *   to the app; an attempt that lived longer (a `BLPOP 0` held across hourly expiries) resets the count.
 *
 * Considered instead: slicing a long block into blocks shorter than the token's margin so that the
 * re-AUTH runs in between and the connection is never closed. Rejected: it reorders the app's
 * pipelined commands (a command sent behind `BLPOP 0` would run before it returns), gives up the
 * blocked client's FIFO place among consumers of the key, and sends a command per slice.
 */

/** The units and position of a blocking command's timeout; undefined when not resendable. */
interface BlockingTimeout {
  index: number;
  unit: "s" | "ms";
}

const LAST_ARG_SECONDS = new Set(["BLPOP", "BRPOP", "BLMOVE", "BRPOPLPUSH", "BZPOPMIN", "BZPOPMAX"]);
const FIRST_ARG_SECONDS = new Set(["BLMPOP", "BZMPOP"]);

const text = (arg: unknown): string =>
  typeof arg === "string" ? arg : Buffer.isBuffer(arg) ? arg.toString("latin1") : String(arg);

/**
 * Where a resendable blocking command keeps its timeout, or undefined when `args` is not a blocking
 * command we resend (see the module comment for what is excluded and why).
 */
export function blockingTimeout(
  args: readonly unknown[],
  name = args.length > 0 ? text(args[0]).toUpperCase() : "",
): BlockingTimeout | undefined {
  if (args.length < 2) return undefined;
  if (LAST_ARG_SECONDS.has(name)) return { index: args.length - 1, unit: "s" };
  if (FIRST_ARG_SECONDS.has(name)) return { index: 1, unit: "s" };
  if (name === "XREAD" || name === "XREADGROUP") {
    let block: number | undefined;
    let streams: number | undefined;
    for (let i = 1; i < args.length; i++) {
      const a = text(args[i]).toUpperCase();
      if (a === "BLOCK" && block === undefined) block = i + 1;
      else if (a === "STREAMS") {
        streams = i;
        break;
      }
    }
    if (block === undefined || streams === undefined || block >= streams) return undefined;
    // STREAMS k1 k2 ... id1 id2 ...: the ids are the second half.
    const rest = args.slice(streams + 1);
    if (rest.length === 0 || rest.length % 2 !== 0) return undefined;
    const ids = rest.slice(rest.length / 2).map(text);
    if (name === "XREAD" && ids.some((id) => id === "$" || id === "+")) return undefined;
    return { index: block, unit: "ms" };
  }
  return undefined;
}

/**
 * The arguments of a resend `elapsedMs` after the first attempt: the same command, blocking only for
 * what is left of its timeout (at least 10 ms); `0` (block forever) is kept.
 */
export function resendArgs(args: readonly unknown[], at: BlockingTimeout, elapsedMs: number): unknown[] {
  const copy = [...args];
  const original = Number(text(args[at.index]));
  if (!Number.isFinite(original) || original <= 0) return copy;
  if (at.unit === "s") {
    const left = Math.max(0.01, original - elapsedMs / 1000);
    copy[at.index] = String(Math.round(left * 1000) / 1000);
  } else {
    copy[at.index] = String(Math.max(10, Math.ceil(original - elapsedMs)));
  }
  return copy;
}

/** The connection closed (or was reset) before the server's reply arrived. */
export function isConnectionClosedError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err.constructor.name === "SocketClosedUnexpectedlyError") return true;
  if (err.message === "Socket closed unexpectedly") return true;
  const code = (err as { code?: unknown }).code;
  return code === "ECONNRESET" || code === "EPIPE";
}

/**
 * A re-AUTH that failed because the connection closed before the answer: node-redis reports it as a
 * `CredentialsError` carrying only the original message ("Re-authentication with latest credentials
 * failed: Socket closed unexpectedly").
 */
export function isReauthNotAnswered(err: unknown): boolean {
  if (isConnectionClosedError(err)) return true;
  return (
    err instanceof Error && /: (Socket closed unexpectedly|read ECONNRESET|write EPIPE)$/.test(err.message)
  );
}

export interface ResendPolicy {
  /** False while the token is expired, for a client that fails fast, or one that was closed. */
  allowed(): boolean;
  now(): number;
}

const QUICK_FAILURE_MS = 1000;
const MAX_QUICK_FAILURES = 3;

/**
 * Wraps a node-redis client's `sendCommand(args, options)`: blocking commands rejected because the
 * connection closed are sent again (queued by node-redis until it has reconnected).
 */
export function resendingSendCommand(
  send: (this: unknown, args: unknown[], options?: unknown) => Promise<unknown>,
  policy: ResendPolicy,
): (this: unknown, args: unknown[], options?: unknown) => Promise<unknown> {
  // A MULTI the app sent by hand is open until its EXEC/DISCARD: commands in it are only QUEUED.
  let manualMulti = false;
  return function (this: unknown, args: unknown[], options?: unknown) {
    const name = Array.isArray(args) && args.length > 0 ? text(args[0]).toUpperCase() : "";
    const inTransaction = manualMulti;
    if (name === "MULTI") manualMulti = true;
    else if (name === "EXEC" || name === "DISCARD") manualMulti = false;
    const at = Array.isArray(args) ? blockingTimeout(args, name) : undefined;
    const chained = (options as { chainId?: unknown } | undefined)?.chainId !== undefined;
    if (at === undefined || inTransaction || chained) return send.call(this, args, options);
    const first = policy.now();
    let quickFailures = 0;
    const attempt = (attemptArgs: unknown[]): Promise<unknown> => {
      const issued = policy.now();
      return send.call(this, attemptArgs, options).catch((err: unknown) => {
        if (!isConnectionClosedError(err) || !policy.allowed()) throw err;
        quickFailures = policy.now() - issued < QUICK_FAILURE_MS ? quickFailures + 1 : 0;
        if (quickFailures >= MAX_QUICK_FAILURES) throw err;
        return attempt(resendArgs(args, at, policy.now() - first));
      });
    };
    return attempt(args);
  };
}

/** The part of node-redis's cluster we wrap (`RedisCluster#_execute`, node-redis 5 and 6). */
type ClusterExecute = (
  this: unknown,
  parser: { redisArgs: unknown[] },
  ...rest: unknown[]
) => Promise<unknown>;

/**
 * Wraps a node-redis cluster's `_execute(parser, ...)` (every command's path to a node client, after
 * routing and before MOVED/ASK handling) the same way: a blocking command rejected because the node's
 * connection closed is executed again (routed again, so a replaced node client is not reused). MULTI
 * batches pass here with a parser that carries no command, and are never resent.
 */
export function resendingClusterExecute(execute: ClusterExecute, policy: ResendPolicy): ClusterExecute {
  return function (this: unknown, parser, ...rest) {
    const args = parser?.redisArgs;
    const at = Array.isArray(args) ? blockingTimeout(args) : undefined;
    const chained = (rest[1] as { chainId?: unknown } | undefined)?.chainId !== undefined;
    if (at === undefined || chained) return execute.call(this, parser, ...rest);
    const original = [...args];
    const first = policy.now();
    let quickFailures = 0;
    const attempt = (): Promise<unknown> => {
      const issued = policy.now();
      return execute.call(this, parser, ...rest).catch((err: unknown) => {
        if (!isConnectionClosedError(err) || !policy.allowed()) throw err;
        quickFailures = policy.now() - issued < QUICK_FAILURE_MS ? quickFailures + 1 : 0;
        if (quickFailures >= MAX_QUICK_FAILURES) throw err;
        // The command's closure reads the parser's arguments when it runs: update them in place.
        args.splice(0, args.length, ...resendArgs(original, at, policy.now() - first));
        return attempt();
      });
    };
    return attempt();
  };
}
