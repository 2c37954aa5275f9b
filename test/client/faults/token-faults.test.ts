/**
 * Fault-matrix rows about the credential itself, on the token manager with a fake clock (no Redis):
 * a JWT whose `exp` is earlier than `expiresOnTimestamp`, and a credential that hangs past expiry.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createEntraAuth } from "../../../src/client/entra-auth.ts";
import type { EntraAccessToken, EntraTokenCredential } from "../../../src/client/credentials.ts";
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
