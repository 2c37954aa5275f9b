/**
 * Token lifecycle of EntraAuth, driven by a fake clock and a scriptable credential: refresh timing
 * (margin, jitter, refreshAfterTimestamp), backoff, cached tokens, expiry reporting, single flight,
 * option validation, username rules and secrecy.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { createEntraAuth, type EntraAuthOptions } from "../../src/client/entra-auth.ts";
import {
  EntraAuthClosedError,
  EntraAuthOptionsError,
  EntraTokenExpiredError,
} from "../../src/client/errors.ts";
import { APP_ID, FakeClock, FakeCredential, JWT_PATTERN, OID, settle } from "./fakes.ts";

const MIN = 60_000;

function setup(options: Partial<EntraAuthOptions> = {}, lifetimeMs = 60 * MIN, random = () => 0) {
  const clock = new FakeClock();
  const credential = new FakeCredential(clock, lifetimeMs);
  const events: { name: string; payload: unknown }[] = [];
  const auth = createEntraAuth({ credential, clock, random, logger: { warn: () => undefined }, ...options });
  for (const name of ["token", "refreshFailed", "expired", "warning", "closed"] as const) {
    auth.on(name, (...args: unknown[]) => events.push({ name, payload: args[0] }));
  }
  const named = (name: string) => events.filter((e) => e.name === name).map((e) => e.payload);
  return { clock, credential, auth, events, named };
}

describe("EntraAuth token lifecycle", () => {
  test("first credentials: username is the token's oid, password the token, nothing fetched before", async () => {
    const { auth, credential, named } = setup();
    assert.equal(credential.calls, 0, "nothing is fetched before getCredentials()");
    const creds = await auth.getCredentials();
    assert.equal(creds.username, OID);
    assert.equal(creds.password, credential.issued[0]);
    assert.equal(credential.calls, 1);
    const [first] = named("token") as { rotation: boolean; username: string }[];
    assert.equal(first?.rotation, false);
    assert.equal(first?.username, OID);
    auth.close();
  });

  test("refreshes at expiry minus margin, jitter moving it earlier, and notifies rotation listeners", async () => {
    for (const [random, expectedBefore] of [
      [0, 3 * MIN],
      [0.5, 4 * MIN],
    ] as const) {
      const { auth, credential, clock, named } = setup({}, 60 * MIN, () => random);
      const rotated: string[] = [];
      auth.onRotate((c) => rotated.push(c.password));
      const first = await auth.getCredentials();
      const refreshAt = first.expiresOnTimestamp - expectedBefore;
      assert.equal((named("token")[0] as { refreshAt: number }).refreshAt, refreshAt);
      await clock.advance(refreshAt - clock.now() - 1);
      assert.equal(credential.calls, 1, "no refresh before the planned time");
      await clock.advance(1);
      assert.equal(credential.calls, 2, "refreshed at the planned time");
      assert.deepEqual(rotated, [credential.issued[1]]);
      assert.equal(auth.current()?.password, credential.issued[1]);
      auth.close();
    }
  });

  test("default jitter spreads refreshes between 5 and 3 minutes before expiry", async () => {
    const seen: number[] = [];
    for (const r of [0, 0.25, 0.5, 0.75, 0.999]) {
      const { auth, named } = setup({}, 60 * MIN, () => r);
      const creds = await auth.getCredentials();
      seen.push(creds.expiresOnTimestamp - (named("token")[0] as { refreshAt: number }).refreshAt);
      auth.close();
    }
    for (const before of seen)
      assert.ok(before >= 3 * MIN && before <= 5 * MIN, `refresh ${before} ms before expiry`);
    assert.ok(new Set(seen).size === seen.length, "different random draws give different refresh times");
  });

  test("honours refreshAfterTimestamp when it comes before the deadline", async () => {
    const { auth, credential, clock } = setup({}, 60 * MIN);
    credential.refreshAfterMs = 30 * MIN;
    await auth.getCredentials();
    await clock.advance(30 * MIN - 1);
    assert.equal(credential.calls, 1);
    await clock.advance(1);
    assert.equal(credential.calls, 2, "refreshed at refreshAfterTimestamp (random = 0)");
    auth.close();
  });

  test("a cached (not newer) token is not accepted: keeps the current one and asks again soon", async () => {
    const { auth, credential, clock, named } = setup(
      { retry: { initialDelayMs: 1000, maxDelayMs: 8000 } },
      60 * MIN,
    );
    const first = await auth.getCredentials();
    credential.script = ["cached", "cached", "ok"];
    await clock.advance(first.expiresOnTimestamp - 3 * MIN - clock.now());
    assert.equal(credential.calls, 2);
    const failed = named("refreshFailed") as { reason: string; retryInMs: number }[];
    assert.equal(failed[0]?.reason, "stale");
    assert.ok(failed[0].retryInMs <= 1000, "retries soon");
    assert.equal(auth.current()?.password, first.password, "still serving the current token");
    await clock.advance(10_000);
    assert.equal(credential.calls, 4);
    assert.equal(auth.current()?.password, credential.issued[1], "the newer token replaced it");
    auth.close();
  });

  test("failed refreshes back off exponentially, keep the valid token, and recover without an expiry event", async () => {
    const { auth, credential, clock, named } = setup(
      { retry: { initialDelayMs: 1000, maxDelayMs: 16_000 } },
      60 * MIN,
      () => 0.999,
    );
    const first = await auth.getCredentials();
    credential.fallback = "fail";
    await clock.advance((named("token")[0] as { refreshAt: number }).refreshAt - clock.now());
    await clock.advance(60_000);
    const delays = (named("refreshFailed") as { retryInMs: number }[]).map((f) => f.retryInMs);
    assert.ok(delays.length >= 5, `several retries (${delays.length})`);
    for (let i = 1; i < 5; i++) assert.ok(delays[i] > delays[i - 1], `delays grow: ${delays.join(",")}`);
    assert.ok(
      delays.every((d) => d <= 16_000),
      "capped at maxDelayMs",
    );
    assert.equal(
      (await auth.getCredentials()).password,
      first.password,
      "the valid token keeps being served",
    );
    credential.fallback = "ok";
    await clock.advance(20_000);
    assert.equal(auth.current()?.password, credential.issued[1]);
    assert.equal(named("expired").length, 0);
    auth.close();
  });

  test("failing past expiry emits `expired` (and calls onTokenExpired) once, then recovers", async () => {
    const expiredViaCallback: EntraTokenExpiredError[] = [];
    const { auth, credential, clock, named } = setup(
      {
        refreshMarginMs: 2000,
        refreshJitterMs: 0,
        retry: { initialDelayMs: 500, maxDelayMs: 2000 },
        onTokenExpired: (e) => expiredViaCallback.push(e),
      },
      20_000,
    );
    const rotated: string[] = [];
    auth.onRotate((c) => rotated.push(c.password));
    await auth.getCredentials();
    credential.fallback = "fail";
    await clock.advance(25_000);
    const expired = named("expired") as EntraTokenExpiredError[];
    assert.equal(expired.length, 1, "reported once");
    assert.ok(expired[0] instanceof EntraTokenExpiredError);
    assert.match(
      expired[0].message,
      /expired .* because refreshing it kept failing \(last error: Could not get an Entra token/,
    );
    assert.equal(expiredViaCallback.length, 1);
    assert.equal(auth.current(), undefined);
    await assert.rejects(auth.getCredentials(), EntraTokenExpiredError);
    credential.fallback = "ok";
    await clock.advance(3000);
    assert.ok(auth.current(), "recovered in the background");
    assert.equal(rotated.length, 1, "listeners learn about the recovered token");
    assert.equal(auth.diagnostics().consecutiveFailures, 0);
    auth.close();
  });

  test("an expiry timer that fires a little early (monotonic vs wall clock) still reports the expiry", async () => {
    const { auth, credential, clock, named } = setup(
      { refreshMarginMs: 2000, refreshJitterMs: 0, retry: { initialDelayMs: 5000, maxDelayMs: 5000 } },
      20_000,
    );
    const creds = await auth.getCredentials();
    credential.fallback = "fail";
    // Run the clock to just before expiry, then fire every due timer 1 ms early.
    await clock.advance(creds.expiresOnTimestamp - clock.now() - 1);
    for (const [id, timer] of [...clock.timers]) {
      if (timer.at <= clock.now() + 1) {
        clock.timers.delete(id);
        timer.fn();
      }
    }
    await clock.advance(10);
    assert.equal(named("expired").length, 1);
    auth.close();
  });

  test("one acquisition in flight: concurrent callers share it", async () => {
    const { auth, credential } = setup();
    const results = await Promise.all([
      auth.getCredentials(),
      auth.getCredentials(),
      auth.refresh(),
      auth.getCredentials(),
    ]);
    assert.equal(credential.calls, 1);
    assert.equal(new Set(results.map((r) => r.password)).size, 1);
    auth.close();
  });

  test("a hanging credential times out (acquireTimeoutMs) and is retried", async () => {
    const { auth, credential, clock, named } = setup(
      { acquireTimeoutMs: 5000, refreshMarginMs: 60_000, refreshJitterMs: 0 },
      10 * MIN,
    );
    await auth.getCredentials();
    credential.script = ["hang"];
    await clock.advance(9 * MIN + 5000);
    const failed = named("refreshFailed") as { message: string }[];
    assert.match(failed[0].message, /did not answer within 5000 ms/);
    await clock.advance(3000);
    assert.equal(credential.issued.length, 2, "the retry got a new token");
    auth.close();
  });

  test("a forced refresh that only gets the cached token keeps the normal schedule", async () => {
    const { auth, credential, clock, named } = setup({}, 60 * MIN);
    const first = await auth.getCredentials();
    await clock.advance(20_000);
    credential.script = ["cached"];
    const again = await auth.refresh();
    assert.equal(again.password, first.password);
    assert.equal(named("refreshFailed").length, 0);
    await clock.advance(first.expiresOnTimestamp - 3 * MIN - clock.now());
    assert.equal(credential.calls, 3, "refreshed at the normal time");
    auth.close();
  });

  test("forced refreshes are throttled: a token younger than 10% of its life (max 10 s) is kept", async () => {
    const { auth, credential, clock } = setup({}, 60 * MIN);
    const first = await auth.getCredentials();
    await Promise.all([auth.refresh(), auth.refresh()]);
    await clock.advance(5000);
    assert.equal((await auth.refresh()).password, first.password);
    assert.equal(credential.calls, 1, "no forced refresh for a fresh token");
    await clock.advance(5000);
    const second = await auth.refresh();
    assert.equal(credential.calls, 2);
    assert.notEqual(second.password, first.password);
    auth.close();
  });

  test("margin + jitter longer than the token's life: warns and refreshes between 25% and 50% of it", async () => {
    const { auth, clock, credential, named } = setup({}, 4000, () => 0);
    await auth.getCredentials();
    const warnings = named("warning") as { code: string; message: string }[];
    assert.equal(warnings[0]?.code, "clamp");
    await clock.advance(1999);
    assert.equal(credential.calls, 1);
    await clock.advance(1);
    assert.equal(credential.calls, 2, "refreshed at half-life, not spinning");
    await clock.advance(20_000);
    assert.ok(
      credential.calls <= 2 + Math.ceil(20_000 / 1000),
      `a few refreshes, not a spin (${credential.calls})`,
    );
    auth.close();
  });

  test("close() stops timers; later calls reject", async () => {
    const { auth, clock, credential, named } = setup();
    await auth.getCredentials();
    auth.close();
    assert.equal(clock.timers.size, 0, "no timer left");
    await clock.advance(120 * MIN);
    assert.equal(credential.calls, 1);
    await assert.rejects(auth.getCredentials(), EntraAuthClosedError);
    assert.equal(named("closed").length, 1);
  });
});

describe("EntraAuth options and usernames", () => {
  test("invalid options fail with the field, the value and a fix", () => {
    const clock = new FakeClock();
    const credential = new FakeCredential(clock);
    const cases: [Partial<EntraAuthOptions>, RegExp][] = [
      [{ refreshMarginMs: -1 }, /^refreshMarginMs: expected a number of milliseconds >= 0, got -1/],
      [{ refreshJitterMs: Number.NaN }, /^refreshJitterMs:/],
      [
        { retry: { initialDelayMs: 5000, maxDelayMs: 1000 } },
        /^retry\.maxDelayMs: \(1000\) must be >= retry\.initialDelayMs \(5000\)/,
      ],
      [{ acquireTimeoutMs: 0 }, /^acquireTimeoutMs:/],
      [{ username: " " }, /^username: expected the principal's object id/],
      [{ scope: "" }, /^scope:/],
      [{ credential: {} as never }, /^credential: expected a TokenCredential/],
    ];
    for (const [opts, pattern] of cases) {
      assert.throws(
        () => createEntraAuth({ credential, clock, ...opts }),
        (e: unknown) => e instanceof EntraAuthOptionsError && pattern.test(e.message),
      );
    }
  });

  test("a scope other than Redis's warns", () => {
    const warnings: string[] = [];
    createEntraAuth({
      credential: new FakeCredential(new FakeClock()),
      scope: "https://management.azure.com/.default",
      logger: { warn: (m) => warnings.push(m) },
    });
    assert.match(warnings[0] ?? "", /is not "https:\/\/redis\.azure\.com\/\.default"/);
  });

  test("username override equal to the client id warns that Azure expects the object id", async () => {
    const { auth, named } = setup({ username: APP_ID });
    const creds = await auth.getCredentials();
    assert.equal(creds.username, APP_ID, "the override is used");
    const warning = (named("warning") as { code: string; message: string }[]).find(
      (w) => w.code === "username",
    );
    assert.match(
      warning?.message ?? "",
      /is the application's client id; Azure Redis expects the object id "11111111-/,
    );
    auth.close();
  });

  test("a token without oid and no username override fails clearly", async () => {
    const { auth, credential } = setup();
    credential.claims = { aud: "https://redis.azure.com" };
    await assert.rejects(auth.getCredentials(), /has no oid claim \(or is not a JWT\).*pass `username`/);
    auth.close();
  });
});

describe("EntraAuth keeps tokens secret", () => {
  test("credentials hide the token from inspect and JSON; events, diagnostics and errors carry none", async () => {
    const { auth, credential, clock, events } = setup(
      { refreshMarginMs: 2000, refreshJitterMs: 0, retry: { initialDelayMs: 500, maxDelayMs: 1000 } },
      20_000,
    );
    const creds = await auth.getCredentials();
    assert.equal(creds.password, credential.issued[0]);
    assert.doesNotMatch(inspect(creds), JWT_PATTERN);
    assert.doesNotMatch(JSON.stringify(creds), JWT_PATTERN);
    assert.doesNotMatch(`${String(creds)} ${Object.keys(creds).join()}`, JWT_PATTERN);
    credential.fallback = "jwt-error"; // the credential's own error message contains a token
    await clock.advance(30_000);
    await settle();
    const errors: unknown[] = [];
    await auth.getCredentials().catch((e: unknown) => errors.push(e));
    assert.ok(events.some((e) => e.name === "expired"));
    const dump = inspect({ events, errors, diagnostics: auth.diagnostics() }, { depth: 10 });
    assert.doesNotMatch(dump, JWT_PATTERN);
    assert.match(dump, /\[redacted\] was rejected/, "the credential's message is kept, minus the token");
    auth.close();
  });
});
