/**
 * Every access to ioredis's private fields, in one file (ioredis has no public hook for what we do:
 * async passwords, handshake arguments, queues, the cluster's pools and subscriber). Each function
 * says what it reads or writes; `test/client/ioredis-internals.test.ts` checks the contract against
 * every supported ioredis major (5 and 6), so an ioredis release that moves a field fails there first.
 */
import type { Cluster, Redis } from "ioredis";
import type { EntraRedisCredentials } from "./credentials.ts";

/** The ioredis `Redis` fields we touch (present in ioredis 5 and 6). */
interface RedisInternals {
  options: {
    username?: string | undefined;
    password?: string | undefined;
    host?: string;
    port?: number;
    enableReadyCheck?: boolean;
  };
  status?: string;
  /** Set when connect() starts: the handshake's state; `protocol` exists from ioredis 6 on. */
  condition?: { subscriber?: unknown; protocol?: number; handshake?: boolean; auth?: unknown } | null;
  manuallyClosing?: boolean;
  /** Commands in flight when the connection closed, resent once it is ready again. */
  prevCommandQueue?: CommandQueue | null;
  /** Commands sent while not connected (Cluster: while no node is). */
  offlineQueue?: CommandQueue;
  recoverFromFatalError?: FatalHandler;
}

interface CommandQueue {
  shift(): { command?: { reject(e: Error): void } } | undefined;
}

/** ioredis's handler of a refused handshake (fails queued commands, emits `error`, reconnects). */
export type FatalHandler = (commandError: unknown, err: unknown, options?: unknown) => void;

/** A command as `sendCommand` receives it. */
export interface IoredisCommand {
  name: string;
  args: unknown[];
  reject: (err: Error) => void;
}

/** `sendCommand(command, stream?, node?)` of a Redis or Cluster. */
export type SendCommand = (command: IoredisCommand, stream?: unknown, node?: unknown) => unknown;

/** The ioredis `Cluster` fields we touch (present in ioredis 5 and 6; all optional). */
interface ClusterInternals {
  options: { redisOptions?: { username?: string; password?: string; enableReadyCheck?: boolean } };
  connectionPool?: { redisOptions?: { username?: string; password?: string } };
  subscriber?: { getInstance?: () => Redis | null | undefined; selectSubscriber?: () => void } | null;
}

const internals = (redis: Redis | Cluster): RedisInternals => redis as unknown as RedisInternals;
const clusterInternals = (cluster: Cluster): ClusterInternals => cluster as unknown as ClusterInternals;

/** Defines an own, non-enumerable method on an instance (the prototype stays untouched). */
export function replaceMethod(target: object, name: string, value: unknown): void {
  Object.defineProperty(target, name, { configurable: true, writable: true, enumerable: false, value });
}

/** Writes the credentials into `options.username/password`, which the next (re)connect AUTHs with. */
export function setAuthOptions(redis: Redis, creds: EntraRedisCredentials): void {
  const o = internals(redis).options;
  o.username = creds.username;
  o.password = creds.password;
}

/**
 * Whether `options.username/password` hold these credentials: what the connection's handshake sent
 * (ioredis reads them when it connects; the guard rewrites a stale handshake and the options with it).
 */
export function holdsCredentials(redis: Redis, creds: EntraRedisCredentials): boolean {
  const o = internals(redis).options;
  return o.username === creds.username && o.password === creds.password;
}

/** `options.host:options.port`. */
export function addressOf(redis: Redis): string {
  const o = internals(redis).options;
  return `${o.host ?? "?"}:${o.port ?? "?"}`;
}

/** The protocol the live connection negotiated (`condition.protocol`; undefined on ioredis 5 = RESP2). */
export function negotiatedProtocol(redis: Redis): number | undefined {
  return internals(redis).condition?.protocol ?? undefined;
}

/** True when the connection is in subscriber mode (`condition.subscriber`). */
export function inSubscriberMode(redis: Redis): boolean {
  return Boolean(internals(redis).condition?.subscriber);
}

/**
 * True while ioredis sends the handshake (HELLO/AUTH, SELECT, ...): status `connect` and, on ioredis
 * 6, `condition.handshake`. ioredis 5 has no such flag: there, status `connect` is the handshake (it
 * lasts until `ready`, and only handshake commands are written meanwhile).
 */
export function inHandshake(redis: Redis): boolean {
  const r = internals(redis);
  if (r.status !== "connect" || !r.condition) return false;
  return r.condition.handshake ?? true;
}

/** The AUTH arguments ioredis keeps for the handshake in progress (`condition.auth`). */
export function setHandshakeAuth(redis: Redis, creds: EntraRedisCredentials): void {
  const condition = internals(redis).condition;
  if (condition) condition.auth = [creds.username, creds.password];
}

/** ioredis leaves `manuallyClosing` set when disconnect() is called on an already closed socket: clear it. */
export function clearManualClose(redis: Redis): void {
  const r = internals(redis);
  if (r.status === "reconnecting" || r.status === "end" || r.status === "close") r.manuallyClosing = false;
}

/** Replaces `sendCommand` on the instance with `wrap(original)`. */
export function wrapSendCommand(target: Redis | Cluster, wrap: (original: SendCommand) => SendCommand): void {
  const t = target as unknown as { sendCommand: SendCommand };
  t.sendCommand = wrap(t.sendCommand.bind(target));
}

/** Rejects every command ioredis holds for later (`prevCommandQueue`, `offlineQueue`) with `error()`. */
export function rejectQueuedCommands(target: Redis | Cluster, error: () => Error): void {
  const r = internals(target);
  let shared: Error | undefined;
  for (const queue of [r.prevCommandQueue, r.offlineQueue]) {
    if (!queue) continue;
    for (let item = queue.shift(); item; item = queue.shift()) {
      shared ??= error();
      item.command?.reject(shared);
    }
  }
}

/** Replaces `recoverFromFatalError` on the instance with `wrap(original)`; false when ioredis has none. */
export function wrapFatalHandler(redis: Redis, wrap: (original: FatalHandler) => FatalHandler): boolean {
  const original = internals(redis).recoverFromFatalError;
  if (typeof original !== "function") return false;
  replaceMethod(redis, "recoverFromFatalError", wrap(original));
  return true;
}

/** Sets `options.enableReadyCheck` of a connection not yet connected. */
export function setReadyCheck(redis: Redis, enabled: boolean): void {
  internals(redis).options.enableReadyCheck = enabled;
}

/** Writes the credentials into the options a Cluster copies into new node connections. */
export function setClusterAuthOptions(cluster: Cluster, creds: EntraRedisCredentials): void {
  const c = clusterInternals(cluster);
  for (const target of [c.options.redisOptions, c.connectionPool?.redisOptions]) {
    if (target) {
      target.username = creds.username;
      target.password = creds.password;
    }
  }
}

/** The `redisOptions` a Cluster was created with. */
export function clusterRedisOptions(cluster: Cluster): { enableReadyCheck?: boolean } | undefined {
  return clusterInternals(cluster).options.redisOptions;
}

/** The Cluster's own pub/sub connection, if it has one now (`subscriber.getInstance()`). */
export function clusterSubscriber(cluster: Cluster): Redis | undefined {
  return clusterInternals(cluster).subscriber?.getInstance?.() ?? undefined;
}

/**
 * Calls `prepare(sub)` on each pub/sub connection the Cluster picks (`subscriber.selectSubscriber`),
 * before it connects, and on the current one. False when the Cluster has no such holder.
 */
export function onClusterSubscriberSelected(cluster: Cluster, prepare: (sub: Redis) => void): boolean {
  const holder = clusterInternals(cluster).subscriber;
  const select = holder?.selectSubscriber;
  if (!holder || typeof select !== "function") return false;
  const run = (): void => {
    const sub = holder.getInstance?.();
    if (sub) prepare(sub);
  };
  replaceMethod(holder, "selectSubscriber", () => {
    select.call(holder);
    run();
  });
  run();
  return true;
}

/**
 * The option objects of a connection that hold its credentials: a Redis's `options`; a Cluster's
 * `options`, `options.redisOptions` and its connection pool's `redisOptions` (copied into each node).
 */
export function credentialHolders(target: Redis | Cluster): object[] {
  const holders: object[] = [internals(target).options];
  const c = clusterInternals(target as Cluster);
  for (const extra of [c.options?.redisOptions, c.connectionPool?.redisOptions]) {
    if (extra && typeof extra === "object") holders.push(extra);
  }
  return holders;
}

/**
 * Calls `shield(condition)` on a Redis's handshake state (`condition`, replaced by ioredis at every
 * connect, holding the AUTH arguments) now and on each replacement: `condition` becomes an accessor
 * on the instance that ioredis reads and writes as before.
 */
export function shieldCondition(redis: Redis, shield: (condition: object) => void): void {
  if (!("connector" in redis)) return; // a Cluster has no handshake state of its own
  let condition: unknown = internals(redis).condition;
  const apply = (value: unknown): void => {
    if (value && typeof value === "object") shield(value);
  };
  apply(condition);
  Object.defineProperty(redis, "condition", {
    configurable: true,
    enumerable: true,
    get: () => condition,
    set: (value: unknown) => {
      condition = value;
      apply(value);
    },
  });
}
