/**
 * Hedged acquisition on its own, with a fake clock: one call at a time while a token is valid; without
 * one, a hanging call gets company at growing intervals and the first answer wins.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { HedgedAcquirer } from "../../src/client/hedged-acquire.ts";
import { FakeClock, FakeCredential } from "./fakes.ts";

const policy = { initialDelayMs: 1000, maxDelayMs: 30_000 };

test("without a valid token, calls that hang are hedged and the first answer wins", async () => {
  const clock = new FakeClock();
  const credential = new FakeCredential(clock);
  credential.script = ["hang", "hang"];
  let answer: unknown;
  void new HedgedAcquirer()
    .acquire({
      credential,
      scope: "s",
      policy,
      acquireTimeoutMs: 30_000,
      clock,
      hasValidToken: () => false,
      closed: () => false,
    })
    .then((a) => (answer = a));
  await clock.advance(999);
  assert.equal(credential.calls, 1);
  await clock.advance(1); // 1 s: a second call
  assert.equal(credential.calls, 2);
  await clock.advance(2000); // 2 s later: a third, which answers
  assert.equal(credential.calls, 3);
  assert.equal((answer as { token: string }).token, credential.issued[0]);
});

test("while a valid token exists, one call at a time", async () => {
  const clock = new FakeClock();
  const credential = new FakeCredential(clock);
  credential.script = ["hang"];
  const run = new HedgedAcquirer().acquire({
    credential,
    scope: "s",
    policy,
    acquireTimeoutMs: 5000,
    clock,
    hasValidToken: () => true,
    closed: () => false,
  });
  const failed = assert.rejects(run, /did not answer within 5000 ms \(acquireTimeoutMs; 1 call made\)/);
  await clock.advance(5000);
  await failed;
  assert.equal(credential.calls, 1);
});
