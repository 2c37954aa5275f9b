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
import { cleanupsFor as cleanups } from "../../support/cleanup.ts";

export { Capture, waitFor, type Gateway };

/** Rotations each recipe must survive. */
export const ROTATIONS = 20;
/**
 * Token lifetime (ms) and refresh timing: a refresh 5.0-5.2 s before the 9 s token expires makes a new
 * token every ~3.9 s, while a token request, a first connect or a re-AUTH has 5 s to get through on a
 * machine loaded by other work. The token manager keeps margin + jitter only while they fit in 75% of
 * the life a token has left when it arrives (else it warns and clamps, which the recipes count as
 * noise): 5.2 s fits while at least 6.93 s are left, so a token may lose up to ~2.1 s to the JWT's
 * whole-second `exp` and a starved process. (With 8 s tokens it was ~1.1 s: CI at load ~10 saw one
 * arrive with 6.55 s left.) A connection that missed its re-AUTHs is still closed by the gateway within
 * the run.
 */
export const LIFETIME_MS = 9000;
export const RECIPE_TIMING = { ...TIMING, refreshMarginMs: 5000, refreshJitterMs: 200, reauthSpreadMs: 250 };
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

const watches = new WeakMap<object, GatewayWatch>();

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
  watches.set(rotations, gateway);
  return { auth, rotations, gateway };
}

/**
 * Asserts from the gateway's own counters that the identity was authenticated throughout: it closed
 * no connection for an expired token; it accepted at least `rotations` + 1 distinct tokens (so the
 * run spanned that many rotations); and every connection authenticated when the run started
 * ({@link GatewayWatch.mark}, done by {@link acrossRotations}) and still open re-authenticated in
 * place at least `rotations` - 1 times (the last rotation's re-AUTH may still be in its spread window).
 * Refused AUTHs are reported, not failed: on a machine loaded by other work a token can be late or
 * expire in transit, and the adapters then refresh and retry (what the app sees is asserted apart:
 * no failed operation, no lost event).
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
    assert.ok(fewest >= rotations - 1, `each long-lived connection re-AUTHed in place: ${watch.summary()}`);
}

/**
 * Runs `step(i)` in a loop (each call awaited, failures collected) until `rotations` reaches
 * ROTATIONS more than at the start and the gateway has accepted ROTATIONS new tokens of that identity
 * (when `rotations` comes from {@link recipeIdentity}: its gateway watch is marked first). Returns how
 * many steps ran and what failed.
 */
export async function acrossRotations(
  rotations: { readonly count: number },
  step: (i: number) => Promise<void>,
  options: { pauseMs?: number; target?: number; timeoutMs?: number } = {},
): Promise<{ steps: number; failures: unknown[] }> {
  const watch = watches.get(rotations);
  watch?.mark();
  const target = rotations.count + (options.target ?? ROTATIONS);
  // Until the gateway, too, has accepted that many new tokens (the last re-AUTH lands within the spread).
  const gatewayTarget = watch ? watch.rotations() + (options.target ?? ROTATIONS) : 0;
  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
  const failures: unknown[] = [];
  let steps = 0;
  while (rotations.count < target || (watch && watch.rotations() < gatewayTarget)) {
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
