/**
 * Shared pieces of the fault matrix (`test/client/faults/*.test.ts`), one place per concept:
 *
 * - `faultMatrix(kind, body)`: one suite per client kind, with its own gateway (cluster or not) and a
 *   capture of every event, checked for tokens at the end;
 * - the client kinds (`IOREDIS`, `IOREDIS_CLUSTER`, `NODE_REDIS`, `NODE_REDIS_CLUSTER`): how to connect
 *   one against the gateway (closed after the test) and run a round trip on every node;
 * - `ctx.setup(t)`: per test, the cleanups, a token manager with the scaled-down timing on a gateway
 *   credential (or a given one), and a connected client;
 * - the rows that read the same for every kind (`rows.*`), and the checks every row makes: every
 *   command settles (`settleWithin`), the errors the app sees (`isExpiredError`), recovery without a
 *   restart (`recovers`);
 * - pub/sub: an identity limited to `ok:*` channels (`LIMITED_ID`) and `flows()`.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import type { Cluster, Redis } from "ioredis";
import {
  connectIoredis,
  connectIoredisCluster,
  connectNodeRedis,
  connectNodeRedisCluster,
  createEntraAuth,
  EntraTokenExpiredError,
  type EntraAuth,
  type EntraAuthOptions,
  type EntraTokenCredential,
} from "../../../src/client/index.ts";
import {
  Capture,
  LIFETIME_MS,
  OBJECT_ID,
  TIMING,
  closeWithin,
  nextEvent,
  startGateway,
  waitFor,
  type ClientKit,
  type Gateway,
  type GatewayCredential,
} from "../integration.ts";

import { eventWithin, sleep } from "../../support/time.ts";
import { cleanupsFor, type Cleanup } from "../../support/cleanup.ts";
import { gatewayStatsFrom } from "../../support/gateway-stats.ts";

export { cleanupsFor, eventWithin, gatewayStatsFrom, sleep, type Cleanup };

/** A token manager on `credential` with the scaled-down timing; events captured. */
export function authOn(
  credential: EntraTokenCredential,
  capture: Capture,
  options: Partial<EntraAuthOptions> = {},
): EntraAuth {
  const auth = createEntraAuth({
    credential,
    ...TIMING,
    logger: { warn: (m) => capture.lines.push(m) },
    ...options,
  });
  capture.watch(auth);
  return auth;
}

/**
 * A credential whose first token the gateway refuses (signed with a foreign key), then good ones:
 * the first AUTH is refused and the forced-refresh retry succeeds.
 */
export function firstRefusedCredential(gw: Gateway): EntraTokenCredential & { calls: number } {
  const bad = gw.credential(OBJECT_ID, { signWithForeignKey: true });
  const good = gw.credential(OBJECT_ID);
  const credential = {
    calls: 0,
    getToken(scopes: string | string[], options?: { abortSignal?: AbortSignal }) {
      credential.calls += 1;
      return (credential.calls === 1 ? bad : good).getToken(scopes, options);
    },
  };
  return credential;
}

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown } | { hung: true };

/** Settles `p` within `ms` or reports it as hanging (a command lost silently). */
export async function settleWithin<T>(p: Promise<T>, ms: number): Promise<Settled<T>> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<{ hung: true }>((r) => (timer = setTimeout(() => r({ hung: true }), ms)));
  try {
    return await Promise.race([
      p.then(
        (value) => ({ ok: true as const, value }),
        (error: unknown) => ({ ok: false as const, error }),
      ),
      hung,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Asserts that none of `results` hung: no command was lost silently. */
export function assertAllSettled(results: Settled<unknown>[], what = "no command was lost silently"): void {
  const hung = results.filter((r) => "hung" in r).length;
  assert.equal(hung, 0, `${what} (${hung} of ${results.length} hung)`);
}

/** The errors among settled results. */
export function errorsOf(results: Settled<unknown>[]): unknown[] {
  return results.flatMap((r) => ("ok" in r && !r.ok ? [r.error] : []));
}

/** True when the error is, or was caused by, an EntraTokenExpiredError. */
export function isExpiredError(err: unknown): boolean {
  for (let e: unknown = err, i = 0; e && i < 5; e = (e as { cause?: unknown }).cause, i++) {
    if (e instanceof EntraTokenExpiredError) return true;
  }
  return false;
}

/** Asserts that every error is an EntraTokenExpiredError (or has one as cause) with a message. */
export function assertExpiredErrors(errors: unknown[]): void {
  for (const e of errors) {
    assert.ok(isExpiredError(e), `expected EntraTokenExpiredError (or as cause), got ${String(e)}`);
    assert.ok(String((e as Error).message).length > 0, "never an empty message");
  }
}

/** Retries `fn` until it succeeds (recovery without a restart), failing after `timeoutMs`. */
export async function recovers(what: string, fn: () => Promise<unknown>, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < end) {
    const r = await settleWithin(fn(), 3000);
    if ("ok" in r && r.ok) return;
    last = "hung" in r ? "hung" : r.error;
    await sleep(100);
  }
  assert.fail(`${what} did not recover within ${timeoutMs} ms (last: ${String(last)})`);
}

/** Count of an EntraAuth event (with an optional payload filter) seen by a Capture since `from`. */
export function eventsOf(capture: Capture, name: string, from = 0): unknown[] {
  return capture.things
    .slice(from)
    .filter((e) => (e as { event?: string }).event === name)
    .map((e) => (e as { args: unknown[] }).args[0]);
}

/** Counts token refreshes from now on. */
export function refreshCounter(auth: EntraAuth): { readonly count: number } {
  const c = { count: 0 };
  auth.on("token", () => (c.count += 1));
  return c;
}

/** Waits for `n` more token refreshes, then for the re-AUTH spread to pass. */
export async function rotations(auth: EntraAuth, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await nextEvent(auth, "token");
  await sleep((TIMING.reauthSpreadMs ?? 250) + 350);
}

// ---------------------------------------------------------------------------------------------
// Client kinds

/** node-redis client and cluster as `connectNodeRedis` / `connectNodeRedisCluster` return them. */
export type NodeRedisClient = Awaited<ReturnType<typeof connectNodeRedis>>;
export type NodeRedisCluster = Awaited<ReturnType<typeof connectNodeRedisCluster>>;

/** How the fault matrix uses one client kind. */
export interface ClientKind<C> {
  /** Column name in docs/client.md's matrix. */
  name: string;
  /** Gateway shape (cluster or not). */
  gateway: ClientKit["gateway"];
  /** Connects with the test's options (`extra` is merged into the kind's own); closed after the test. */
  connect(gw: Gateway, auth: EntraAuth, cleanup: Cleanup, extra?: Record<string, unknown>): Promise<C>;
  set(client: C, key: string, value: string): Promise<unknown>;
  get(client: C, key: string): Promise<unknown>;
  /** Key prefixes that land on every node once (hash tags for clusters). */
  tags: string[];
}

const SINGLE = { gateway: {}, tags: [""] };
// Hash tags {b}, {c}, {a} land on the first, second and third of 3 equal shards: every node is used.
const CLUSTER = { gateway: { cluster: { shards: 3 } }, tags: ["{b}", "{c}", "{a}"] };

function destroyQuietly(c: { destroy(): void }): void {
  try {
    c.destroy();
  } catch {
    // already closed
  }
}

export const IOREDIS: ClientKind<Redis> = {
  name: "ioredis",
  ...SINGLE,
  async connect(gw, auth, cleanup, extra = {}) {
    const redis = await connectIoredis(auth, { host: gw.host, port: gw.port, tls: { ca: gw.ca }, ...extra });
    redis.on("error", () => undefined);
    cleanup(async () => {
      await closeWithin(() => redis.quit());
      redis.disconnect();
    });
    return redis;
  },
  set: (c, key, value) => c.set(key, value),
  get: (c, key) => c.get(key),
};

export const IOREDIS_CLUSTER: ClientKind<Cluster> = {
  name: "ioredis Cluster",
  ...CLUSTER,
  async connect(gw, auth, cleanup, extra = {}) {
    const { redisOptions, ...rest } = extra as { redisOptions?: Record<string, unknown> };
    const cluster = await connectIoredisCluster(auth, [{ host: gw.host, port: gw.port }], {
      redisOptions: { tls: { ca: gw.ca }, ...redisOptions },
      slotsRefreshTimeout: 5000,
      ...rest,
    });
    cluster.on("error", () => undefined);
    cluster.on("node error", () => undefined);
    cleanup(async () => {
      await closeWithin(() => cluster.quit());
      cluster.disconnect();
    });
    await Promise.all(cluster.nodes("master").map((n) => n.ping()));
    return cluster;
  },
  set: (c, key, value) => c.set(key, value),
  get: (c, key) => c.get(key),
};

export const NODE_REDIS: ClientKind<NodeRedisClient> = {
  name: "node-redis",
  ...SINGLE,
  async connect(gw, auth, cleanup, extra = {}) {
    const { socket, ...rest } = extra as { socket?: Record<string, unknown> };
    const client = await connectNodeRedis(auth, {
      socket: { host: gw.host, port: gw.port, tls: true, ca: gw.ca, reconnectStrategy: () => 100, ...socket },
      ...rest,
    });
    client.on("error", () => undefined);
    cleanup(async () => {
      await closeWithin(() => client.close());
      destroyQuietly(client);
    });
    return client;
  },
  set: (c, key, value) => c.set(key, value),
  get: (c, key) => c.get(key),
};

export const NODE_REDIS_CLUSTER: ClientKind<NodeRedisCluster> = {
  name: "node-redis cluster",
  ...CLUSTER,
  async connect(gw, auth, cleanup, extra = {}) {
    const { socket, ...rest } = extra as { socket?: Record<string, unknown> };
    const cluster = await connectNodeRedisCluster(auth, {
      rootNodes: [{ socket: { host: gw.host, port: gw.port } }],
      defaults: { socket: { tls: true, ca: gw.ca, reconnectStrategy: () => 100, ...socket } },
      ...rest,
    });
    cluster.on("error", () => undefined);
    cleanup(async () => {
      await closeWithin(() => cluster.close());
      destroyQuietly(cluster);
    });
    // Every master's connection exists before the test counts or breaks them.
    await Promise.all(cluster.masters.map(async (m) => (await cluster.nodeClient(m)).ping()));
    return cluster;
  },
  set: (c, key, value) => c.set(key, value),
  get: (c, key) => c.get(key),
};

/** SET + GET of a fresh key on every node of the client. */
export async function roundTrip<C>(kind: ClientKind<C>, client: C): Promise<void> {
  for (const tag of kind.tags) {
    const key = `${tag}k:${randomUUID()}`;
    await kind.set(client, key, "v");
    assert.equal(await kind.get(client, key), "v");
  }
}

// ---------------------------------------------------------------------------------------------
// One suite per client kind

/** What one test of the matrix gets from {@link FaultContext.setup}. */
export interface FaultTest<C> {
  cleanup: Cleanup;
  auth: EntraAuth;
  /** The gateway credential the token manager uses (fault injection), unless one was given. */
  credential: GatewayCredential;
  client: C;
  /** A round trip on every node of `client`. */
  roundTrip(): Promise<void>;
}

export interface FaultContext<C> {
  readonly kind: ClientKind<C>;
  readonly gw: Gateway;
  readonly capture: Capture;
  /**
   * Per test: cleanups, a token manager (closed after the test) on `credential` (default a fresh
   * gateway credential for the test identity), and a client of this kind connected with `client` options.
   */
  setup(
    t: { after(fn: () => Promise<void>): void },
    options?: {
      credential?: EntraTokenCredential;
      authOptions?: Partial<EntraAuthOptions>;
      client?: Record<string, unknown>;
    },
  ): Promise<FaultTest<C>>;
  /** Another client of this kind on the same token manager. */
  connect(auth: EntraAuth, cleanup: Cleanup, extra?: Record<string, unknown>): Promise<C>;
  roundTrip(client: C): Promise<void>;
}

/**
 * Declares the fault-matrix suite of one client kind: a gateway of its shape for the file (with the
 * limited pub/sub identity assigned), every event captured and checked for tokens at the end.
 */
export function faultMatrix<C>(
  kind: ClientKind<C>,
  body: (ctx: FaultContext<C>) => void,
  options: { timeout?: number; title?: string } = {},
): void {
  describe(`fault matrix: ${options.title ?? kind.name}`, { timeout: options.timeout ?? 240_000 }, () => {
    let gw: Gateway | undefined;
    const capture = new Capture();
    before(async () => {
      gw = await startGateway({
        name: kind.name,
        gateway: kind.gateway,
        connectionsPerClient: 1,
      } as ClientKit);
      await gw.assign(LIMITED_ID, LIMITED_POLICY);
    });
    after(async () => {
      await gw?.stop();
    });
    const ctx: FaultContext<C> = {
      kind,
      get gw() {
        assert.ok(gw, "the gateway is started");
        return gw;
      },
      capture,
      async setup(t, setupOptions = {}) {
        const cleanup = cleanupsFor(t);
        const credential = ctx.gw.credential(OBJECT_ID);
        const auth = authOn(setupOptions.credential ?? credential, capture, setupOptions.authOptions);
        cleanup(() => auth.close());
        const client = await kind.connect(ctx.gw, auth, cleanup, setupOptions.client);
        return { cleanup, auth, credential, client, roundTrip: () => roundTrip(kind, client) };
      },
      connect: (auth, cleanup, extra) => kind.connect(ctx.gw, auth, cleanup, extra),
      roundTrip: (client) => roundTrip(kind, client),
    };
    body(ctx);
    after(() => capture.assertNoToken());
  });
}

// ---------------------------------------------------------------------------------------------
// Rows that read the same for every client kind

/** Commands issued `spacingMs` apart, each on a node in turn, each settled within `ms`. */
async function commandsDuring<C>(
  ctx: FaultContext<C>,
  client: C,
  count: number,
  spacingMs: number,
  ms: number,
): Promise<Settled<unknown>[]> {
  return Promise.all(
    [...Array(count).keys()].map(async (i) => {
      await sleep(i * spacingMs);
      const tag = ctx.kind.tags[i % ctx.kind.tags.length];
      return settleWithin(ctx.kind.set(client, `${tag}during:${i}`, String(i)), ms);
    }),
  );
}

/** A publisher and a subscriber on one token manager (node-redis client or cluster). */
export type PubSubFactory = (
  auth: EntraAuth,
  cleanup: Cleanup,
) => Promise<{
  sub: { subscribe(channels: string | string[], listener: (message: string) => void): Promise<unknown> };
  received: Set<string>;
  listener: (message: string) => void;
  publish: (channel: string, message: string) => Promise<unknown>;
}>;

export const rows = {
  /**
   * The first token is refused (bad signature) and the forced-refresh retry accepted (AUTH answers
   * held so the refused token is older than the forced-refresh throttle, 10% of its life): connected,
   * and a later network drop reconnects (fault 1).
   */
  firstAuthRefused<C>(
    ctx: FaultContext<C>,
    options: { node?: number; check?: (client: C) => void } = {},
  ): void {
    test("first AUTH refused, forced-refresh retry accepted: connected, and a later network drop reconnects (fault 1)", async (t) => {
      const credential = firstRefusedCredential(ctx.gw);
      ctx.gw.setAuthDelay(400);
      const connected = ctx.setup(t, { credential });
      const r = await settleWithin(connected, 20_000).finally(() => ctx.gw.setAuthDelay(0));
      assert.ok(!("hung" in r), "connecting settled");
      assert.ok("ok" in r && r.ok, `connected: ${"error" in r ? String(r.error) : ""}`);
      const { client, roundTrip } = r.value;
      assert.ok(credential.calls >= 2, "the first token was refused and replaced");
      await roundTrip();
      await ctx.gw.restartFrontEnd({
        downForMs: 300,
        ...(options.node === undefined ? {} : { node: options.node }),
      });
      await recovers("commands after the network drop", roundTrip, 20_000);
      options.check?.(client);
    });
  },

  /** The credential answers 300 ms late and hands back its cached token until 1.5 s before expiry. */
  credentialSlowStale<C>(ctx: FaultContext<C>): void {
    test("credential slow (300 ms) and returning cached (stale) tokens: no command fails, none closed for expiry", async (t) => {
      const credential = ctx.gw.credential(OBJECT_ID, { cacheWhileRemainingMs: 1500 });
      const { auth, roundTrip } = await ctx.setup(t, { credential });
      const stats = gatewayStatsFrom(ctx.gw);
      credential.setBehaviour({ mode: "slow", delayMs: 300 });
      const failures: unknown[] = [];
      let refreshed = 0;
      auth.on("token", () => (refreshed += 1));
      while (refreshed < 3) {
        try {
          await roundTrip();
        } catch (err) {
          failures.push(err);
        }
      }
      assert.deepEqual(failures.map(String), []);
      assert.equal(stats().closedForExpiry, 0);
    });
  },

  /** Front end down 1.5 s and back on the same port: every command settles, then succeeds. */
  frontEndDown<C>(ctx: FaultContext<C>, options: { node?: number } = {}): void {
    const where = options.node === undefined ? "" : " (one node)";
    test(`gateway front end down and back on the same port${where}: every command settles, then succeeds`, async (t) => {
      const { auth, client, roundTrip } = await ctx.setup(t);
      await roundTrip();
      const down = ctx.gw.restartFrontEnd({ downForMs: 1500, ...options });
      const during = await commandsDuring(ctx, client, 20, 50, 25_000);
      await down;
      assertAllSettled(during);
      t.diagnostic(`${errorsOf(during).length} of ${during.length} failed: ${summary(errorsOf(during))}`);
      await recovers("commands after the front end came back", roundTrip, 20_000);
      await rotations(auth, 1);
      await roundTrip();
    });
  },

  /** Every AUTH answered 500 ms late across three rotations: no command fails, none closed for expiry. */
  authSlowed<C>(ctx: FaultContext<C>): void {
    test("AUTH replies slowed (500 ms): no command fails across rotations, no connection closed for expiry", async (t) => {
      const { cleanup, auth, roundTrip } = await ctx.setup(t);
      const stats = gatewayStatsFrom(ctx.gw);
      ctx.gw.setAuthDelay(500);
      cleanup(() => ctx.gw.setAuthDelay(0));
      const failures: unknown[] = [];
      let ok = 0;
      let refreshed = 0;
      auth.on("token", () => (refreshed += 1));
      while (refreshed < 3) {
        try {
          await roundTrip();
          ok += 1;
        } catch (err) {
          failures.push(err);
        }
      }
      await sleep((TIMING.reauthSpreadMs ?? 250) + 600); // the last re-AUTHs, answered late, land
      ctx.gw.setAuthDelay(0);
      assert.deepEqual(failures.map(String), []);
      assert.ok(ok > 3, `round trips went on (${ok})`);
      assert.equal(stats().closedForExpiry, 0, "no connection closed for expiry");
      assert.equal(stats().authRefused, 0, "no AUTH refused");
      assert.ok(stats().authAccepted >= 3 * ctx.kind.tags.length, "every connection re-AUTHed");
    });
  },

  /**
   * The backend frozen across a token's expiry (the gateway closes the connections for expiry): every
   * command settles, `check` asserts what each kind does with the unanswered ones, then it succeeds.
   */
  backendPaused<C>(
    ctx: FaultContext<C>,
    outcome: string,
    check: (results: Settled<unknown>[], t: { diagnostic(m: string): void }) => void,
  ): void {
    test(`backend paused past expiry: every command settles (${outcome}), then succeeds`, async (t) => {
      const { cleanup, client, roundTrip } = await ctx.setup(t);
      await roundTrip();
      const stats = gatewayStatsFrom(ctx.gw);
      ctx.gw.pauseBackend();
      cleanup(() => ctx.gw.resumeBackend());
      const pending = commandsDuring(ctx, client, 6, 0, 30_000);
      await sleep(LIFETIME_MS + 1000);
      ctx.gw.resumeBackend();
      const results = await pending;
      assertAllSettled(results);
      assert.ok(stats().closedForExpiry > 0, "the gateway closed connections for expiry meanwhile");
      t.diagnostic(
        `${results.length - errorsOf(results).length} succeeded, ${errorsOf(results).length} failed: ${summary(errorsOf(results))}`,
      );
      check(results, t);
      await recovers("commands after the backend resumed", roundTrip, 20_000);
    });
  },

  /**
   * The front end down across two token lives while refreshes go on: re-AUTHs fall due while
   * disconnected. None is sent with an expired token (none refused, none explained as a missing
   * assignment); commands recover and the connections re-AUTH afterwards (fault 5).
   */
  outagePastExpiry<C>(ctx: FaultContext<C>): void {
    test("outage past expiry: no AUTH with an expired token is sent, nor explained as a missing assignment (fault 5)", async (t) => {
      const { auth, roundTrip } = await ctx.setup(t);
      await roundTrip();
      const from = ctx.capture.things.length;
      const stats = gatewayStatsFrom(ctx.gw);
      await ctx.gw.restartFrontEnd({ downForMs: LIFETIME_MS * 2 });
      await recovers("commands after the outage", roundTrip, 20_000);
      await rotations(auth, 2);
      await roundTrip();
      const failures = eventsOf(ctx.capture, "reauthFailed", from) as { message: string }[];
      for (const f of failures) {
        assert.doesNotMatch(f.message, /no data access policy assignment/, "explained from the token sent");
      }
      assert.deepEqual(
        failures.map((f) => f.message),
        [],
        "no re-AUTH was refused: none went out with an expired token",
      );
      assert.equal(stats().authRefused, 0, "the gateway refused no AUTH");
      assert.equal(stats().closedForExpiry, 0, "no connection closed for expiry after reconnecting");
    });
  },

  /**
   * Commands in flight (the backend frozen) when the gateway closes the connection for expiry while
   * the credential keeps failing: they fail with EntraTokenExpiredError within seconds instead of
   * being held (ioredis keeps them to resend after a reconnect that can't happen until the credential
   * recovers), then the client recovers.
   */
  inFlightAtExpiry<C>(ctx: FaultContext<C>): void {
    test("commands in flight when the connection is closed for expiry, credential failing: EntraTokenExpiredError, not held until it recovers", async (t) => {
      const { cleanup, credential, auth, client, roundTrip } = await ctx.setup(t);
      await roundTrip();
      const stats = gatewayStatsFrom(ctx.gw);
      credential.setBehaviour({ mode: "fail" });
      ctx.gw.pauseBackend();
      cleanup(() => ctx.gw.resumeBackend());
      // Settled from the start (node-redis rejects them at the close, before `expired` is awaited).
      const pending = [...Array(4).keys()].map((i) =>
        settleWithin(ctx.kind.get(client, `${ctx.kind.tags[i % ctx.kind.tags.length]}k`), 12_000),
      );
      await nextEvent(auth, "expired", 10_000);
      await waitFor("the gateway closing a connection for expiry", () => stats().closedForExpiry > 0, 3000);
      // Every connection carries the same token, so the gateway closes them all within milliseconds:
      // resume only once the other nodes' connections are closed too (their commands would be answered).
      await sleep(500);
      ctx.gw.resumeBackend();
      const results = await Promise.all(pending);
      assertAllSettled(results, "no command is held until the credential recovers");
      const errors = errorsOf(results);
      t.diagnostic(`${errors.length} of ${results.length} failed: ${summary(errors)}`);
      assert.equal(errors.length, results.length, "every command in flight at expiry fails");
      assertExpiredErrors(errors);
      credential.setBehaviour({ mode: "ok" });
      await recovers("commands after the credential recovered", roundTrip, 20_000);
    });
  },

  /**
   * A node-redis subscriber (`label`: how `pubSub` makes it) through a connection drop, a refresh
   * while the front end is down, and a channel refused with NOPERM: messages flow again, lossless
   * across rotations, no stale or refused re-AUTH, nothing closed for expiry.
   */
  subscriber<C>(ctx: FaultContext<C>, label: string, pubSub: PubSubFactory): void {
    test(`subscriber (${label}): its connection drops (front end down 1.5 s): node-redis reconnects and resubscribes; lossless across rotations after`, async (t) => {
      const cleanup = cleanupsFor(t);
      const auth = authOn(ctx.gw.credential(OBJECT_ID), ctx.capture);
      cleanup(() => auth.close());
      const { sub, received, listener, publish } = await pubSub(auth, cleanup);
      await sub.subscribe("news", listener);
      await flows(publish, "news", received, "messages before");
      await ctx.gw.restartFrontEnd({ downForMs: 1500 });
      await flows(publish, "news", received, "messages after the loss", 20_000);
      const stats = gatewayStatsFrom(ctx.gw);
      const refreshes = refreshCounter(auth);
      await lossless(publish, ["news"], received, () => refreshes.count >= 2);
      await sleep(600);
      assert.equal(stats().closedForExpiry, 0, "the subscriber re-AUTHs in place after reconnecting");
    });

    test(`subscriber (${label}): refresh while the front end is down: no stale re-AUTH; messages flow again and it keeps re-AUTHing`, async (t) => {
      const cleanup = cleanupsFor(t);
      const auth = authOn(ctx.gw.credential(OBJECT_ID), ctx.capture);
      cleanup(() => auth.close());
      const { sub, received, listener, publish } = await pubSub(auth, cleanup);
      await sub.subscribe("news2", listener);
      await flows(publish, "news2", received, "messages before");
      const from = ctx.capture.things.length;
      await ctx.gw.restartFrontEnd({ downForMs: 3000 });
      await flows(publish, "news2", received, "messages after the outage", 20_000);
      const stats = gatewayStatsFrom(ctx.gw);
      const refreshes = refreshCounter(auth);
      await lossless(publish, ["news2"], received, () => refreshes.count >= 2);
      await sleep(600);
      assert.equal(stats().closedForExpiry, 0);
      assert.deepEqual(eventsOf(ctx.capture, "reauthFailed", from), [], "no re-AUTH refused");
    });

    test(`subscriber (${label}): a channel refused with NOPERM rejects and is not kept; the others flow, lossless across rotations and a reconnect`, async (t) => {
      const cleanup = cleanupsFor(t);
      const auth = authOn(ctx.gw.credential(LIMITED_ID), ctx.capture);
      cleanup(() => auth.close());
      const { sub, received, listener, publish } = await pubSub(auth, cleanup);
      await sub.subscribe("ok:a", listener);
      const error = await sub.subscribe(["secret", "ok:b"], listener).then(
        () => undefined,
        (e: unknown) => e,
      );
      t.diagnostic(`subscribe(["secret", "ok:b"]): ${String(error)}`);
      assert.ok(error instanceof Error, "subscribing to a refused channel rejects");
      assert.match(error.message, /NOPERM|secret/, "the error says why");
      await sub.subscribe("ok:b", listener);
      const refreshes = refreshCounter(auth);
      await lossless(publish, ["ok:a", "ok:b"], received, () => refreshes.count >= 2);
      // A reconnect resubscribes what is subscribed: the refused channel must not break it.
      await ctx.gw.restartFrontEnd({ downForMs: 300 });
      await flows(publish, "ok:a", received, "ok:a after a reconnect", 20_000);
      await flows(publish, "ok:b", received, "ok:b after a reconnect", 20_000);
    });
  },

  /** The credential fails until past expiry: `expired`; commands fail with EntraTokenExpiredError; recovery. */
  credentialFailsPastExpiry<C>(
    ctx: FaultContext<C>,
    options: {
      client?: Record<string, unknown>;
      /** Waits until the client saw the gateway close its connections (default: the gateway's count). */
      closed?: (client: C, closedForExpiry: () => number) => Promise<void>;
    } = {},
  ): void {
    test("credential error past expiry: commands fail with EntraTokenExpiredError, then recover (fault 6)", async (t) => {
      const { credential, auth, client, roundTrip } = await ctx.setup(t, { client: options.client });
      await roundTrip();
      const stats = gatewayStatsFrom(ctx.gw);
      credential.setBehaviour({ mode: "fail" });
      await nextEvent(auth, "expired", 10_000);
      const closedForExpiry = () => stats().closedForExpiry;
      await (options.closed ?? ((_c, n) => waitFor("the gateway closing a connection", () => n() > 0, 3000)))(
        client,
        closedForExpiry,
      );
      // Four commands 100 ms apart, on every node in turn, each settled within 15 s.
      const results = await Promise.all(
        [...Array(4).keys()].map(async (i) => {
          await sleep(i * 100);
          const tag = ctx.kind.tags[i % ctx.kind.tags.length];
          return settleWithin(ctx.kind.get(client, `${tag}k`), 15_000);
        }),
      );
      assertAllSettled(results, "no command hangs");
      const errors = errorsOf(results);
      t.diagnostic(`${errors.length} commands failed while expired: ${summary(errors)}`);
      assert.ok(errors.length > 0, "commands fail while the token is expired");
      assertExpiredErrors(errors);
      credential.setBehaviour({ mode: "ok" });
      await recovers("commands after the credential recovered", roundTrip, 20_000);
    });
  },
};

/** Distinct error messages, for diagnostics. */
export function summary(errors: unknown[]): string {
  return [...new Set(errors.map((e) => `${(e as Error)?.name}: ${(e as Error)?.message}`))].join(" | ");
}

// ---------------------------------------------------------------------------------------------
// Pub/sub

/** An identity whose policy allows the `ok:*` channels only (assigned on every suite's gateway). */
export const LIMITED_ID = "6f1d3c9a-2222-4e0b-9a55-0c2d7e3b9a02";
const LIMITED_POLICY = "+@all allkeys resetchannels &ok:*";

/** Publishes on `channel` until one of these messages arrives in `received` (messages flow), or fails. */
export async function flows(
  publish: (channel: string, message: string) => Promise<unknown>,
  channel: string,
  received: Set<string>,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const tag = `${what}:${Date.now()}`;
  let n = 0;
  await waitFor(
    what,
    async () => {
      await publish(channel, `${tag}:${n++}`).catch(() => 0);
      return [...received].some((m) => m.startsWith(`${tag}:`));
    },
    timeoutMs,
    100,
  );
}

/**
 * Publishes sequence numbers alternately on `channels` until `until()` holds (or `timeoutMs`), then
 * waits until every one arrived in `received`: lossless delivery across what happened meanwhile.
 */
export async function lossless(
  publish: (channel: string, message: string) => Promise<unknown>,
  channels: string[],
  received: Set<string>,
  until: () => boolean,
  timeoutMs = 15_000,
): Promise<number> {
  const prefix = `seq:${randomUUID().slice(0, 8)}:`;
  let sent = 0;
  const deadline = Date.now() + timeoutMs;
  while (!until() && Date.now() < deadline) {
    await publish(channels[sent % channels.length], `${prefix}${sent}`);
    sent += 1;
    await sleep(10);
  }
  assert.ok(until(), "the awaited condition held while publishing");
  await waitFor(
    `every one of ${sent} messages`,
    () => [...Array(sent).keys()].every((i) => received.has(`${prefix}${i}`)),
    5000,
  );
  return sent;
}
