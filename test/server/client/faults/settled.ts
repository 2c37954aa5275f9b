/**
 * The checks every row of the fault matrix makes: every command settles (`settleWithin`, none lost
 * silently), the errors the app sees (`isExpiredError`), recovery without a restart (`recovers`).
 */
import assert from "node:assert/strict";
import { EntraTokenExpiredError } from "../../../../src/client/index.ts";
import { sleep } from "../../support/time.ts";

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

/** Distinct error messages, for diagnostics. */
export function summary(errors: unknown[]): string {
  return [...new Set(errors.map((e) => `${(e as Error)?.name}: ${(e as Error)?.message}`))].join(" | ");
}
