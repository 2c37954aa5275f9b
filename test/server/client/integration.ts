/**
 * Shared end-to-end scenarios for the client runtime against the local Entra gateway
 * (`src/testing`), run once per client kind (ioredis, ioredis Cluster, node-redis, node-redis cluster)
 * from separate test files so that they run in parallel. Tokens live a few seconds; margins, jitter
 * and the re-AUTH spread are scaled down to match.
 */
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { startLocalEntraRedis } from "../../../src/testing/index.ts";
import {
  createEntraAuth,
  connectIoredisSubscriber,
  type EntraAuth,
  type EntraAuthOptions,
  type EntraClock,
} from "../../../src/client/index.ts";

export type Gateway = Awaited<ReturnType<typeof startLocalEntraRedis>>;
export type GatewayCredential = ReturnType<Gateway["credential"]>;

/** Token lifetime for the rotation scenarios, and the matching client settings. */
export const LIFETIME_MS = 2500;
export const TIMING: Pick<
  EntraAuthOptions,
  "refreshMarginMs" | "refreshJitterMs" | "reauthSpreadMs" | "retry" | "acquireTimeoutMs"
> = {
  refreshMarginMs: 1000,
  refreshJitterMs: 300,
  reauthSpreadMs: 250,
  retry: { initialDelayMs: 100, maxDelayMs: 400 },
  acquireTimeoutMs: 1000,
};

export const OBJECT_ID = "6f1d3c9a-1111-4e0b-9a55-0c2d7e3b9a01";

/** Matches anything that looks like a JWT (header.payload). */
export const JWT = /eyJ[A-Za-z0-9_-]*\.eyJ[A-Za-z0-9_-]*/;

/** One application connection as the scenarios see it. */
export interface AppConnection {
  /** One round trip that must succeed (e.g. SET + GET on a key of its own). */
  command(i: number): Promise<void>;
  publish(channel: string, message: string): Promise<void>;
  close(): Promise<void>;
}

/** A subscriber as the scenarios see it. */
export interface AppSubscriber {
  close(): Promise<void>;
}

/** How to use one client kind. */
export interface ClientKit {
  name: string;
  /** Gateway options (cluster or not). */
  gateway: { cluster?: { shards: number } };
  connect(gw: Gateway, auth: EntraAuth): Promise<AppConnection>;
  subscribe(
    gw: Gateway,
    auth: EntraAuth,
    channel: string,
    onMessage: (message: string) => void,
  ): Promise<AppSubscriber>;
  /** Gateway connections per application connection (1, or the node count for clusters). */
  connectionsPerClient: number;
}

export { closeWithin } from "../support/time.ts";

/** The ioredis make-before-break subscriber against one node: shared by the ioredis and ioredis Cluster kits. */
export async function subscribeWithIoredis(
  gw: Gateway,
  auth: EntraAuth,
  channel: string,
  onMessage: (message: string) => void,
): Promise<AppSubscriber> {
  const sub = await connectIoredisSubscriber(auth, { host: gw.host, port: gw.port, tls: { ca: gw.ca } });
  sub.on("error", () => undefined);
  sub.on("message", (_channel, message) => onMessage(message));
  await sub.subscribe(channel);
  return { close: () => sub.quit() };
}

/** Everything the scenario observed that must stay free of tokens. */
export class Capture {
  readonly lines: string[] = [];
  readonly things: unknown[] = [];
  #restore: (() => void) | undefined;

  /** Captures console output (still printed) until `restore()`. */
  hookConsole(): void {
    const originals = {
      log: console.log,
      warn: console.warn,
      error: console.error,
      info: console.info,
      debug: console.debug,
    };
    for (const key of Object.keys(originals) as (keyof typeof originals)[]) {
      console[key] = (...args: unknown[]) => {
        this.lines.push(args.map((a) => (typeof a === "string" ? a : inspect(a, { depth: 6 }))).join(" "));
        originals[key](...args);
      };
    }
    const onWarning = (w: Error) => this.warnings.push(`${w.name}: ${w.message}`);
    process.on("warning", onWarning);
    this.#restore = () => {
      Object.assign(console, originals);
      process.off("warning", onWarning);
    };
  }
  /** Process warnings seen (e.g. MaxListenersExceededWarning). */
  readonly warnings: string[] = [];
  assertNoListenerLeak(): void {
    assert.deepEqual(
      this.warnings.filter((w) => w.startsWith("MaxListenersExceededWarning")),
      [],
      "no listener leak warning",
    );
  }
  restore(): void {
    this.#restore?.();
  }
  /** Records every event of an EntraAuth (payloads included). */
  watch(auth: EntraAuth): void {
    for (const name of [
      "token",
      "refreshFailed",
      "expired",
      "warning",
      "reauthenticated",
      "reauthFailed",
      "subscriberRotated",
    ] as const) {
      auth.on(name, (...args: unknown[]) => this.things.push({ event: name, args }));
    }
  }
  add(thing: unknown): void {
    this.things.push(thing);
  }
  assertNoToken(): void {
    const dump = `${this.lines.join("\n")}\n${inspect(this.things, { depth: 10 })}`;
    assert.doesNotMatch(dump, JWT, "a token leaked into logs, events or errors");
  }
}

export { waitFor } from "../support/time.ts";

/** Waits for the next occurrence of an EntraAuth event. */
export function nextEvent<K extends "token" | "expired" | "refreshFailed">(
  auth: EntraAuth,
  name: K,
  timeoutMs = 15_000,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${name} event within ${timeoutMs} ms`)), timeoutMs);
    (auth as unknown as { once(event: string, fn: () => void): void }).once(name, () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** A steady command load on several connections until stopped; counts successes and failures. */
export class Load {
  ok = 0;
  readonly failures: unknown[] = [];
  #running = true;
  readonly #loops: Promise<void>[];

  constructor(conns: AppConnection[], pauseMs = 5) {
    this.#loops = conns.map(async (conn) => {
      for (let i = 0; this.#running; i++) {
        try {
          await conn.command(i);
          this.ok += 1;
        } catch (err) {
          this.failures.push(err);
        }
        if (pauseMs) await new Promise((r) => setTimeout(r, pauseMs));
      }
    });
  }
  async stop(): Promise<void> {
    this.#running = false;
    await Promise.all(this.#loops);
  }
}

/** Publishes sequence numbers on a channel until stopped. */
export class Publisher {
  sent = 0;
  readonly failures: unknown[] = [];
  #running = true;
  readonly #loop: Promise<void>;
  constructor(conn: AppConnection, channel: string, everyMs = 10) {
    this.#loop = (async () => {
      while (this.#running) {
        try {
          await conn.publish(channel, String(this.sent));
          this.sent += 1;
        } catch (err) {
          this.failures.push(err);
        }
        await new Promise((r) => setTimeout(r, everyMs));
      }
    })();
  }
  async stop(): Promise<void> {
    this.#running = false;
    await this.#loop;
  }
}

/** Creates an EntraAuth on a gateway credential, with the scaled-down timing and events captured. */
export function makeAuth(
  gw: Gateway,
  capture: Capture,
  options: Partial<EntraAuthOptions> & { lifetimeMs?: number } = {},
): { auth: EntraAuth; credential: GatewayCredential } {
  const { lifetimeMs = LIFETIME_MS, ...rest } = options;
  const credential = gw.credential(OBJECT_ID, { lifetimeMs });
  const auth = createEntraAuth({
    credential,
    ...TIMING,
    logger: { warn: (m) => capture.lines.push(m) },
    ...rest,
  });
  capture.watch(auth);
  return { auth, credential };
}

/** Counts rotations (`token` events after the first) of an EntraAuth. */
export function rotationCounter(auth: EntraAuth): { readonly count: number } {
  const counter = { count: 0 };
  auth.on("token", (e) => {
    if (e.rotation) counter.count += 1;
  });
  return counter;
}

/** Starts the gateway for a kit (on `options.clock`, default the real clock) and assigns the test identity. */
export async function startGateway(
  kit: ClientKit,
  tokenLifetimeMs = LIFETIME_MS,
  options: { clock?: EntraClock } = {},
): Promise<Gateway> {
  const gw = await startLocalEntraRedis({ ...kit.gateway, tokenLifetimeMs, ...options });
  await gw.assign(OBJECT_ID, "Data Owner");
  return gw;
}

/** Largest number of events in any `bucketMs` window (fixed buckets from the first event). */
export function largestBurst(times: number[], bucketMs: number): number {
  if (times.length === 0) return 0;
  const start = Math.min(...times);
  const buckets = new Map<number, number>();
  for (const t of times) {
    const b = Math.floor((t - start) / bucketMs);
    buckets.set(b, (buckets.get(b) ?? 0) + 1);
  }
  return Math.max(...buckets.values());
}
