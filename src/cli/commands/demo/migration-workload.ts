/**
 * The rehearsal behind `demo --migration` and bench/migration-switch.ts: an app (ioredis through the
 * client runtime, or the client the caller connects) writes, reads, publishes and listens through a
 * cache's host name while the local migration switches that name to a Managed Redis-style target.
 * Counts every failed command, every lost message, and the longest a command took (the stall the app
 * sees at the switch).
 */
import { randomUUID } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import {
  createEntraAuth,
  connectIoredis,
  connectIoredisSubscriber,
  redact,
  type EntraAuth,
} from "../../../client/index.ts";
import type { LocalMigration, LocalMigrationReport, LocalMigrationOptions } from "../../../testing/index.ts";

/** The app as the workload drives it: one client for commands, one subscriber connection. */
export interface MigrationWorkloadApp {
  set(key: string, value: string): Promise<unknown>;
  get(key: string): Promise<string | null>;
  /** PUBLISH; resolves to the number of subscribers Redis handed the message to. */
  publish(channel: string, message: string): Promise<number>;
  /** Subscribes the app's subscriber connection; resolves once subscribed. */
  subscribe(channel: string, onMessage: (message: string) => void): Promise<void>;
  close(): Promise<void>;
}

/** Connects the app through the cache's host name (`m.host`, `m.port`, `m.ca`). */
export type MigrationWorkloadConnect = (m: LocalMigration, auth: EntraAuth) => Promise<MigrationWorkloadApp>;

/** Options of {@link runMigrationWorkload}. */
export interface MigrationWorkloadOptions {
  /** How long the app runs on the source before the migration starts, in ms. */
  beforeMs: number;
  /** How long it keeps running on the target after the switch, in ms. */
  afterMs: number;
  redisServerPath?: string;
  /** Source shape; default one node (the target then is non-clustered, like the source). */
  source?: LocalMigrationOptions["source"];
  skipDataMigration?: boolean;
  /** The app's client; default ioredis (`connectIoredis` and `connectIoredisSubscriber`). */
  connect?: MigrationWorkloadConnect;
  /** Lines worth showing as they happen. */
  onEvent?: (atMs: number, text: string) => void;
}

/** What the app saw. */
export interface MigrationWorkloadResult {
  commandsDone: number;
  commandsFailed: number;
  /** Redacted messages of the first failures. */
  failures: string[];
  /**
   * With `skipDataMigration`: GETs that found nothing because their SET ran on the cache just before
   * the switch (the data stayed behind, as asked). Not failures.
   */
  readsOfDataLeftBehind: number;
  /** The longest any command (SET, GET or PUBLISH) took, in ms: the stall of the switch. */
  longestStallMs: number;
  messagesPublished: number;
  messagesReceived: number;
  /** Published while the subscriber was subscribed (Redis handed it over) and never received. */
  messagesLost: number;
  /** Keys written before the switch that read back the same after it. */
  keysKeptAcrossSwitch: number;
  keysWrittenBefore: number;
  /** How long `migrate()` took (copy included). */
  switchMs: number;
  report: LocalMigrationReport;
  /** Connections the app has on the target at the end / on the source. */
  targetConnections: number;
  sourceConnections: number;
}

const OBJECT_ID = "7c1f2a3b-4d5e-4f60-8a9b-0c1d2e3f4a5b";
const KEYS_BEFORE = 200;

/** The default app: ioredis through the client runtime. */
export const connectIoredisApp: MigrationWorkloadConnect = async (m, auth) => {
  const tls = { ca: m.ca };
  // The ready check runs INFO, which Data Contributor (+@all -@dangerous) does not allow.
  const redis = await connectIoredis(auth, { host: m.host, port: m.port, tls, enableReadyCheck: false });
  redis.on("error", () => undefined);
  const sub = await connectIoredisSubscriber(auth, {
    host: m.host,
    port: m.port,
    tls,
    enableReadyCheck: false,
  });
  sub.on("error", () => undefined);
  return {
    set: (key, value) => redis.set(key, value),
    get: (key) => redis.get(key),
    publish: (channel, message) => redis.publish(channel, message),
    async subscribe(channel, onMessage) {
      sub.on("message", (ch, message) => {
        if (ch === channel) onMessage(message);
      });
      await sub.subscribe(channel);
    },
    async close() {
      await sub.quit().catch(() => undefined);
      redis.disconnect();
    },
  };
};

/** Runs the app, migrates under it, and reports. */
export async function runMigrationWorkload(
  options: MigrationWorkloadOptions,
): Promise<MigrationWorkloadResult> {
  const { startLocalMigration } = await import("../../../testing/index.ts");
  const started = Date.now();
  const emit = (text: string) => options.onEvent?.(Date.now() - started, text);
  const m = await startLocalMigration({
    ...(options.redisServerPath !== undefined ? { redisServerPath: options.redisServerPath } : {}),
    ...(options.source ? { source: options.source } : {}),
  });
  try {
    await m.assign(OBJECT_ID, "Data Contributor");
    const auth = createEntraAuth({ credential: m.credential(OBJECT_ID) });
    const redis = await (options.connect ?? connectIoredisApp)(m, auth);
    const channel = `migration:${randomUUID()}`;
    const received = new Set<string>();
    await redis.subscribe(channel, (message) => received.add(message));
    for (let i = 0; i < KEYS_BEFORE; i++) await redis.set(`kept:${i}`, String(i));
    emit(`app connected to ${m.host}:${m.port} (the cache's host name), ${KEYS_BEFORE} keys written`);

    let done = 0;
    let longest = 0;
    const failures: string[] = [];
    let failed = 0;
    let leftBehind = 0;
    const delivered = new Set<string>();
    let published = 0;
    let running = true;
    const timed = async <T>(fn: () => Promise<T>): Promise<T> => {
      const t = performance.now();
      try {
        return await fn();
      } finally {
        longest = Math.max(longest, performance.now() - t);
      }
    };
    const fail = (err: unknown) => {
      failed += 1;
      if (failures.length < 5) failures.push(redact(err instanceof Error ? err.message : String(err)));
      emit(`command failed: ${failures.at(-1) ?? ""}`);
    };
    const commands = (async () => {
      for (let i = 0; running; i++) {
        try {
          await timed(() => redis.set(`work:${i % 50}`, String(i)));
          const got = await timed(() => redis.get(`work:${i % 50}`));
          if (got === null && options.skipDataMigration === true) leftBehind += 1;
          else if (got !== String(i)) throw new Error(`GET returned ${JSON.stringify(got)}, expected "${i}"`);
          done += 2;
        } catch (err) {
          fail(err);
        }
        await delay(2);
      }
    })();
    const publisher = (async () => {
      for (let i = 0; running; i++) {
        try {
          published += 1;
          if ((await timed(() => redis.publish(channel, String(i)))) > 0) delivered.add(String(i));
          done += 1;
        } catch (err) {
          fail(err);
        }
        await delay(10);
      }
    })();

    await delay(options.beforeMs);
    emit(
      "migrating: identities copied, every connection to the cache closed, data copied, host name switched",
    );
    const t = performance.now();
    const report = await m.migrate({ skipDataMigration: options.skipDataMigration ?? false });
    const switchMs = performance.now() - t;
    emit(
      `switched in ${Math.round(switchMs)} ms: ${report.keysCopied} keys copied, ${report.connectionsClosed} connections closed, ` +
        `${report.identitiesCopied} identity given the same rights`,
    );
    await delay(options.afterMs);
    running = false;
    await Promise.all([commands, publisher]);
    const deadline = Date.now() + 3000;
    while ([...delivered].some((s) => !received.has(s)) && Date.now() < deadline) await delay(20);

    let kept = 0;
    for (let i = 0; i < KEYS_BEFORE; i++) if ((await redis.get(`kept:${i}`)) === String(i)) kept += 1;
    const result: MigrationWorkloadResult = {
      commandsDone: done,
      commandsFailed: failed,
      failures,
      readsOfDataLeftBehind: leftBehind,
      longestStallMs: Math.round(longest),
      messagesPublished: published,
      messagesReceived: received.size,
      messagesLost: [...delivered].filter((s) => !received.has(s)).length,
      keysKeptAcrossSwitch: kept,
      keysWrittenBefore: KEYS_BEFORE,
      switchMs: Math.round(switchMs),
      report,
      targetConnections: m.target.stats().connectionsOpen,
      sourceConnections: m.source.stats().connectionsOpen,
    };
    await redis.close();
    auth.close();
    return result;
  } finally {
    await m.stop();
  }
}
