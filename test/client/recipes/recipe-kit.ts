/**
 * What the library recipe tests share: a local Entra gateway whose tokens live LIFETIME_MS, an
 * EntraAuth with the scaled-down timing, and a loop that keeps the app's work going until the token
 * has rotated ROTATIONS times. Each recipe file runs in its own process (node:test runs files in
 * parallel); inside a file, the ioredis and node-redis variants run concurrently on one gateway.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import {
  connectIoredis,
  connectNodeRedis,
  createEntraAuth,
  type EntraAuth,
} from "../../../src/client/index.ts";
import { Capture, TIMING, rotationCounter, waitFor, type Gateway } from "../integration.ts";
import { startLocalEntraRedis, type AuthEvent, type ConnectionEvent } from "../../../src/testing/index.ts";

export { Capture, waitFor, type Gateway };

/** Rotations each recipe must survive. */
export const ROTATIONS = 20;
/**
 * Token lifetime (ms) and refresh timing: a refresh 6.5-6.8 s before expiry, so a new token every
 * ~1.3 s (20 rotations in ~30 s), while a token request, a first connect or a re-AUTH has 6.5 s to get
 * through on a machine loaded by other work. A connection that missed its re-AUTHs is still closed by
 * the gateway within the run (its token expires 8 s after it was issued).
 */
export const LIFETIME_MS = 8000;
export const RECIPE_TIMING = { ...TIMING, refreshMarginMs: 6500, refreshJitterMs: 300, reauthSpreadMs: 250 };
/**
 * Blocking timeouts (BullMQ's drainDelay / QueueEvents blockingTimeout, BLPOP ...) in seconds: a
 * re-AUTH queued behind a blocked command runs when it returns, so the block must end well within the
 * token's remaining life. With real tokens (60+ min) the libraries' defaults (5-10 s) are fine.
 */
export const BLOCK_S = 0.3;

/** The policy the recipes run under: what an application identity usually gets. */
export const POLICY = "Data Contributor";

/** Starts a gateway with short tokens (identities are assigned per variant, see recipeIdentity). */
export async function recipeGateway(options: { cluster?: { shards: number } } = {}): Promise<Gateway> {
  return startLocalEntraRedis({
    tokenLifetimeMs: LIFETIME_MS,
    ...(options.cluster ? { cluster: options.cluster } : {}),
  });
}

/** What the gateway saw of one identity: connections closed for expiry, refused AUTHs (with reasons). */
export interface GatewayWatch {
  readonly expired: ConnectionEvent[];
  readonly refused: AuthEvent[];
  /** A one-line summary for assertion messages. */
  summary(): string;
}

/**
 * A fresh identity with the recipes' policy and its own EntraAuth (its own token stream, events
 * captured), so that variants running concurrently on one gateway are told apart by object id.
 */
export async function recipeIdentity(
  gw: Gateway,
  capture: Capture,
  policy = POLICY,
): Promise<{ auth: EntraAuth; rotations: { readonly count: number }; gateway: GatewayWatch }> {
  const objectId = randomUUID();
  await gw.assign(objectId, policy);
  const auth = createEntraAuth({
    credential: gw.credential(objectId, { lifetimeMs: LIFETIME_MS }),
    ...RECIPE_TIMING,
    // The machine may be loaded by other work: let a token request take a while before retrying it.
    acquireTimeoutMs: 8000,
    logger: { warn: (m) => capture.lines.push(m) },
  });
  capture.watch(auth);
  const expired: ConnectionEvent[] = [];
  const refused: AuthEvent[] = [];
  gw.on("expired", (e: ConnectionEvent) => {
    if (e.objectId === objectId) expired.push(e);
  });
  gw.on("auth", (e: AuthEvent) => {
    if (!e.accepted && e.username === objectId) refused.push(e);
  });
  const gateway: GatewayWatch = {
    expired,
    refused,
    summary: () =>
      `${expired.length} closed for expiry, ${refused.length} AUTH refused (${refused.map((r) => `${r.command} on #${r.id}: ${r.reason ?? "?"}`).join("; ")})`,
  };
  return { auth, rotations: rotationCounter(auth), gateway };
}

/**
 * Asserts that the gateway closed no connection of this identity for an expired token. Refused AUTHs
 * are reported, not failed: on a machine loaded by other work a token can be late or expire in
 * transit, and the adapters then refresh and retry (what the app sees is asserted apart: no failed
 * operation, no lost event).
 */
export function assertAuthenticatedThroughout(
  watch: GatewayWatch,
  t?: { diagnostic(message: string): void },
): void {
  t?.diagnostic(`gateway: ${watch.summary()}`);
  assert.equal(watch.expired.length, 0, watch.summary());
}

/**
 * Runs `step(i)` in a loop (each call awaited, failures collected) until `rotations` reaches
 * ROTATIONS more than at the start. Returns how many steps ran and what failed.
 */
export async function acrossRotations(
  rotations: { readonly count: number },
  step: (i: number) => Promise<void>,
  options: { pauseMs?: number; target?: number; timeoutMs?: number } = {},
): Promise<{ steps: number; failures: unknown[] }> {
  const target = rotations.count + (options.target ?? ROTATIONS);
  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
  const failures: unknown[] = [];
  let steps = 0;
  while (rotations.count < target) {
    if (Date.now() > deadline) throw new Error(`only ${rotations.count} rotations before the deadline`);
    try {
      await step(steps);
    } catch (err) {
      failures.push(err);
    }
    steps += 1;
    if (process.env.RECIPE_DEBUG && steps % 100 === 0)
      process.stderr.write(
        `[recipe] ${steps} steps, ${rotations.count} rotations, ${failures.length} failures\n`,
      );
    await new Promise((r) => setTimeout(r, options.pauseMs ?? 10));
  }
  return { steps, failures };
}

/** Lines of console output that must never appear (ioredis's ready-check noise, tokens are checked apart). */
export function assertQuiet(capture: Capture): void {
  assert.deepEqual(
    capture.lines.filter((l) => /Skipping the ready check|NOPERM|WRONGPASS|NOAUTH/.test(l)),
    [],
    "no ready-check noise or auth refusals in the console",
  );
  capture.assertNoToken();
}

/** Bounded cleanup: runs each function, at most `ms` each, ignoring failures, in reverse order. */
export function cleanups(t: { after(fn: () => Promise<void>): void }): (fn: () => unknown) => void {
  const fns: (() => unknown)[] = [];
  t.after(async () => {
    for (const fn of fns.reverse()) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.resolve()
          .then(fn)
          .catch(() => undefined),
        new Promise((r) => (timer = setTimeout(r, 5000))),
      ]);
      clearTimeout(timer);
    }
  });
  return (fn) => fns.push(fn);
}

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
 * Declares a recipe suite: one gateway, the variants run concurrently (each with its own identity),
 * console output captured and checked for ready-check noise and tokens at the end.
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
    let gw: Gateway;
    before(async () => {
      capture.hookConsole();
      gw = await recipeGateway();
    });
    after(async () => {
      capture.restore();
      await gw.stop();
    });
    for (const [name, run] of Object.entries(variants)) {
      test(`${name}: across ${ROTATIONS} rotations, no failed operation`, async (t) => {
        const later = cleanups(t);
        const { auth, rotations, gateway } = await recipeIdentity(gw, capture);
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
