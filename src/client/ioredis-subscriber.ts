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
import { connectWithRetry, explainError, loadIoredis } from "./adapter.ts";
import {
  applyCredentials,
  bindConnection,
  installScrubber,
  labelOf,
  reauthenticate,
  requireTls,
} from "./ioredis-binding.ts";

/** Typed events of {@link EntraIoredisSubscriber}. */
export interface EntraSubscriberEvents {
  /** A message on a subscribed channel. */
  message: [channel: string, message: string];
  /** A message matching a subscribed pattern. */
  pmessage: [pattern: string, channel: string, message: string];
  /** A message on a subscribed shard channel (SSUBSCRIBE). */
  smessage: [channel: string, message: string];
  /** The underlying connection was replaced (make-before-break) after a token refresh. */
  rotated: [{ connection: string }];
  /** A connection error (secrets masked). Emitted only when someone listens. */
  error: [Error];
}

type Kind = "subscribe" | "psubscribe" | "ssubscribe";

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

  /** Unsubscribes and closes the connection. */
  async quit(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#queue.catch(() => undefined);
    this.#unbind?.();
    const conn = this.#current;
    this.#current = undefined;
    if (conn) await conn.quit().catch(() => conn.disconnect());
  }

  /** @internal first connection */
  async start(): Promise<void> {
    this.#current = await this.#open();
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
      const conn = this.connection;
      const verb = add
        ? kind
        : ({ subscribe: "unsubscribe", psubscribe: "punsubscribe", ssubscribe: "sunsubscribe" } as const)[
            kind
          ];
      if (names.length > 0) await conn[verb](...names);
    });
  }

  async #open(): Promise<Redis> {
    const creds = await this.#auth.getCredentials();
    const conn = new this.#RedisCtor({
      ...this.#options,
      username: creds.username,
      password: creds.password,
      lazyConnect: true,
    });
    installScrubber(conn, labelOf(conn, "subscriber"));
    conn.on("message", (channel: string, message: string) => this.emit("message", channel, message));
    conn.on("pmessage", (pattern: string, channel: string, message: string) =>
      this.emit("pmessage", pattern, channel, message),
    );
    conn.on("smessage", (channel: string, message: string) => this.emit("smessage", channel, message));
    conn.on("error", (err: Error) => {
      if (this.listenerCount("error") > 0) this.emit("error", err);
    });
    try {
      await connectWithRetry(this.#auth, conn, () => {
        const fresh = this.#auth.current();
        if (fresh) applyCredentials(conn, fresh);
      });
    } catch (err) {
      conn.removeAllListeners("message").removeAllListeners("pmessage").removeAllListeners("smessage");
      conn.disconnect();
      throw explainError(this.#auth, err, { tls: true });
    }
    return conn;
  }

  #bind(conn: Redis): void {
    this.#unbind?.();
    const label = labelOf(conn, "subscriber");
    this.#unbind = bindConnection(this.#auth, conn, label, () => {
      if (this.#closed || this.#current !== conn) return;
      if ((this.#options.protocol ?? 2) === 3) void reauthenticate(this.#auth, conn, label);
      else void this.rotate().catch(() => undefined);
    });
  }

  async #rotateNow(): Promise<void> {
    if (this.#closed) return;
    const old = this.#current;
    let next: Redis;
    try {
      next = await this.#open();
      const subs: Promise<unknown>[] = [];
      if (this.#sets.subscribe.size) subs.push(next.subscribe(...this.#sets.subscribe));
      if (this.#sets.psubscribe.size) subs.push(next.psubscribe(...this.#sets.psubscribe));
      if (this.#sets.ssubscribe.size) subs.push(next.ssubscribe(...this.#sets.ssubscribe));
      await Promise.all(subs);
    } catch (err) {
      const message = this.#auth.redact(err instanceof Error ? err.message : String(err));
      this.#auth.emit("reauthFailed", {
        client: "ioredis",
        connection: old ? labelOf(old, "subscriber") : "subscriber",
        message,
      });
      throw err;
    }
    if (this.#closed) {
      next.disconnect();
      return;
    }
    // Make-before-break: the new connection is subscribed; only now retire the old one.
    this.#current = next;
    this.#bind(next);
    this.#rotations += 1;
    const label = labelOf(next, "subscriber");
    this.#auth.emit("subscriberRotated", { client: "ioredis", connection: label });
    this.emit("rotated", { connection: label });
    if (old) {
      await old.quit().catch(() => old.disconnect());
    }
  }
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
  const tls = requireTls(options.tls, "tls");
  const { Redis: RedisCtor } = await loadIoredis();
  const sub = new EntraIoredisSubscriber(auth, { ...options, tls }, RedisCtor);
  await sub.start();
  return sub;
}

/** @deprecated Renamed {@link connectIoredisSubscriber} (connected clients are `connect*`); kept as an alias. */
export const createIoredisSubscriber = connectIoredisSubscriber;
