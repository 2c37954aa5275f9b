/**
 * Helpers for the library benchmarks (bullmq-throughput.ts, socketio-broadcast.ts): one local Entra
 * gateway, identities that authenticate either with rotating tokens (our runtime) or with a static
 * password (one long-lived token given to a plain client, as a password would be), connections of
 * both kinds on the same gateway and TLS path, the load average during the run, and the table.
 */
import { randomUUID } from "node:crypto";
import { cpus, loadavg } from "node:os";
import { Redis } from "ioredis";
import { createClient } from "redis";
import { connectIoredis, connectNodeRedis, createEntraAuth, type EntraAuth } from "../src/client/index.ts";
import { startLocalEntraRedis, type AuthEvent, type ConnectionEvent } from "../src/testing/index.ts";
import { REDIS_TOKEN_SCOPE } from "../src/internal/token-scope.ts";
import { safeMessage } from "../src/client/redact.ts";

export { safeMessage };
import { spread } from "./client-helpers.ts";

export type Gateway = Awaited<ReturnType<typeof startLocalEntraRedis>>;
export type Mode = "rotating" | "static";
/**
 * The arms of a round: rotating, static and, with `--control`, a second static arm ("control") whose
 * ratio to the first shows the run's noise floor: the difference two identical arms show.
 */
export type Arm = "rotating" | "static" | "control";
export const modeOf = (arm: Arm): Mode => (arm === "rotating" ? "rotating" : "static");

/** The arms in the order of round `round`: alternating, so that neither always goes first. */
export function armsOf(round: number, control: boolean): Arm[] {
  const arms: Arm[] = control ? ["rotating", "static", "control"] : ["rotating", "static"];
  return round % 2 === 0 ? arms : arms.reverse();
}

/**
 * Rotating tokens live 4 s; the refresh comes 2.5-2.8 s before expiry (docs/client.md, "Tuning":
 * margin, jitter and spread scaled down with the lifetime), so a new token every ~1.3 s while a
 * re-AUTH still has 2.5 s to get through on a loaded machine.
 */
export const LIFETIME_MS = 4000;
export const TIMING = { refreshMarginMs: 2500, refreshJitterMs: 300, reauthSpreadMs: 250 };
/** Lifetime of the static password (a token that outlives any run). */
const STATIC_LIFETIME_MS = 24 * 60 * 60 * 1000;
/** The policy an application identity usually gets (it may not run INFO). */
export const POLICY = "Data Contributor";

export async function startBenchGateway(): Promise<Gateway> {
  return startLocalEntraRedis({ tokenLifetimeMs: LIFETIME_MS });
}

/** One application identity on the gateway, and what the gateway saw of it. */
export interface Identity {
  mode: Mode;
  objectId: string;
  /** Rotating mode: the token manager. */
  auth?: EntraAuth;
  /** Static mode: the password (a long-lived token). Never printed. */
  password?: string;
  /** Token rotations so far (0 in static mode). */
  readonly rotations: number;
  /** Connections the gateway closed because their token expired. */
  readonly expiryCloses: number;
  /** AUTH / HELLO the gateway refused. */
  readonly refusedAuths: number;
  close(): void;
}

/** A fresh identity (its own object id, Data Contributor) in the given mode. */
export async function identity(gw: Gateway, mode: Mode): Promise<Identity> {
  const objectId = randomUUID();
  await gw.assign(objectId, POLICY);
  let rotations = 0;
  let expiryCloses = 0;
  let refusedAuths = 0;
  const onExpired = (e: ConnectionEvent) => {
    if (e.objectId === objectId) expiryCloses += 1;
  };
  const onAuth = (e: AuthEvent) => {
    if (!e.accepted && e.username === objectId) refusedAuths += 1;
  };
  gw.on("expired", onExpired);
  gw.on("auth", onAuth);
  let auth: EntraAuth | undefined;
  let password: string | undefined;
  if (mode === "rotating") {
    auth = createEntraAuth({
      credential: gw.credential(objectId, { lifetimeMs: LIFETIME_MS }),
      ...TIMING,
      acquireTimeoutMs: 2000,
      logger: { warn: () => undefined },
    });
    auth.on("token", (e) => {
      if (e.rotation) rotations += 1;
    });
  } else {
    const credential = gw.credential(objectId, { lifetimeMs: STATIC_LIFETIME_MS });
    password = (await credential.getToken(REDIS_TOKEN_SCOPE))!.token;
  }
  return {
    mode,
    objectId,
    auth,
    password,
    get rotations() {
      return rotations;
    },
    get expiryCloses() {
      return expiryCloses;
    },
    get refusedAuths() {
      return refusedAuths;
    },
    close() {
      auth?.close();
      gw.off("expired", onExpired);
      gw.off("auth", onAuth);
    },
  };
}

/**
 * An ioredis client on the gateway: `connectIoredis` (rotating), or a plain `new Redis` with the
 * object id and the static password (its ready check off too, as the helper's is: the identity may
 * not run INFO). Both over TLS with certificate checks, RESP3 (ioredis 6's default). Connection
 * errors go to `onError` (to be counted, never printed: a plain client's errors carry the password).
 */
export async function ioredisFor(
  gw: Gateway,
  id: Identity,
  onError: (err: unknown) => void,
  options: { maxRetriesPerRequest?: number | null } = {},
): Promise<Redis> {
  if (id.auth) {
    const redis = await connectIoredis(id.auth, {
      host: gw.host,
      port: gw.port,
      tls: { ca: gw.ca },
      ...options,
    });
    redis.on("error", onError);
    return redis;
  }
  const redis = new Redis({
    host: gw.host,
    port: gw.port,
    tls: { ca: gw.ca },
    username: id.objectId,
    password: id.password,
    enableReadyCheck: false,
    lazyConnect: true,
    ...options,
  });
  redis.on("error", onError);
  await redis.connect();
  return redis;
}

export type NodeRedisClient = Awaited<ReturnType<typeof connectNodeRedis>>;

/** A node-redis client on the gateway: `connectNodeRedis` (rotating) or `createClient` with the password; TLS, RESP3. */
export async function nodeRedisFor(
  gw: Gateway,
  id: Identity,
  onError: (err: unknown) => void,
): Promise<NodeRedisClient> {
  if (id.auth) {
    const client = await connectNodeRedis(id.auth, { socket: { host: gw.host, port: gw.port, ca: gw.ca } });
    client.on("error", onError);
    return client;
  }
  const client = createClient({
    socket: { host: gw.host, port: gw.port, tls: true, ca: gw.ca },
    username: id.objectId,
    password: id.password,
    RESP: 3,
  });
  client.on("error", onError);
  await client.connect();
  return client as unknown as NodeRedisClient;
}

/** Runs `fn`, waiting at most `ms` (for closes that may hang on a broken connection). */
export async function bounded(fn: () => unknown, ms = 3000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.resolve()
      .then(fn)
      .catch(() => undefined),
    new Promise((r) => (timer = setTimeout(r, ms))),
  ]);
  clearTimeout(timer);
}

/** Unhandled rejections seen so far (a library's floating promise, e.g. a SUBSCRIBE refused). */
export const unhandled = { count: 0 };

/**
 * Counts unhandled rejections instead of crashing, and prints every error only through
 * `safeMessage`: errors of a plain client carry its password (the token) in their command args,
 * which Node would print in full.
 */
export function guardProcess(): void {
  process.on("unhandledRejection", (err) => {
    unhandled.count += 1;
    if (unhandled.count <= 3) console.log(`unhandled rejection: ${safeMessage(err)}`);
    process.exitCode = 1;
  });
  process.on("uncaughtException", (err) => {
    console.log(`uncaught exception: ${safeMessage(err)}`);
    process.exit(1);
  });
}

/** The promise's value, or "timeout" if it takes longer than `ms`. */
export async function within<T>(promise: Promise<T>, ms: number): Promise<T | "timeout"> {
  let timer: NodeJS.Timeout | undefined;
  const result = await Promise.race([
    promise,
    new Promise<"timeout">((r) => (timer = setTimeout(() => r("timeout"), ms))),
  ]);
  clearTimeout(timer);
  return result;
}

/** Closes an ioredis client: QUIT (bounded), then disconnect (no reconnect loop left behind). */
export async function closeIoredis(redis: Redis): Promise<void> {
  await bounded(() => redis.quit(), 2000);
  redis.disconnect();
}

/** Closes a node-redis client: close() (bounded), then destroy() if still open. */
export async function closeNodeRedis(client: {
  close(): Promise<unknown>;
  destroy(): void;
  isOpen: boolean;
}) {
  await bounded(() => client.close(), 2000);
  if (client.isOpen) client.destroy();
}

/** Samples the 1-minute load average every 5 s (and on demand) until stopped. */
export function loadSampler(): { sample(): void; stop(): string } {
  const samples = [loadavg()[0]];
  const timer = setInterval(() => samples.push(loadavg()[0]), 5000);
  timer.unref();
  return {
    sample: () => void samples.push(loadavg()[0]),
    stop() {
      clearInterval(timer);
      samples.push(loadavg()[0]);
      return `load average (1 min) during the run: ${Math.min(...samples).toFixed(1)}-${Math.max(...samples).toFixed(1)} on ${cpus().length} CPUs`;
    },
  };
}

/** Prints rows as an aligned table: the first `left` columns left-aligned, the rest right-aligned. */
export function printTable(rows: string[][], left = 2): void {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  for (const r of rows)
    console.log(r.map((c, i) => (i < left ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  "));
}

/** The command line after the script, without `--flags`. */
const positionals = process.argv.slice(2).filter((a) => !a.startsWith("--"));

/** True when `--name` is on the command line. */
export function flag(name: string): boolean {
  return process.argv.slice(2).includes(`--${name}`);
}

/** Positive number at `index` of the positional arguments (after the script), or the default. */
export function positional(index: number, fallback: number, name: string): number {
  const raw = positionals[index];
  const v = raw === undefined ? fallback : Number(raw);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} must be a positive number, got ${raw}`);
  return v;
}

/**
 * The variants to run: all, or those named in the comma-separated CLI argument at `index`
 * (e.g. "ioredis,node-redis sharded"); an unknown name is an error.
 */
export function selectVariants<T>(all: Record<string, T>, index: number): [string, T][] {
  const raw = positionals[index];
  if (raw === undefined) return Object.entries(all);
  const names = raw.split(",").map((n) => n.trim());
  for (const n of names)
    if (!(n in all)) throw new Error(`unknown variant "${n}": one of ${Object.keys(all).join(", ")}`);
  return Object.entries(all).filter(([n]) => names.includes(n));
}

/** What both library benchmarks measure per scenario: a rate and the latency percentiles. */
export interface ArmSample {
  p50: number;
  p99: number;
}

/**
 * Prints the results table of a library benchmark: per variant one row per arm (the rate, p50 and
 * p99 as median (min-max) over the rounds, then each total summed over the rounds), then the
 * per-round ratios rotating/static (and control/static with `--control`).
 */
export function printArmsTable<S extends ArmSample>(options: {
  /** Header of the first column ("client", "adapter"). */
  first: string;
  /** The rate column: its header and field. */
  rate: { header: string; key: keyof S };
  /** The summed columns: header and field. */
  totals: { header: string; key: keyof S }[];
  variants: string[];
  control: boolean;
  /** `${variant}|${arm}` -> one sample per round. */
  results: Map<string, S[]>;
}): void {
  const { first, rate, totals, variants, control, results } = options;
  const num = (s: S, k: keyof S): number => s[k] as unknown as number;
  const rows: string[][] = [[first, "auth", rate.header, "p50 ms", "p99 ms", ...totals.map((t) => t.header)]];
  for (const variant of variants) {
    const of = (arm: Arm): S[] => results.get(`${variant}|${arm}`) ?? [];
    for (const arm of armsOf(0, control)) {
      const list = of(arm);
      rows.push([
        variant,
        arm,
        spread(
          list.map((s) => num(s, rate.key)),
          0,
        ),
        spread(
          list.map((s) => s.p50),
          2,
        ),
        spread(
          list.map((s) => s.p99),
          2,
        ),
        ...totals.map((t) => String(list.reduce((sum, s) => sum + num(s, t.key), 0))),
      ]);
    }
    const ratio = (arm: Arm, k: keyof S) =>
      spread(
        of(arm).map((s, i) => num(s, k) / num(of("static")[i], k)),
        2,
      );
    for (const arm of control ? (["rotating", "control"] as const) : (["rotating"] as const))
      rows.push([
        variant,
        arm === "rotating" ? "rot/static" : "control/static",
        ratio(arm, rate.key),
        ratio(arm, "p50"),
        ratio(arm, "p99"),
        ...totals.map(() => ""),
      ]);
  }
  printTable(rows);
}

/**
 * Ends a library benchmark: exit code 1 (and `failure` printed) when `bad`; and, since everything was
 * closed, exits anyway after 3 s if a handle still keeps the process alive (a client stuck
 * reconnecting after a failure).
 */
export function finishRun(bad: boolean, failure: string): void {
  if (bad) {
    console.log(`FAILED: ${failure}`);
    process.exitCode = 1;
  }
  setTimeout(() => {
    console.log("handles were left open after the run: exiting anyway");
    process.exit();
  }, 3000).unref();
}

/**
 * Runs a library benchmark's rounds on one gateway: per round, per variant, every arm (the order
 * alternating, see armsOf), one scenario each, printing `describe` of each sample. Returns the samples
 * (`${variant}|${arm}` -> one per round) and the load line; exits 1 when the run stopped on an error
 * (printed without the error itself: a plain client's errors carry the password in their arguments).
 */
export async function runRounds<V, S>(options: {
  variants: [string, V][];
  rounds: number;
  control: boolean;
  scenario: (gw: Gateway, variant: V, mode: Mode) => Promise<S>;
  describe: (sample: S) => string;
}): Promise<{ results: Map<string, S[]>; load: string }> {
  const { variants, rounds, control, scenario, describe } = options;
  guardProcess();
  const load = loadSampler();
  const gw = await startBenchGateway();
  const results = new Map<string, S[]>();
  try {
    for (let round = 0; round < rounds; round++)
      for (const [name, variant] of variants)
        for (const arm of armsOf(round, control)) {
          const key = `${name}|${arm}`;
          const sample = await scenario(gw, variant, modeOf(arm));
          results.set(key, [...(results.get(key) ?? []), sample]);
          console.log(`round ${round + 1}/${rounds} ${name} ${arm}: ${describe(sample)}`);
          load.sample();
        }
  } catch (err) {
    console.log(`the run stopped: ${safeMessage(err)}`);
    process.exitCode = 1;
    await gw.stop();
    process.exit();
  }
  await gw.stop();
  return { results, load: load.stop() };
}
