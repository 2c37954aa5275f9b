/** The option checks of createEntraAuth, on their own: defaults, and refusals naming field and fix. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { resolveOptions } from "../../src/client/auth-options.ts";
import { EntraAuthOptionsError } from "../../src/client/errors.ts";

test("defaults: Redis scope, 3 min margin, 2 min jitter, 30 s spread, 1-30 s backoff, 30 s acquire timeout", () => {
  assert.deepEqual(resolveOptions({}), {
    scope: "https://redis.azure.com/.default",
    username: undefined,
    refreshMarginMs: 180_000,
    refreshJitterMs: 120_000,
    reauthSpreadMs: 30_000,
    initialDelayMs: 1000,
    maxDelayMs: 30_000,
    acquireTimeoutMs: 30_000,
  });
  assert.equal(resolveOptions({ retry: { initialDelayMs: 40_000 } }).maxDelayMs, 40_000);
});

test("refusals name the field and the value", () => {
  for (const [options, field] of [
    [{ credential: {} }, "credential"],
    [{ scope: "" }, "scope"],
    [{ username: " " }, "username"],
    [{ refreshMarginMs: -1 }, "refreshMarginMs"],
    [{ reauthSpreadMs: Number.NaN }, "reauthSpreadMs"],
    [{ acquireTimeoutMs: 0 }, "acquireTimeoutMs"],
    [{ retry: { initialDelayMs: 5000, maxDelayMs: 1000 } }, "retry.maxDelayMs"],
  ] as const) {
    assert.throws(
      () => resolveOptions(options as never),
      (e: unknown) => e instanceof EntraAuthOptionsError && e.field === field,
      field,
    );
  }
});
