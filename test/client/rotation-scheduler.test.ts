/**
 * The one rotation scheduler: on each refresh, `now` at once, `later` after the connection's delay on
 * the token manager's clock; `latestOnly` keeps only the newest wait; cancelling drops pending waits.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createEntraAuth } from "../../src/client/entra-auth.ts";
import { scheduleRotations } from "../../src/client/rotation-scheduler.ts";
import { FakeClock, FakeCredential } from "./fakes.ts";

const MIN = 60_000;

function setup(random: () => number) {
  const clock = new FakeClock();
  const credential = new FakeCredential(clock, 10 * MIN);
  const auth = createEntraAuth({
    credential,
    clock,
    random,
    refreshMarginMs: MIN,
    refreshJitterMs: 0,
    reauthSpreadMs: 20_000,
    logger: { warn: () => undefined },
  });
  return { clock, credential, auth };
}

test("now runs at the rotation, later after the staggered delay on the injected clock", async () => {
  const { clock, credential, auth } = setup(() => 0.5);
  const log: string[] = [];
  scheduleRotations(auth, {
    now: (c) => log.push(`now ${c.password === credential.issued[1]}`),
    later: (c) => log.push(`later ${c.password === credential.issued[1]}`),
  });
  await auth.getCredentials();
  await clock.advance(9 * MIN); // the refresh, 1 minute before expiry
  assert.deepEqual(log, ["now true"], "the wait is on the fake clock: nothing runs before it moves");
  await clock.advance(10_000 - 1); // half of the 20 s spread
  assert.deepEqual(log, ["now true"]);
  await clock.advance(1);
  assert.deepEqual(log, ["now true", "later true"]);
  auth.close();
});

test("latestOnly: a second rotation replaces a wait still pending; cancel drops everything", async () => {
  const { clock, auth } = setup(() => 0.99);
  let later = 0;
  const cancel = scheduleRotations(auth, { latestOnly: true, later: () => (later += 1) });
  let plain = 0;
  const cancelPlain = scheduleRotations(auth, { later: () => (plain += 1) });
  await auth.getCredentials();
  await clock.advance(9 * MIN + 10_000); // the refresh; 10 s on, its wait (19.8 s) still runs
  assert.equal(later, 0);
  await auth.refresh(); // a forced refresh (allowed at 10 s) before the first wait ends: a second rotation
  await clock.advance(30_000);
  assert.equal(later, 1, "only the newest wait ran");
  assert.equal(plain, 2, "without latestOnly each rotation's wait runs");
  cancel();
  cancelPlain();
  await clock.advance(9 * MIN);
  assert.equal(later, 1, "cancelled: nothing more");
  assert.equal(plain, 2);
  auth.close();
});

test("a missed token (arrived before the subscription) is acted on at once: now, then later after the delay; then rotations as usual", async () => {
  const { clock, credential, auth } = setup(() => 0.5);
  await auth.getCredentials();
  await clock.advance(10_000);
  await auth.refresh(); // a rotation no one was subscribed to (as during a connection's handshake)
  const missed = auth.current()!;
  assert.equal(missed.password, credential.issued[1]);
  const log: string[] = [];
  const cancel = scheduleRotations(
    auth,
    {
      now: (c) => log.push(`now ${c.password === missed.password}`),
      later: (c) => log.push(`later ${c.password === missed.password}`),
    },
    missed,
  );
  assert.deepEqual(log, ["now true"], "now runs at once for the missed token");
  await clock.advance(10_000 - 1);
  assert.deepEqual(log, ["now true"]);
  await clock.advance(1);
  assert.deepEqual(log, ["now true", "later true"], "later after the same staggered delay");
  await clock.advance(9 * MIN - 10_000); // the planned refresh of the missed token
  assert.equal(credential.issued.length, 3);
  await clock.advance(10_000);
  assert.deepEqual(log, ["now true", "later true", "now false", "later false"]);
  cancel();
  auth.close();
});

test("without a missed token nothing runs until a rotation", async () => {
  const { clock, auth } = setup(() => 0.5);
  await auth.getCredentials();
  let runs = 0;
  const cancel = scheduleRotations(auth, { now: () => (runs += 1), later: () => (runs += 1) }, undefined);
  await clock.advance(MIN);
  assert.equal(runs, 0);
  cancel();
  auth.close();
});
