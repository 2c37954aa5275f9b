/**
 * The token manager's timing decisions as plain values: no clock, no timers.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  backoffDelay,
  effectiveExpiry,
  forcedRefreshAllowed,
  hedgeDelay,
  judgeToken,
  planRefresh,
  reauthDelay,
  reauthWindow,
} from "../../src/client/token-timing.ts";

const MIN = 60_000;
const NOW = Date.UTC(2026, 0, 1);

describe("planRefresh", () => {
  const policy = { marginMs: 3 * MIN, jitterMs: 2 * MIN };

  test("margin before expiry; the random draw moves it up to the jitter earlier", () => {
    const exp = NOW + 60 * MIN;
    assert.deepEqual(planRefresh(policy, NOW, exp, undefined, 0), {
      refreshAt: exp - 3 * MIN,
      clamped: false,
    });
    assert.deepEqual(planRefresh(policy, NOW, exp, undefined, 0.5), {
      refreshAt: exp - 4 * MIN,
      clamped: false,
    });
    const late = planRefresh(policy, NOW, exp, undefined, 0.999).refreshAt;
    assert.ok(exp - late < 5 * MIN && exp - late > 4.9 * MIN);
  });

  test("refreshAfter before the deadline wins, spread by at most the jitter", () => {
    const exp = NOW + 60 * MIN;
    const after = NOW + 30 * MIN;
    assert.equal(planRefresh(policy, NOW, exp, after, 0).refreshAt, after);
    assert.equal(planRefresh(policy, NOW, exp, after, 1).refreshAt, after + 2 * MIN);
  });

  test("refreshAfter in the past, past the deadline or not finite is ignored", () => {
    const exp = NOW + 60 * MIN;
    for (const after of [NOW - 1, exp - MIN, Number.NaN]) {
      assert.equal(planRefresh(policy, NOW, exp, after, 0).refreshAt, exp - 3 * MIN, String(after));
    }
  });

  test("short tokens: margin + jitter that don't fit are clamped to 25-50% of the life", () => {
    const exp = NOW + 4000;
    const early = planRefresh(policy, NOW, exp, undefined, 0.999);
    const late = planRefresh(policy, NOW, exp, undefined, 0);
    assert.equal(late.clamped, true);
    assert.equal(late.refreshAt, NOW + 2000);
    assert.ok(early.refreshAt > NOW + 1000 && early.refreshAt <= NOW + 2000);
  });
});

describe("backoffDelay", () => {
  const policy = { initialDelayMs: 1000, maxDelayMs: 16_000 };

  test("doubles per attempt with equal jitter, capped", () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 40].map((a) => backoffDelay(policy, a, 0, 0)),
      [500, 1000, 2000, 4000, 8000, 8000, 8000],
    );
    assert.deepEqual(
      [1, 2, 5, 6].map((a) => backoffDelay(policy, a, 0, 1)),
      [1000, 2000, 16_000, 16_000],
    );
  });

  test("while the token is valid, waits at most half its remaining life (floor 250 ms)", () => {
    assert.equal(backoffDelay(policy, 5, 10_000, 1), 5000);
    assert.equal(backoffDelay(policy, 5, 100, 1), 250);
    assert.equal(backoffDelay({ initialDelayMs: 100, maxDelayMs: 400 }, 3, 10, 1), 100);
    assert.equal(backoffDelay(policy, 1, 60 * MIN, 1), 1000, "no cap needed");
  });
});

describe("re-AUTH spread", () => {
  test("the window is the spread, at most half the old token's remaining life, 0 for the first token", () => {
    assert.equal(reauthWindow(30_000, NOW, undefined), 0);
    assert.equal(reauthWindow(30_000, NOW, NOW + 10 * MIN), 30_000);
    assert.equal(reauthWindow(30_000, NOW, NOW + 20_000), 10_000);
    assert.equal(reauthWindow(30_000, NOW, NOW - 5), 0, "old token already expired");
  });

  test("a connection's delay is the draw's share of the window, in whole milliseconds", () => {
    assert.equal(reauthDelay(1000, 0), 0);
    assert.equal(reauthDelay(1000, 0.4567), 456);
    assert.ok(reauthDelay(1000, 0.99999) < 1000);
  });
});

describe("forcedRefreshAllowed", () => {
  test("not while the token is younger than 10% of its life, at most 10 s", () => {
    const received = NOW;
    assert.equal(forcedRefreshAllowed(NOW + 5000, received, NOW + 60 * MIN), false);
    assert.equal(forcedRefreshAllowed(NOW + 10_000, received, NOW + 60 * MIN), true);
    assert.equal(forcedRefreshAllowed(NOW + 299, received, NOW + 3000), false);
    assert.equal(forcedRefreshAllowed(NOW + 300, received, NOW + 3000), true);
  });
});

describe("judgeToken", () => {
  test("fresh, expired, stale, or keep-current for a forced refresh", () => {
    assert.equal(judgeToken(NOW, NOW + MIN, undefined, false), "fresh");
    assert.equal(judgeToken(NOW, NOW + 2 * MIN, NOW + MIN, false), "fresh");
    assert.equal(judgeToken(NOW, NOW, undefined, false), "expired");
    assert.equal(judgeToken(NOW, NOW + MIN, NOW + MIN, false), "stale");
    assert.equal(judgeToken(NOW, NOW + MIN, NOW + MIN, true), "keep-current");
    assert.equal(judgeToken(NOW, NOW + MIN, NOW - 1, true), "fresh", "newer than an expired current one");
  });
});

describe("effectiveExpiry", () => {
  test("the earlier of expiresOnTimestamp and the JWT's exp", () => {
    assert.equal(effectiveExpiry(NOW + MIN, undefined), NOW + MIN);
    assert.equal(effectiveExpiry(NOW + MIN, (NOW + 2 * MIN) / 1000), NOW + MIN);
    assert.equal(effectiveExpiry(NOW + MIN, (NOW - 1000) / 1000), NOW - 1000);
    assert.equal(effectiveExpiry(NOW + MIN, Number.NaN), NOW + MIN);
  });
});

describe("hedgeDelay", () => {
  test("grows like the backoff, capped at its cap and at 5 s", () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 7].map((n) => hedgeDelay({ initialDelayMs: 1000, maxDelayMs: 30_000 }, n)),
      [1000, 2000, 4000, 5000, 5000, 5000, 5000],
    );
    assert.deepEqual(
      [1, 2, 3, 4].map((n) => hedgeDelay({ initialDelayMs: 100, maxDelayMs: 400 }, n)),
      [100, 200, 400, 400],
    );
  });
});
