/**
 * A node-redis pub/sub subscriber that loses no message across token rotation, on RESP2 too.
 *
 * On RESP3 (the default) a subscribed node-redis connection re-AUTHs in place, like any other: the
 * subscriber keeps one connection. On RESP2, Redis refuses AUTH in subscriber mode (node-redis
 * doesn't even try), so the server closes the connection when its token expires and node-redis
 * resubscribes after reconnecting, losing what was published in between (measured by
 * bench/resp2-pubsub-loss.ts). With `RESP: 2` this subscriber rotates make-before-break instead, as
 * `connectIoredisSubscriber` does: after each refresh a new connection (fresh token) subscribes to the
 * same channels, patterns and shard channels, and only once those subscriptions are confirmed is the
 * old connection unsubscribed and closed (the replies to its UNSUBSCRIBEs come after every message the
 * server sent it, so none is cut off). Messages published during the overlap can arrive twice:
 * deduplicate in the app.
 */
import { EventEmitter } from "node:events";
import { internalsOf } from "./auth-internals.ts";
import type { EntraAuth } from "./entra-auth.ts";
import { openNodeRedis, type EntraNodeRedisClientOptions } from "./node-redis.ts";
import { scheduleRotations } from "./rotation-scheduler.ts";
import { backoffDelay, SUBSCRIBER_ROTATION_RETRY } from "./token-timing.ts";

/** A node-redis pub/sub listener: the message, then the channel it came on. */
export type NodeRedisMessageListener = (message: string, channel: string) => unknown;

/** Options of {@link connectNodeRedisSubscriber}: those of `connectNodeRedis`, and RESP 2 or 3. */
export type EntraNodeRedisSubscriberOptions = Omit<EntraNodeRedisClientOptions, "RESP"> & {
  /** 3 (default): one connection, re-AUTHed in place. 2: make-before-break rotation on each refresh. */
  RESP?: 2 | 3;
};

/** Typed events of {@link EntraNodeRedisSubscriber}. */
export interface EntraNodeRedisSubscriberEvents {
  /** A new connection took over (RESP2, after a token refresh). */
  rotated: [{ rotations: number }];
  /** A rotation failed; it is retried in `retryInMs` while the old connection keeps receiving. */
  rotationFailed: [{ message: string; attempt: number; retryInMs: number }];
  /** A connection error of the current connection (node-redis reconnects by itself). */
  error: [Error];
}

type Client = Awaited<ReturnType<typeof openNodeRedis>>;
type Kind = "channels" | "patterns" | "shards";

const SUBSCRIBE = { channels: "subscribe", patterns: "pSubscribe", shards: "sSubscribe" } as const;
const UNSUBSCRIBE = { channels: "unsubscribe", patterns: "pUnsubscribe", shards: "sUnsubscribe" } as const;

type SubscribeFn = (names: string | string[], listener: NodeRedisMessageListener) => Promise<unknown>;
type UnsubscribeFn = (names?: string | string[]) => Promise<unknown>;

/**
 * Stable pub/sub handle over node-redis connections. Create with {@link connectNodeRedisSubscriber};
 * subscribe here (not on {@link client}, which changes on rotation).
 */
export class EntraNodeRedisSubscriber extends EventEmitter<EntraNodeRedisSubscriberEvents> {
  readonly #auth: EntraAuth;
  readonly #options: EntraNodeRedisSubscriberOptions;
  readonly #sets: Record<Kind, Map<string, Set<NodeRedisMessageListener>>> = {
    channels: new Map(),
    patterns: new Map(),
    shards: new Map(),
  };
  #current: Client | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;
  #rotations = 0;
  #failedAttempts = 0;
  /** A rotation retry waiting for its backoff. */
  #timer: unknown;
  #offRotate: (() => void) | undefined;
  /** Every connection opened and not yet closed. */
  readonly #open = new Set<Client>();

  /** @internal use connectNodeRedisSubscriber() */
  constructor(auth: EntraAuth, options: EntraNodeRedisSubscriberOptions) {
    super();
    this.#auth = auth;
    this.#options = options;
  }

  /** The node-redis client currently receiving messages (it changes on rotation; don't keep it). */
  get client(): Client {
    if (!this.#current) throw new Error("The subscriber is not connected yet");
    return this.#current;
  }

  /** How many make-before-break rotations have completed (always 0 on RESP3). */
  get rotations(): number {
    return this.#rotations;
  }

  /** SUBSCRIBE: `listener(message, channel)` for each message on these channels (kept across rotations). */
  subscribe(channels: string | string[], listener: NodeRedisMessageListener): Promise<void> {
    return this.#add("channels", channels, listener);
  }
  /** UNSUBSCRIBE these channels (all when omitted), or only this listener of them. */
  unsubscribe(channels?: string | string[], listener?: NodeRedisMessageListener): Promise<void> {
    return this.#remove("channels", channels, listener);
  }
  /** PSUBSCRIBE: `listener(message, channel)` for each message on a matching channel. */
  pSubscribe(patterns: string | string[], listener: NodeRedisMessageListener): Promise<void> {
    return this.#add("patterns", patterns, listener);
  }
  /** PUNSUBSCRIBE these patterns (all when omitted), or only this listener of them. */
  pUnsubscribe(patterns?: string | string[], listener?: NodeRedisMessageListener): Promise<void> {
    return this.#remove("patterns", patterns, listener);
  }
  /** SSUBSCRIBE (shard channels). */
  sSubscribe(channels: string | string[], listener: NodeRedisMessageListener): Promise<void> {
    return this.#add("shards", channels, listener);
  }
  /** SUNSUBSCRIBE these shard channels (all when omitted), or only this listener of them. */
  sUnsubscribe(channels?: string | string[], listener?: NodeRedisMessageListener): Promise<void> {
    return this.#remove("shards", channels, listener);
  }

  /** Closes every connection this subscriber opened; no rotation after this. */
  async quit(): Promise<void> {
    this.#closed = true;
    this.#offRotate?.();
    this.#clearRetry();
    // A rotation still connecting (node-redis retries its connect) must not hold quit() up.
    await Promise.race([this.#queue.catch(() => undefined), this.#delay(2000)]);
    await Promise.all([...this.#open].map((c) => this.#retire(c)));
  }

  /** @internal */
  async start(): Promise<void> {
    this.#current = await this.#connect();
    if ((this.#options.RESP ?? 3) === 2) {
      this.#offRotate = scheduleRotations(this.#auth, {
        latestOnly: true,
        now: () => this.#clearRetry(),
        later: () => {
          if (!this.#closed) this.#rotateNow();
        },
      });
    }
  }

  #clearRetry(): void {
    if (this.#timer !== undefined) internalsOf(this.#auth).clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Resolves after `ms` on the token manager's clock. */
  #delay(ms: number): Promise<void> {
    return new Promise((resolve) => internalsOf(this.#auth).clock.setTimeout(resolve, ms));
  }

  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(fn, fn);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** The listener a connection registers for one name: it fans out to the app's current listeners. */
  #dispatch(kind: Kind, name: string): NodeRedisMessageListener {
    return (message, channel) => {
      for (const l of this.#sets[kind].get(name) ?? []) l(message, channel);
    };
  }

  #add(kind: Kind, names: string | string[], listener: NodeRedisMessageListener): Promise<void> {
    const list = Array.isArray(names) ? names : [names];
    return this.#serial(async () => {
      if (this.#closed) throw new Error("The subscriber was closed");
      const fresh = list.filter((n) => !this.#sets[kind].has(n));
      for (const n of list) {
        const set = this.#sets[kind].get(n) ?? new Set();
        set.add(listener);
        this.#sets[kind].set(n, set);
      }
      try {
        await subscribeOn(this.#current!, kind, fresh, (n) => this.#dispatch(kind, n));
      } catch (err) {
        for (const n of fresh) this.#sets[kind].delete(n);
        throw err;
      }
    });
  }

  #remove(
    kind: Kind,
    names: string | string[] | undefined,
    listener?: NodeRedisMessageListener,
  ): Promise<void> {
    return this.#serial(async () => {
      const list =
        names === undefined ? [...this.#sets[kind].keys()] : Array.isArray(names) ? names : [names];
      const gone: string[] = [];
      for (const n of list) {
        const set = this.#sets[kind].get(n);
        if (!set) continue;
        if (listener) set.delete(listener);
        if (!listener || set.size === 0) {
          this.#sets[kind].delete(n);
          gone.push(n);
        }
      }
      if (gone.length > 0 && this.#current) {
        await (this.#current[UNSUBSCRIBE[kind]] as unknown as UnsubscribeFn).call(this.#current, gone);
      }
    });
  }

  async #connect(): Promise<Client> {
    let created: Client | undefined;
    const client = await openNodeRedis(this.#auth, this.#options as EntraNodeRedisClientOptions, {
      warnResp2: false,
      label: "node-redis subscriber",
      // Known before it has connected, so that quit() also ends a connection still trying to.
      created: (c) => this.#open.add((created = c as Client)),
    }).catch((err: unknown) => {
      if (created) this.#open.delete(created); // openNodeRedis destroyed it
      throw err;
    });
    client.on("error", (err: Error) => {
      if (this.#current === client && this.listenerCount("error") > 0) this.emit("error", err);
    });
    try {
      for (const kind of ["channels", "patterns", "shards"] as const) {
        await subscribeOn(client, kind, [...this.#sets[kind].keys()], (n) => this.#dispatch(kind, n));
      }
    } catch (err) {
      await this.#retire(client);
      throw err;
    }
    return client;
  }

  #rotateNow(): void {
    void this.#serial(async () => {
      if (this.#closed) return;
      let next: Client;
      try {
        next = await this.#connect();
      } catch (err) {
        this.#failedAttempts += 1;
        const { clock, random } = internalsOf(this.#auth);
        const left = (this.#auth.diagnostics().expiresOnTimestamp ?? 0) - clock.now();
        const retryInMs = Math.round(
          backoffDelay(SUBSCRIBER_ROTATION_RETRY, this.#failedAttempts, left, random()),
        );
        this.emit("rotationFailed", {
          message: internalsOf(this.#auth).redact(err instanceof Error ? err.message : String(err)),
          attempt: this.#failedAttempts,
          retryInMs,
        });
        if (!this.#closed) {
          this.#timer = clock.setTimeout(() => {
            this.#timer = undefined;
            this.#rotateNow();
          }, retryInMs);
        }
        return;
      }
      this.#failedAttempts = 0;
      if (this.#closed) {
        await this.#retire(next);
        return;
      }
      // Make-before-break: the new connection is subscribed; only now close the old one.
      const old = this.#current;
      this.#current = next;
      this.#rotations += 1;
      this.emit("rotated", { rotations: this.#rotations });
      if (old) await this.#retire(old);
    });
  }

  async #retire(client: Client): Promise<void> {
    this.#open.delete(client);
    const drain = async () => {
      // The UNSUBSCRIBE replies come after every message the server sent this connection.
      if (client.isReady) {
        for (const kind of ["channels", "patterns", "shards"] as const) {
          await (client[UNSUBSCRIBE[kind]] as unknown as UnsubscribeFn).call(client);
        }
      }
      await client.close();
    };
    try {
      await Promise.race([drain(), this.#delay(2000)]);
    } catch {
      // already closed
    }
    try {
      client.destroy();
    } catch {
      // already closed
    }
  }
}

async function subscribeOn(
  client: Client,
  kind: Kind,
  names: string[],
  dispatch: (name: string) => NodeRedisMessageListener,
): Promise<void> {
  const subscribe = client[SUBSCRIBE[kind]] as unknown as SubscribeFn;
  for (const n of names) await subscribe.call(client, n, dispatch(n));
}

/**
 * Connects a node-redis subscriber (TLS required, as `connectNodeRedis`). On RESP3 (the default) its one
 * connection re-AUTHs in place; with `RESP: 2` it rotates make-before-break after each refresh, so no
 * message is lost (duplicates are possible during the overlap: dedupe in the app).
 *
 * @example
 * const sub = await connectNodeRedisSubscriber(auth, { socket: { host, port: 6380 }, RESP: 2 });
 * await sub.subscribe("orders", (message, channel) => handle(channel, message));
 * // later: await sub.quit();
 */
export async function connectNodeRedisSubscriber(
  auth: EntraAuth,
  options: EntraNodeRedisSubscriberOptions = {},
): Promise<EntraNodeRedisSubscriber> {
  const sub = new EntraNodeRedisSubscriber(auth, options);
  await sub.start();
  return sub;
}
