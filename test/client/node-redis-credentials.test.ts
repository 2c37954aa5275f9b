/**
 * The node-redis streaming credentials provider without a server: first credentials, staggered
 * updates after each refresh, exclusive subscriptions (node-redis re-subscribes on every reconnect),
 * disposal, and one forced refresh on WRONGPASS.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createEntraAuth } from "../../src/client/entra-auth.ts";
import { nodeRedisCredentials, type NodeRedisBasicAuth } from "../../src/client/node-redis.ts";
import { FakeClock, FakeCredential, OID } from "./fakes.ts";

function setup() {
  const clock = new FakeClock();
  const credential = new FakeCredential(clock, 60_000);
  const auth = createEntraAuth({
    credential,
    clock,
    random: () => 0,
    refreshMarginMs: 10_000,
    refreshJitterMs: 0,
    reauthSpreadMs: 0,
    logger: { warn: () => undefined },
  });
  return { clock, credential, auth };
}

function listener() {
  const got: NodeRedisBasicAuth[] = [];
  const errors: Error[] = [];
  return {
    got,
    errors,
    l: { onNext: (c: NodeRedisBasicAuth) => got.push(c), onError: (e: Error) => errors.push(e) },
  };
}

const tick = () => new Promise((r) => setTimeout(r, 5));

/**
 * Polls until `check()` holds, up to 400 rounds: each round lets promises settle (the forced refresh
 * is asynchronous) and runs the fake clock's due timers (the provider's stagger timers are on it).
 */
async function until(check: () => boolean, clock?: FakeClock): Promise<void> {
  for (let i = 0; i < 400 && !check(); i++) {
    await tick();
    await clock?.advance(0);
  }
}

test("first subscribe returns the current credentials; each refresh pushes the new ones", async () => {
  const { auth, clock, credential } = setup();
  const provider = nodeRedisCredentials(auth);
  assert.equal(provider.type, "streaming-credentials-provider");
  const a = listener();
  const [first, sub] = await provider.subscribe(a.l);
  assert.deepEqual(first, { username: OID, password: credential.issued[0] });
  await clock.advance(50_000);
  await until(() => a.got.length > 0);
  assert.deepEqual(a.got, [{ username: OID, password: credential.issued[1] }]);
  sub.dispose();
  await clock.advance(50_000);
  await tick();
  assert.equal(a.got.length, 1, "a disposed subscription gets nothing");
  auth.close();
});

test("exclusive: a new subscription (reconnect) replaces the previous one, so one AUTH per refresh", async () => {
  const { auth, clock } = setup();
  const shared = nodeRedisCredentials(auth);
  const exclusive = nodeRedisCredentials(auth, { exclusive: true });
  const s1 = listener(),
    s2 = listener(),
    e1 = listener(),
    e2 = listener();
  await shared.subscribe(s1.l);
  await shared.subscribe(s2.l);
  await exclusive.subscribe(e1.l);
  await exclusive.subscribe(e2.l);
  await clock.advance(50_000);
  await until(() => s1.got.length + s2.got.length + e2.got.length >= 3);
  await tick();
  assert.equal(s1.got.length + s2.got.length, 2, "a shared provider serves every subscription");
  assert.equal(e1.got.length, 0, "the replaced subscription is dropped");
  assert.equal(e2.got.length, 1);
  auth.close();
});

test("WRONGPASS on re-AUTH forces one refresh and reports a redacted explanation", async () => {
  const { auth, credential, clock } = setup();
  const provider = nodeRedisCredentials(auth);
  const a = listener();
  await provider.subscribe(a.l);
  const failures: string[] = [];
  auth.on("reauthFailed", (e) => failures.push(e.message));
  await clock.advance(7000);
  provider.onReAuthenticationError(
    new Error("WRONGPASS invalid username-password pair or user is disabled."),
  );
  provider.onReAuthenticationError(
    new Error("WRONGPASS invalid username-password pair or user is disabled."),
  );
  await until(() => a.got.length > 0, clock);
  assert.equal(credential.calls, 2, "one forced refresh for the same token, not one per error");
  assert.equal(a.got.length, 1, "the refreshed credentials were pushed");
  assert.match(failures[0] ?? "", /no data access policy assignment/);
  auth.close();
});

test("an expired token is reported to subscribers as a stream error", async () => {
  const { auth, clock, credential } = setup();
  const provider = nodeRedisCredentials(auth);
  const a = listener();
  await provider.subscribe(a.l);
  credential.fallback = "fail";
  await clock.advance(70_000);
  assert.equal(a.errors.length, 1);
  assert.match(a.errors[0].message, /expired .* because refreshing it kept failing/);
  auth.close();
});
