/**
 * The live part of `demo`: one app connection doing SET/GET, a publisher with sequence numbers and
 * a make-before-break subscriber, all through the local gateway with short-lived tokens, counting
 * every rotation, re-AUTH, command and message.
 */
import { randomUUID } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import { createEntraAuth, connectIoredis, connectIoredisSubscriber, redact } from "../../../client/index.ts";
import type { RunningGateway } from "../local/gateway.ts";
import type { GatewayStats } from "../../../testing/index.ts";

/** Counters the demo shows live and in its summary. */
export interface DemoCounters {
  tokensIssued: number;
  /** Token refreshes after the first one. */
  rotations: number;
  reauthsAccepted: number;
  reauthsFailed: number;
  subscriberRotations: number;
  commandsDone: number;
  commandsFailed: number;
  messagesPublished: number;
  messagesReceived: number;
  duplicateMessages: number;
  messagesLost: number;
}

/** A live event worth a line. */
export interface DemoEvent {
  atMs: number;
  kind: "token" | "reauth" | "reauth-failed" | "subscriber-rotated" | "command-failed" | "refresh-failed";
  text: string;
}

/** Options of {@link runDemoWorkload}. */
export interface DemoWorkloadOptions {
  gateway: RunningGateway;
  objectId: string;
  durationMs: number;
  tokenLifetimeMs: number;
  /** Ends the run early (Ctrl-C). */
  stop: Promise<unknown>;
  onEvent?: (event: DemoEvent) => void;
  onTick?: (counters: DemoCounters, elapsedMs: number) => void;
}

/** The result of a run. */
export interface DemoRun {
  counters: DemoCounters;
  elapsedMs: number;
  interrupted: boolean;
  /** Redacted messages of the first few failures. */
  failures: string[];
  /** The gateway's own counters at the end. */
  gateway: GatewayStats;
}

/** Client timings scaled to the token lifetime (the real defaults are minutes). */
export function scaledTimings(lifetimeMs: number): {
  refreshMarginMs: number;
  refreshJitterMs: number;
  reauthSpreadMs: number;
  retry: { initialDelayMs: number; maxDelayMs: number };
  acquireTimeoutMs: number;
} {
  return {
    refreshMarginMs: Math.round(lifetimeMs * 0.4),
    refreshJitterMs: Math.round(lifetimeMs * 0.1),
    reauthSpreadMs: Math.round(lifetimeMs * 0.05),
    retry: { initialDelayMs: 100, maxDelayMs: Math.max(200, Math.round(lifetimeMs / 8)) },
    // The first token bounds connect(): on a loaded machine (CI runs the demo beside the test suite
    // and the Node.js matrix on 2 cores) the local token endpoint can take seconds to answer, and a
    // quarter of a 2 s lifetime (500 ms) failed the demo there. Refreshes past it are retried anyway.
    acquireTimeoutMs: Math.max(5_000, lifetimeMs),
  };
}

/** Runs the workload until the duration ends or `stop` resolves. */
export async function runDemoWorkload(options: DemoWorkloadOptions): Promise<DemoRun> {
  const { gateway } = options;
  const c: DemoCounters = {
    tokensIssued: 0,
    rotations: 0,
    reauthsAccepted: 0,
    reauthsFailed: 0,
    subscriberRotations: 0,
    commandsDone: 0,
    commandsFailed: 0,
    messagesPublished: 0,
    messagesReceived: 0,
    duplicateMessages: 0,
    messagesLost: 0,
  };
  const failures: string[] = [];
  const fail = (err: unknown): void => {
    c.commandsFailed++;
    if (failures.length < 5) failures.push(redact(err instanceof Error ? err.message : String(err)));
    emit("command-failed", `command failed: ${failures.at(-1)}`);
  };
  const started = Date.now();
  // Set before the clients close: what their closing causes (a re-AUTH in flight failing with
  // "Connection is closed", possibly after this function has returned and the summary is printed)
  // is neither counted nor reported.
  let closing = false;
  const emit = (kind: DemoEvent["kind"], text: string): void => {
    if (!closing) options.onEvent?.({ atMs: Date.now() - started, kind, text });
  };

  const auth = createEntraAuth({
    credential: gateway.credential(options.objectId, { lifetimeMs: options.tokenLifetimeMs }),
    ...scaledTimings(options.tokenLifetimeMs),
  });
  auth.on("token", (e) => {
    if (closing) return;
    c.tokensIssued++;
    if (e.rotation) c.rotations++;
    emit(
      "token",
      `token #${c.tokensIssued} issued, valid ${((e.expiresOnTimestamp - Date.now()) / 1000).toFixed(1)}s${e.rotation ? " (rotation)" : ""}`,
    );
  });
  auth.on("reauthenticated", (e) => {
    if (closing) return;
    c.reauthsAccepted++;
    emit("reauth", `re-AUTH accepted on ${e.connection}`);
  });
  auth.on("reauthFailed", (e) => {
    if (closing) return;
    c.reauthsFailed++;
    emit("reauth-failed", `re-AUTH failed on ${e.connection}: ${redact(e.message)}`);
  });
  auth.on("refreshFailed", (e) =>
    emit("refresh-failed", `token refresh failed (${redact(e.message)}), retrying in ${e.retryInMs}ms`),
  );

  const tls = { ca: gateway.ca };
  // The ready check runs INFO, which Data Contributor (like Azure's: +@all -@dangerous) does not allow.
  const redis = await connectIoredis(auth, {
    host: gateway.host,
    port: gateway.port,
    tls,
    maxRetriesPerRequest: 20,
    enableReadyCheck: false,
  });
  const sub = await connectIoredisSubscriber(auth, {
    host: gateway.host,
    port: gateway.port,
    tls,
    enableReadyCheck: false,
  });
  const channel = `demo:${randomUUID()}`;
  const published = new Set<number>();
  const received = new Set<number>();
  sub.on("message", (ch, message) => {
    if (ch !== channel) return;
    const seq = Number(message);
    if (received.has(seq)) c.duplicateMessages++;
    else {
      received.add(seq);
      c.messagesReceived = received.size;
    }
  });
  sub.on("rotated", (e) => {
    if (closing) return;
    c.subscriberRotations++;
    emit("subscriber-rotated", `subscriber rotated make-before-break (${e.connection})`);
  });
  sub.on("error", () => {
    // connection errors are retried by ioredis; message loss is what counts, and it is counted
  });
  await sub.subscribe(channel);

  let running = true;
  let interrupted = false;
  const end = Promise.race([
    delay(options.durationMs, undefined, { ref: false }),
    options.stop.then(() => {
      interrupted = true;
    }),
  ]).then(() => {
    running = false;
  });

  const workload = (async () => {
    let i = 0;
    while (running) {
      const key = `demo:key:${i % 100}`;
      const value = `v${i++}`;
      try {
        await redis.set(key, value);
        c.commandsDone++;
        const got = await redis.get(key);
        if (got !== value)
          throw new Error(`GET ${key} returned ${JSON.stringify(got)}, expected ${JSON.stringify(value)}`);
        c.commandsDone++;
      } catch (err) {
        fail(err);
      }
      await delay(5);
    }
  })();
  const publisher = (async () => {
    let seq = 0;
    while (running) {
      seq++;
      try {
        await redis.publish(channel, String(seq));
        published.add(seq);
        c.messagesPublished = published.size;
        c.commandsDone++;
      } catch (err) {
        fail(err);
      }
      await delay(50);
    }
  })();
  const ticker = setInterval(() => options.onTick?.(c, Date.now() - started), 250);
  ticker.unref();

  await end;
  await Promise.all([workload, publisher]);
  // Bounded wait for the last messages in flight.
  const deadline = Date.now() + 3000;
  while ([...published].some((s) => !received.has(s)) && Date.now() < deadline) await delay(20);
  clearInterval(ticker);
  c.messagesLost = [...published].filter((s) => !received.has(s)).length;
  const elapsedMs = Date.now() - started;
  const gatewayStats = gateway.stats();
  closing = true;
  await sub.quit().catch(() => {});
  await redis.quit().catch(() => redis.disconnect());
  auth.close();
  options.onTick?.(c, elapsedMs);
  return { counters: c, elapsedMs, interrupted, failures, gateway: gatewayStats };
}
