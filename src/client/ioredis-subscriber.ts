/**
 * A pub/sub subscriber on ioredis that survives token rotation without losing messages.
 *
 * Redis refuses AUTH on a RESP2 connection in subscriber mode, so on each refresh the subscriber
 * rotates make-before-break: a new connection (fresh token) subscribes to the same channels,
 * patterns and shard channels, and only once those subscriptions are confirmed does the old
 * connection quit. Messages published during the overlap may arrive twice (once per connection);
 * deduplicating them is the application's job (e.g. by a message id). With `protocol: 3`
 * (ioredis 6), AUTH is allowed in subscriber mode, so the connection re-AUTHs in place instead.
 */
import { EventEmitter } from "node:events";
import type { Redis } from "ioredis";
import type { EntraAuth } from "./entra-auth.ts";
import type { EntraIoredisOptions } from "./ioredis.ts";
import { connectWithRetry, describeFailure, explainError, loadIoredis } from "./adapter.ts";
import { bindRedisDuplicates } from "./ioredis-derived.ts";
import { readyCheckOption } from "./ioredis-ready-check.ts";
import { EntraRedisAuthError } from "./errors.ts";
import { internalsOf } from "./auth-internals.ts";
import { applyCredentials, bindConnection, labelOf, reauthenticate } from "./ioredis-binding.ts";
import { guardConnection } from "./ioredis-guard.ts";
import { clearManualClose, negotiatedProtocol } from "./ioredis-internals.ts";
import { hideToken, installScrubber, warnIfIoredisDebug } from "./ioredis-secrecy.ts";
import { requireTls } from "./tls-policy.ts";
import { classifyRefusal } from "./refusal.ts";
import { backoffDelay, SUBSCRIBER_ROTATION_RETRY } from "./token-timing.ts";

/** Typed events of {@link EntraIoredisSubscriber}. */
export interface EntraSubscriberEvents {
  /** A message on a subscribed channel. */
  message: [channel: string, message: string];
  /** A message matching a subscribed pattern. */
  pmessage: [pattern: string, channel: string, message: string];
  /** A message on a subscribed shard channel (SSUBSCRIBE). */
  smessage: [channel: string, message: string];
  /** The underlying connection was replaced (make-before-break) after a token refresh or a loss. */
  rotated: [{ connection: string }];
  /**
   * The current connection ended for good (ioredis gave up reconnecting, e.g. the app's
   * `retryStrategy` returned no number): the subscriber opens a new one, retrying until it succeeds.
   */
  disconnected: [{ connection: string; message: string }];
  /** A rotation (or a reconnect after `disconnected`) failed; it is retried in `retryInMs`. */
  rotationFailed: [{ connection: string; message: string; attempt: number; retryInMs: number }];
  /**
   * The server refused some subscriptions (`NOPERM`: the access policy doesn't allow those
   * channels): they are dropped from the set; the others keep flowing.
   */
  refused: [{ kind: "channel" | "pattern" | "shardChannel"; names: string[]; message: string }];
  /** A connection error (secrets masked). Emitted only when someone listens. */
  error: [Error];
}

type Kind = "subscribe" | "psubscribe" | "ssubscribe";

const KIND_NAME = { subscribe: "channel", psubscribe: "pattern", ssubscribe: "shardChannel" } as const;

/**
 * Stable pub/sub handle over a changing ioredis connection. Create with {@link connectIoredisSubscriber}.
 * Listen to `message`, `pmessage`, `smessage` here, not on {@link connection}.
 */
export class EntraIoredisSubscriber extends EventEmitter<EntraSubscriberEvents> {
  readonly #auth: EntraAuth;
  readonly #options: EntraIoredisOptions & { tls: Record<string, unknown> };
  readonly #RedisCtor: typeof import("ioredis").Redis;
  readonly #sets: Record<Kind, Set<string>> = {
    subscribe: new Set(),
    psubscribe: new Set(),
    ssubscribe: new Set(),
  };
  #current: Redis | undefined;
  #unbind: (() => void) | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;
  #rotations = 0;
  /** Every connection opened and not yet closed (the current one, one being set up, one retiring). */
  readonly #open = new Set<Redis>();
  #retryTimer: unknown;
  #failedAttempts = 0;

  /** @internal use connectIoredisSubscriber() */
  constructor(
    auth: EntraAuth,
    options: EntraIoredisOptions & { tls: Record<string, unknown> },
    RedisCtor: typeof import("ioredis").Redis,
  ) {
    super();
    this.#auth = auth;
    this.#options = options;
    this.#RedisCtor = RedisCtor;
  }

  /** The connection currently receiving messages (it changes on rotation; don't keep it). */
  get connection(): Redis {
    if (!this.#current) throw new Error("The subscriber is not connected yet");
    return this.#current;
  }

  /** How many make-before-break rotations have completed. */
  get rotations(): number {
    return this.#rotations;
  }

  /** Channels, patterns and shard channels currently subscribed. */
  get subscriptions(): { channels: string[]; patterns: string[]; shardChannels: string[] } {
    return {
      channels: [...this.#sets.subscribe],
      patterns: [...this.#sets.psubscribe],
      shardChannels: [...this.#sets.ssubscribe],
    };
  }

  /** SUBSCRIBE to channels (kept across rotations). */
  subscribe(...channels: string[]): Promise<void> {
    return this.#change("subscribe", channels, true);
  }
  /** UNSUBSCRIBE from channels. */
  unsubscribe(...channels: string[]): Promise<void> {
    return this.#change("subscribe", channels, false);
  }
  /** PSUBSCRIBE to patterns (kept across rotations). */
  psubscribe(...patterns: string[]): Promise<void> {
    return this.#change("psubscribe", patterns, true);
  }
  /** PUNSUBSCRIBE from patterns. */
  punsubscribe(...patterns: string[]): Promise<void> {
    return this.#change("psubscribe", patterns, false);
  }
  /** SSUBSCRIBE to shard channels (kept across rotations). */
  ssubscribe(...channels: string[]): Promise<void> {
    return this.#change("ssubscribe", channels, true);
  }
  /** SUNSUBSCRIBE from shard channels. */
  sunsubscribe(...channels: string[]): Promise<void> {
    return this.#change("ssubscribe", channels, false);
  }

  /** Replaces the connection now (make-before-break). Normally called after each token refresh. */
  rotate(): Promise<void> {
    return this.#serial(() => this.#rotateNow());
  }

  /** Unsubscribes and closes every connection it opened. */
  async quit(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#retryTimer !== undefined) internalsOf(this.#auth).clock.clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    await this.#queue.catch(() => undefined);
    this.#unbind?.();
    this.#current = undefined;
    await Promise.all(
      [...this.#open].map(async (conn) => {
        this.#open.delete(conn);
        if (conn.status === "ready") await conn.quit().catch(() => undefined);
        conn.disconnect();
      }),
    );
  }

  /** @internal first connection */
  async start(): Promise<void> {
    this.#current = await this.#open1();
    this.#bind(this.#current);
  }

  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(fn, fn);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  #change(kind: Kind, names: string[], add: boolean): Promise<void> {
    return this.#serial(async () => {
      if (this.#closed) throw new Error("The subscriber was closed");
      for (const n of names) {
        if (add) this.#sets[kind].add(n);
        else this.#sets[kind].delete(n);
      }
      if (names.length === 0) return;
      const conn = this.connection;
      if (!add) {
        const verb = (
          { subscribe: "unsubscribe", psubscribe: "punsubscribe", ssubscribe: "sunsubscribe" } as const
        )[kind];
        await conn[verb](...names);
        return;
      }
      const refused = await this.#subscribeOn(conn, kind, names);
      if (refused) {
        throw new EntraRedisAuthError(
          "missing-permission",
          `${refused.names.length === 1 ? "Subscription" : "Subscriptions"} to ${refused.names.join(", ")} refused: ${refused.message}`,
        );
      }
    });
  }

  /**
   * Subscribes `conn` to `names`; names the server refuses with NOPERM are dropped from the set and
   * reported (`refused`), the others stay subscribed. Other errors are thrown.
   */
  async #subscribeOn(
    conn: Redis,
    kind: Kind,
    names: string[],
  ): Promise<{ names: string[]; message: string } | undefined> {
    try {
      await conn[kind](...names);
      return undefined;
    } catch (err) {
      if (classifyRefusal(err) !== "no-permission") throw err;
      let message = describeFailure(this.#auth, err);
      const refused: string[] = [];
      if (names.length === 1) refused.push(names[0]);
      else {
        // One refused name fails the whole command: find which, one by one.
        for (const name of names) {
          try {
            await conn[kind](name);
          } catch (one) {
            if (classifyRefusal(one) !== "no-permission") throw one;
            message = describeFailure(this.#auth, one);
            refused.push(name);
          }
        }
      }
      for (const name of refused) this.#sets[kind].delete(name);
      if (refused.length > 0) this.emit("refused", { kind: KIND_NAME[kind], names: refused, message });
      return refused.length > 0 ? { names: refused, message } : undefined;
    }
  }

  async #open1(): Promise<Redis> {
    const creds = await this.#auth.getCredentials();
    const conn = new this.#RedisCtor({
      ...this.#options,
      username: creds.username,
      password: creds.password,
      enableReadyCheck: readyCheckOption(this.#options),
      lazyConnect: true,
    });
    this.#open.add(conn);
    conn.once("end", () => this.#open.delete(conn));
    installScrubber(conn, labelOf(conn, "subscriber"));
    bindRedisDuplicates(this.#auth, conn, { lazyConnect: false });
    hideToken(this.#auth, conn);
    // Before connecting: the handshake then carries the token current when it is written.
    guardConnection(this.#auth, conn);
    conn.on("message", (channel: string, message: string) => this.emit("message", channel, message));
    conn.on("pmessage", (pattern: string, channel: string, message: string) =>
      this.emit("pmessage", pattern, channel, message),
    );
    conn.on("smessage", (channel: string, message: string) => this.emit("smessage", channel, message));
    conn.on("error", (err: Error) => {
      if (this.listenerCount("error") > 0) this.emit("error", err);
    });
    try {
      await connectWithRetry(
        this.#auth,
        conn,
        () => {
          const fresh = this.#auth.current();
          if (fresh) applyCredentials(conn, fresh);
        },
        () => clearManualClose(conn),
      );
    } catch (err) {
      this.#retire(conn);
      throw explainError(this.#auth, err, { tls: true });
    }
    return conn;
  }

  /** Closes a connection that is not (or no longer) the current one, messages detached first. */
  #retire(conn: Redis): void {
    conn.removeAllListeners("message").removeAllListeners("pmessage").removeAllListeners("smessage");
    this.#open.delete(conn);
    conn.disconnect();
  }

  #bind(conn: Redis): void {
    this.#unbind?.();
    const label = labelOf(conn, "subscriber");
    const unbind = bindConnection(this.#auth, conn, label, () => {
      if (this.#closed || this.#current !== conn) return;
      if (reauthInPlace(this.#options.protocol, conn)) void reauthenticate(this.#auth, conn, label);
      else this.#rotateSoon();
    });
    const onEnd = () => {
      if (this.#closed || this.#current !== conn) return;
      this.emit("disconnected", {
        connection: label,
        message: "the connection ended (ioredis stopped reconnecting); opening a new one",
      });
      this.#rotateSoon();
    };
    conn.once("end", onEnd);
    this.#unbind = () => {
      unbind();
      conn.off("end", onEnd);
    };
  }

  /** Rotates now, and again with backoff after each failure, until one succeeds or the subscriber closes. */
  #rotateSoon(): void {
    if (this.#closed) return;
    const { clock, random } = internalsOf(this.#auth);
    if (this.#retryTimer !== undefined) {
      clock.clearTimeout(this.#retryTimer);
      this.#retryTimer = undefined;
    }
    this.rotate().then(
      () => {
        this.#failedAttempts = 0;
      },
      (err: unknown) => {
        if (this.#closed) return;
        this.#failedAttempts += 1;
        const left = (this.#auth.diagnostics().expiresOnTimestamp ?? 0) - clock.now();
        const retryInMs = Math.round(
          backoffDelay(SUBSCRIBER_ROTATION_RETRY, this.#failedAttempts, left, random()),
        );
        this.emit("rotationFailed", {
          connection: this.#current ? labelOf(this.#current, "subscriber") : "subscriber",
          message: describeFailure(this.#auth, err),
          attempt: this.#failedAttempts,
          retryInMs,
        });
        this.#retryTimer = clock.setTimeout(() => {
          this.#retryTimer = undefined;
          this.#rotateSoon();
        }, retryInMs);
      },
    );
  }

  async #rotateNow(): Promise<void> {
    if (this.#closed) return;
    const old = this.#current;
    let next: Redis | undefined;
    try {
      next = await this.#open1();
      for (const kind of ["subscribe", "psubscribe", "ssubscribe"] as const) {
        if (this.#sets[kind].size) await this.#subscribeOn(next, kind, [...this.#sets[kind]]);
      }
    } catch (err) {
      if (next) this.#retire(next);
      internalsOf(this.#auth).reports.reauthFailed({
        client: "ioredis",
        connection: old ? labelOf(old, "subscriber") : "subscriber",
        message: describeFailure(this.#auth, err),
      });
      throw err;
    }
    if (this.#closed) {
      this.#retire(next);
      return;
    }
    // Make-before-break: the new connection is subscribed; only now retire the old one.
    this.#current = next;
    this.#bind(next);
    this.#rotations += 1;
    const label = labelOf(next, "subscriber");
    internalsOf(this.#auth).reports.subscriberRotated({ client: "ioredis", connection: label });
    this.emit("rotated", { connection: label });
    if (old) {
      if (old.status === "ready") await old.quit().catch(() => undefined);
      this.#retire(old);
    }
  }
}

/**
 * Re-AUTH the subscriber's connection in place (instead of rotating it make-before-break) only when
 * the app asked for `protocol: 3` *and* the connection negotiated it.
 *
 * Not `protocol ?? <ioredis's default>`: ioredis 6 defaults to 3 (ioredis 5 has no `protocol` option
 * and speaks only RESP2), so a default ioredis 6 subscriber connection does speak RESP3, where AUTH is
 * allowed in subscriber mode; we still rotate it unless `protocol: 3` was asked for explicitly, because
 * make-before-break is the path that works everywhere: it needs nothing from the server but SUBSCRIBE.
 * In-place AUTH needs the server and every proxy on the way to accept `AUTH` on a RESP3 connection in
 * subscriber mode, which we verify only against redis-server (the local gateway). The app opts in with `protocol: 3` and gets no
 * duplicates. The negotiated protocol is checked too: ioredis falls back to RESP2 when `HELLO 3` is
 * refused, and an in-place AUTH there would be refused.
 */
export function reauthInPlace(requested: number | undefined, conn: Redis): boolean {
  return requested === 3 && negotiatedProtocol(conn) === 3;
}

/**
 * Connects a pub/sub subscriber (TLS required) whose connection is rotated make-before-break after
 * each token refresh, so no message is lost (duplicates are possible during the overlap: dedupe in
 * the app). Works against a cluster node too (classic PUBLISH reaches every node of a cluster).
 *
 * @example
 * const sub = await connectIoredisSubscriber(auth, { host, port: 6380 });
 * sub.on("message", (channel, message) => handle(channel, message));
 * await sub.subscribe("orders");
 */
export async function connectIoredisSubscriber(
  auth: EntraAuth,
  options: EntraIoredisOptions,
): Promise<EntraIoredisSubscriber> {
  const tls = requireTls(options.tls, "tls", internalsOf(auth).warnOnce);
  const { Redis: RedisCtor } = await loadIoredis();
  warnIfIoredisDebug(auth);
  const sub = new EntraIoredisSubscriber(auth, { ...options, tls }, RedisCtor);
  await sub.start();
  return sub;
}

/** @deprecated Renamed {@link connectIoredisSubscriber} (connected clients are `connect*`); kept as an alias. */
export const createIoredisSubscriber = connectIoredisSubscriber;
