/**
 * Fault-matrix rows about the credential itself, on the token manager with a fake clock (no Redis):
 * a JWT whose `exp` is earlier than `expiresOnTimestamp`, and a credential that hangs past expiry.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createEntraAuth } from "../../../src/client/entra-auth.ts";
import type { EntraAccessToken, EntraTokenCredential } from "../../../src/client/credentials.ts";
import { EntraTokenAcquisitionError } from "../../../src/client/errors.ts";
import { MAX_UNANSWERED_CALLS } from "../../../src/client/hedged-acquire.ts";
import { FakeClock, FakeCredential, fakeJwt, OID } from "../fakes.ts";

const MIN = 60_000;

test("wrong exp: a token whose JWT exp is past while expiresOnTimestamp says otherwise is refused, not used", async () => {
  const clock = new FakeClock();
  const credential: EntraTokenCredential = {
    getToken: () =>
      Promise.resolve<EntraAccessToken>({
        token: fakeJwt({
          oid: OID,
          aud: "https://redis.azure.com",
          exp: Math.floor(clock.now() / 1000) - 60,
        }),
        expiresOnTimestamp: clock.now() + 60 * MIN,
      }),
  };
  const auth = createEntraAuth({ credential, clock, logger: { warn: () => undefined } });
  auth.on("refreshFailed", () => undefined);
  await assert.rejects(auth.getCredentials(), /expired at .*its exp claim/);
  assert.equal(auth.current(), undefined);
  auth.close();
});

test("wrong exp: the earlier JWT exp sets expiry and the refresh schedule", async () => {
  const clock = new FakeClock();
  const inner = new FakeCredential(clock, 60 * MIN);
  const credential: EntraTokenCredential = {
    async getToken() {
      const t = await inner.getToken();
      // The credential claims two hours; the JWT says one.
      return t && { ...t, expiresOnTimestamp: t.expiresOnTimestamp + 60 * MIN };
    },
  };
  const auth = createEntraAuth({ credential, clock, random: () => 0, logger: { warn: () => undefined } });
  const refreshAts: number[] = [];
  auth.on("token", (e) => refreshAts.push(e.refreshAt));
  const creds = await auth.getCredentials();
  const jwtExp = Math.floor((clock.now() + 60 * MIN) / 1000) * 1000;
  assert.equal(creds.expiresOnTimestamp, jwtExp, "expiry is the JWT's exp");
  assert.equal(refreshAts[0], jwtExp - 3 * MIN, "refresh planned from the JWT's exp");
  await clock.advance(jwtExp - clock.now() + 1);
  assert.equal(inner.calls, 2, "refreshed before the JWT's exp");
  auth.close();
});

test("credential hang past expiry: recovery follows the credential within one hedge interval, not acquireTimeoutMs", async () => {
  const clock = new FakeClock();
  const credential = new FakeCredential(clock, 10 * MIN);
  const auth = createEntraAuth({
    credential,
    clock,
    random: () => 0,
    acquireTimeoutMs: 30_000,
    refreshMarginMs: 3 * MIN,
    refreshJitterMs: 0,
    retry: { initialDelayMs: 1000, maxDelayMs: 30_000 },
    logger: { warn: () => undefined },
  });
  auth.on("refreshFailed", () => undefined);
  const expired: number[] = [];
  auth.on("expired", () => expired.push(clock.now()));
  const first = await auth.getCredentials();
  // Every call hangs from the planned refresh on; the token expires 3 minutes later.
  credential.fallback = "hang";
  await clock.advance(first.expiresOnTimestamp - clock.now() + 1);
  assert.equal(expired.length, 1, "expired while the credential hangs");
  assert.equal(auth.current(), undefined);
  // 8 s into the expiry the credential is healthy again (calls already hanging stay hung).
  await clock.advance(8000);
  credential.fallback = "ok";
  const healthyAt = clock.now();
  let recoveredAt: number | undefined;
  auth.on("token", () => (recoveredAt ??= clock.now()));
  await clock.advance(30_000);
  assert.ok(recoveredAt !== undefined, "a fresh token was fetched");
  assert.ok(
    recoveredAt - healthyAt <= 5000,
    `recovered ${recoveredAt - healthyAt} ms after the credential did (at most one 5 s hedge interval)`,
  );
  auth.close();
});

/** A credential whose calls never settle, not even when aborted; counts the calls still pending. */
class NeverAnswers implements EntraTokenCredential {
  calls = 0;
  getToken(): Promise<EntraAccessToken | null> {
    this.calls += 1;
    return new Promise<never>(() => undefined);
  }
}

for (const acquireTimeoutMs of [undefined, 2000, 6000, 60_000]) {
  const bound = acquireTimeoutMs ?? 30_000;
  test(`a credential that never answers: getCredentials() rejects after acquireTimeoutMs (${acquireTimeoutMs ?? "default"}), whatever the hedging`, async () => {
    const clock = new FakeClock();
    const credential = new NeverAnswers();
    const auth = createEntraAuth({
      credential,
      clock,
      logger: { warn: () => undefined },
      ...(acquireTimeoutMs === undefined ? {} : { acquireTimeoutMs }),
    });
    auth.on("refreshFailed", () => undefined);
    let settled: unknown = "pending";
    const outcomeNow = (): unknown => settled;
    auth.getCredentials().then(
      () => (settled = "resolved"),
      (err: unknown) => (settled = err),
    );
    await clock.advance(bound - 1);
    assert.equal(outcomeNow(), "pending", "not before acquireTimeoutMs");
    await clock.advance(1);
    const outcome = outcomeNow();
    assert.ok(
      outcome instanceof EntraTokenAcquisitionError,
      `settled at acquireTimeoutMs, got ${String(outcome)}`,
    );
    assert.match(outcome.message, new RegExp(`did not answer within ${bound} ms \\(acquireTimeoutMs`));
    const calls = credential.calls;
    await clock.advance(10 * MIN);
    assert.equal(credential.calls, calls, "no getToken call after the app got its answer");
    auth.close();
  });
}

test("a credential that never answers, an app that keeps asking: the getToken calls pending at once are bounded", async () => {
  const clock = new FakeClock();
  const credential = new NeverAnswers();
  const auth = createEntraAuth({ credential, clock, logger: { warn: () => undefined } });
  auth.on("refreshFailed", () => undefined);
  const messages = new Set<string>();
  for (let elapsed = 0; elapsed < 10 * MIN; elapsed += 31_000) {
    auth.getCredentials().catch((err: unknown) => messages.add(String(err)));
    await clock.advance(31_000);
  }
  assert.ok(credential.calls <= MAX_UNANSWERED_CALLS, `${credential.calls} getToken calls pending at once`);
  assert.ok(
    [...messages].some((m) => /getToken calls are still unanswered/.test(m)),
    "the app is told why no call was made",
  );
  auth.close();
});

test("a token that expires while its refresh hangs: a new connection's getCredentials() settles within acquireTimeoutMs", async () => {
  const clock = new FakeClock();
  const credential = new FakeCredential(clock, 10 * MIN);
  const auth = createEntraAuth({
    credential,
    clock,
    random: () => 0,
    refreshJitterMs: 0,
    logger: { warn: () => undefined },
  });
  auth.on("refreshFailed", () => undefined);
  const first = await auth.getCredentials();
  credential.fallback = "hang";
  await clock.advance(first.expiresOnTimestamp - clock.now() + 1);
  assert.equal(auth.current(), undefined, "expired while the refresh hangs");
  let outcome = "pending" as unknown;
  auth.getCredentials().then(
    () => (outcome = "resolved"),
    (err: unknown) => (outcome = err),
  );
  await clock.advance(30_000);
  assert.ok(outcome instanceof Error, `settled within acquireTimeoutMs, got ${String(outcome)}`);
  auth.close();
});
