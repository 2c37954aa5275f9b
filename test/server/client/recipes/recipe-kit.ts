/**
 * What the library recipe tests share: per test, a local Entra gateway and token managers on one fake
 * clock (recipe-time.ts: hour-long tokens, the package's default timing), and a loop that keeps the
 * app's work going in real time while a driver moves token time through ROTATIONS rotations, each
 * followed by every connection's re-AUTH and then by the old token's expiry. A run takes seconds of
 * wall time and cannot starve a token of its life (token time moves only when the driver moves it).
 * Each recipe file runs in its own process (node:test runs files in parallel); inside a file, the
 * ioredis and node-redis variants run concurrently, each on its own gateway and clock.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import {
  connectIoredis,
  connectNodeRedis,
  createEntraAuth,
  type EntraAuth,
} from "../../../../src/client/index.ts";
import { Capture, rotationCounter, waitFor, type Gateway } from "../integration.ts";
import { startLocalEntraRedis, type AuthEvent, type ConnectionEvent } from "../../../../src/testing/index.ts";
import { cleanupsFor as cleanups } from "../../support/cleanup.ts";
import { sleep } from "../../support/time.ts";
import { LIFETIME_MS, RECIPE_TIMING, RecipeTime, type RecipeIdentity } from "./recipe-time.ts";

export { Capture, waitFor, type Gateway };

/** Rotations each recipe must survive. */
export const ROTATIONS = 20;
/**
 * Blocking timeouts (BullMQ's drainDelay / QueueEvents blockingTimeout, BLPOP ...) in seconds: a
 * re-AUTH queued behind a blocked command runs when it returns, and each rotation waits (in real time)
 * for every connection's re-AUTH, so a short block keeps the run short. Token time does not pass
 * meanwhile (the fake clock), so the libraries' defaults (5-10 s) would be correct, only slow.
 */
export const BLOCK_S = 0.3;
/** App steps (real time) before each rotation and after the last one, unless a recipe asks for more. */
export const STEPS_PER_ROTATION = 10;
/** The policy the recipes run under: what an application identity usually gets. */
export const POLICY = "Data Contributor";

/** A gateway and its fake clock for one test. */
export interface RecipeGateway {
  gw: Gateway;
  time: RecipeTime;
}

/**
 * Starts a gateway on a fresh fake clock for one test, stopped after it (`later`, registered first so
 * that it runs last); identities are assigned per variant, see recipeIdentity.
 */
export async function recipeGateway(later: Later): Promise<RecipeGateway> {
  const time = new RecipeTime();
  const gw = await startLocalEntraRedis({ tokenLifetimeMs: LIFETIME_MS, clock: time.clock });
  later(() => gw.stop());
  time.gateway = gw;
  return { gw, time };
}

/**
 * What the gateway saw of one identity, from its own events: connections closed for expiry, refused
 * AUTHs (with reasons), the distinct tokens it accepted, and accepted AUTHs per connection.
 */
export interface GatewayWatch {
  readonly expired: ConnectionEvent[];
  readonly refused: AuthEvent[];
  /** Rotations the gateway saw: distinct tokens (by expiry) it accepted for this identity, minus one. */
  rotations(): number;
  /**
   * Remembers the connections authenticated so far (and their AUTH counts): {@link assertAuthenticatedThroughout}
   * then checks that each one still open re-authenticated in place across the run.
   */
  mark(): void;
  /** Of the connections marked and still open: the fewest AUTHs accepted since the mark (undefined: none). */
  fewestReauthsSinceMark(): number | undefined;
  /** A one-line summary for assertion messages. */
  summary(): string;
}

/** What {@link acrossRotations} needs of an identity, found from its rotation counter. */
interface Driven {
  watch: GatewayWatch;
  identity: RecipeIdentity;
  time: RecipeTime;
}
const driven = new WeakMap<object, Driven>();

/**
 * A fresh identity with the recipes' policy and its own EntraAuth on the test's fake clock (its own
 * token stream, events captured), so that identities sharing a gateway are told apart by object id.
 */
export async function recipeIdentity(
  { gw, time }: RecipeGateway,
  capture: Capture,
  policy = POLICY,
): Promise<{ auth: EntraAuth; rotations: { readonly count: number }; gateway: GatewayWatch }> {
  const objectId = randomUUID();
  await gw.assign(objectId, policy);
  const auth = createEntraAuth({
    credential: gw.credential(objectId, { lifetimeMs: LIFETIME_MS }),
    ...RECIPE_TIMING,
    clock: time.clock,
    logger: { warn: (m) => capture.lines.push(m) },
  });
  capture.watch(auth);
  time.track(auth);
  const expired: ConnectionEvent[] = [];
  const refused: AuthEvent[] = [];
  const tokens = new Set<number>();
  const accepted = new Map<number, number>();
  const closed = new Set<number>();
  let marked = new Map<number, number>();
  gw.on("expired", (e: ConnectionEvent) => {
    if (e.objectId === objectId) expired.push(e);
  });
  gw.on("auth", (e: AuthEvent) => {
    if (e.username !== objectId) return;
    if (!e.accepted) refused.push(e);
    else {
      if (e.expiresAt !== undefined) tokens.add(e.expiresAt);
      accepted.set(e.id, (accepted.get(e.id) ?? 0) + 1);
    }
  });
  gw.on("close", (e: ConnectionEvent) => {
    if (accepted.has(e.id)) closed.add(e.id);
  });
  const fewestReauthsSinceMark = () => {
    const counts = [...marked]
      .filter(([id]) => !closed.has(id))
      .map(([id, n]) => (accepted.get(id) ?? 0) - n);
    return counts.length ? Math.min(...counts) : undefined;
  };
  const gateway: GatewayWatch = {
    expired,
    refused,
    rotations: () => Math.max(0, tokens.size - 1),
    mark: () => {
      marked = new Map([...accepted].filter(([id]) => !closed.has(id)));
    },
    fewestReauthsSinceMark,
    summary: () =>
      `${tokens.size - 1} rotations seen, ${accepted.size} connections (${closed.size} closed, ${expired.length} for expiry), ` +
      `${marked.size} marked re-AUTHed at least ${fewestReauthsSinceMark() ?? "-"} times each, ` +
      `${refused.length} AUTH refused (${refused.map((r) => `${r.command} on #${r.id}: ${r.reason ?? "?"}`).join("; ")})`,
  };
  const rotations = rotationCounter(auth);
  driven.set(rotations, { watch: gateway, identity: { auth, objectId }, time });
  return { auth, rotations, gateway };
}

/**
 * Asserts from the gateway's own counters that the identity was authenticated throughout: it closed
 * no connection for an expired token; it accepted at least `rotations` + 1 distinct tokens (so the
 * run spanned that many rotations); and every connection authenticated when the run started
 * ({@link GatewayWatch.mark}, done by {@link acrossRotations}) and still open re-authenticated in
 * place at least `rotations` times (each rotation of the clock driver waits for every re-AUTH).
 * Refused AUTHs are reported, not failed: the adapters then refresh and retry (what the app sees is
 * asserted apart: no failed operation, no lost event).
 */
export function assertAuthenticatedThroughout(
  watch: GatewayWatch,
  t?: { diagnostic(message: string): void },
  rotations: number = ROTATIONS,
): void {
  t?.diagnostic(`gateway: ${watch.summary()}`);
  assert.equal(watch.expired.length, 0, watch.summary());
  assert.ok(watch.rotations() >= rotations, `the gateway saw ${rotations} rotations: ${watch.summary()}`);
  const fewest = watch.fewestReauthsSinceMark();
  if (fewest !== undefined)
    assert.ok(fewest >= rotations, `each long-lived connection re-AUTHed in place: ${watch.summary()}`);
}

/**
 * Runs `step(i)` in a loop in real time (each call awaited, failures collected, `pauseMs` between
 * calls) while the test's clock driver rotates the tokens of every identity in `rotations` (counters
 * from {@link recipeIdentity}; their gateway watches are marked first) `target` (default ROTATIONS)
 * times: before each rotation, and after the last, the loop makes `stepsPerRotation` more steps. Returns
 * how many steps ran and what failed.
 */
export async function acrossRotations(
  rotations: { readonly count: number } | readonly { readonly count: number }[],
  step: (i: number) => Promise<void>,
  options: { pauseMs?: number; target?: number; stepsPerRotation?: number } = {},
): Promise<{ steps: number; failures: unknown[] }> {
  const counters = "count" in rotations ? [rotations] : rotations;
  const identities = counters.map((c) => {
    const d = driven.get(c);
    if (!d) throw new Error("acrossRotations: a rotation counter not made by recipeIdentity");
    d.watch.mark();
    return d;
  });
  const { time } = identities[0];
  const target = options.target ?? ROTATIONS;
  const perRotation = options.stepsPerRotation ?? STEPS_PER_ROTATION;
  const failures: unknown[] = [];
  let steps = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        await step(steps);
      } catch (err) {
        failures.push(err);
      }
      steps += 1;
      await sleep(options.pauseMs ?? 10);
    }
  })();
  try {
    for (let r = 1; r <= target + 1; r++) {
      const from = steps;
      await waitFor(
        `${perRotation} app steps before rotation ${r}`,
        () => steps >= from + perRotation,
        30_000,
      );
      if (r > target) break;
      await time.rotate(
        identities.map((d) => d.identity),
        `rotation ${r}`,
      );
      if (process.env.RECIPE_DEBUG)
        process.stderr.write(`[recipe] rotation ${r}: ${steps} steps, ${failures.length} failures\n`);
    }
  } finally {
    running = false;
    await loop;
  }
  return { steps, failures };
}

/**
 * Lines that must never appear in the console or the token managers' logs: ioredis's ready-check
 * noise, auth refusals, any warning of ours (tokens are checked apart).
 */
export function assertQuiet(capture: Capture): void {
  assert.deepEqual(
    capture.lines.filter((l) => /Skipping the ready check|NOPERM|WRONGPASS|NOAUTH|azure-redis-entra/.test(l)),
    [],
    "no ready-check noise, auth refusal or warning of ours in the console or the token manager's log",
  );
  capture.assertNoToken();
}

export { cleanups };

export { waitFor as until };

/** Closes an ioredis client: QUIT, bounded, then a hard disconnect (no reconnect loop left behind). */
export async function closeIoredis(redis: { quit(): Promise<unknown>; disconnect(): void }): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    redis.quit().catch(() => undefined),
    new Promise((r) => (timer = setTimeout(r, 2000))),
  ]);
  clearTimeout(timer);
  redis.disconnect();
}

/** Closes a node-redis client: close(), bounded, then destroy(). */
export async function closeNodeRedis(client: { close(): Promise<unknown>; destroy(): void }): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    client.close().catch(() => undefined),
    new Promise((r) => (timer = setTimeout(r, 2000))),
  ]);
  clearTimeout(timer);
  if ((client as { isOpen?: boolean }).isOpen) client.destroy();
}

type Later = (fn: () => unknown) => void;

/** An ioredis client from this package on the gateway, closed after the test; errors recorded. */
export async function ioredisOn(
  gw: Gateway,
  auth: EntraAuth,
  later: Later,
  errors: unknown[],
  options: { maxRetriesPerRequest?: number | null; db?: number } = {},
) {
  const redis = await connectIoredis(auth, { host: gw.host, port: gw.port, tls: { ca: gw.ca }, ...options });
  redis.on("error", (err) => errors.push(err));
  later(() => closeIoredis(redis));
  return redis;
}

/** A node-redis client from this package on the gateway, closed after the test; errors recorded. */
export async function nodeRedisOn(gw: Gateway, auth: EntraAuth, later: Later, errors: unknown[]) {
  const client = await connectNodeRedis(auth, { socket: { host: gw.host, port: gw.port, ca: gw.ca } });
  client.on("error", (err) => errors.push(err));
  later(() => closeNodeRedis(client));
  return client;
}

/**
 * Declares a recipe suite: the variants run concurrently (each with its own gateway, fake clock and
 * identity), console output captured and checked for ready-check noise and tokens at the end.
 */
export function recipeSuite(
  title: string,
  variants: Record<
    string,
    (ctx: {
      gw: Gateway;
      auth: EntraAuth;
      rotations: { readonly count: number };
      later: Later;
      errors: unknown[];
      t: { diagnostic(message: string): void };
    }) => Promise<void>
  >,
): void {
  describe(title, { timeout: 180_000, concurrency: true }, () => {
    const capture = new Capture();
    before(() => capture.hookConsole());
    after(() => capture.restore());
    for (const [name, run] of Object.entries(variants)) {
      test(`${name}: across ${ROTATIONS} rotations, no failed operation`, async (t) => {
        const later = cleanups(t);
        const recipe = await recipeGateway(later);
        const { gw } = recipe;
        const { auth, rotations, gateway } = await recipeIdentity(recipe, capture);
        later(() => auth.close());
        const errors: unknown[] = [];
        await run({ gw, auth, rotations, later, errors, t }).finally(() =>
          t.diagnostic(`gateway: ${gateway.summary()}; connection errors: ${errors.length}`),
        );
        assert.deepEqual(errors, [], "no connection error");
        assert.ok(rotations.count >= ROTATIONS, `${rotations.count} rotations`);
        assertAuthenticatedThroughout(gateway);
      });
    }
    after(() => assertQuiet(capture));
  });
}
