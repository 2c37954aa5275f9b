/**
 * Shared pieces of the fault matrix (`test/client/faults/*.test.ts`): gateway per file, token managers
 * with the scaled-down timing, credentials with scripted faults, and the checks every row makes
 * (every command settles; the errors the app sees; recovery without a restart).
 */
import assert from "node:assert/strict";
import {
  createEntraAuth,
  EntraTokenExpiredError,
  type EntraAuth,
  type EntraAuthOptions,
  type EntraTokenCredential,
} from "../../../src/client/index.ts";
import { Capture, OBJECT_ID, TIMING, type Gateway } from "../integration.ts";

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

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

/** Settles `p` within `ms` or reports it as hanging (a command lost silently). */
export async function settleWithin<T>(
  p: Promise<T>,
  ms: number,
): Promise<{ ok: true; value: T } | { ok: false; error: unknown } | { hung: true }> {
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

/** True when the error is, or was caused by, an EntraTokenExpiredError. */
export function isExpiredError(err: unknown): boolean {
  for (let e: unknown = err, i = 0; e && i < 5; e = (e as { cause?: unknown }).cause, i++) {
    if (e instanceof EntraTokenExpiredError) return true;
  }
  return false;
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

/** Registers cleanups that run after the test, whether it passed or not, each bounded. */
export function cleanupsFor(t: { after(fn: () => Promise<void>): void }): (fn: () => unknown) => void {
  const fns: (() => unknown)[] = [];
  t.after(async () => {
    for (const fn of fns.reverse()) {
      try {
        await Promise.race([fn(), sleep(5000)]);
      } catch {
        // best effort
      }
    }
  });
  return (fn) => fns.push(fn);
}

/** Count of an EntraAuth event (with an optional payload filter) seen by a Capture since `from`. */
export function eventsOf(capture: Capture, name: string, from = 0): unknown[] {
  return capture.things
    .slice(from)
    .filter((e) => (e as { event?: string }).event === name)
    .map((e) => (e as { args: unknown[] }).args[0]);
}
