/**
 * A refresh that lands while a connection is being made: its handshake already carried the older
 * token, and the new token arrived before the connection was bound to the token manager. The binding
 * catches up (re-AUTH, or for the RESP2 subscriber a make-before-break rotation, within the re-AUTH
 * spread); before, nothing acted on that token, and the connection met its older token's expiry (the
 * next refresh comes a token life later): a fresh-clone run saw the subscriber's new connection so.
 *
 * The race is made, not hoped for: when the gateway sees the connection's AUTH accepted it freezes
 * redis-server, forces a refresh and thaws it once the new token is there; the connection's ready
 * check (INFO, `enableReadyCheck: true`) is held meanwhile, so the client is bound only after the
 * refresh. Each test asserts that the race happened before it checks the catch-up. Token time is a
 * fake clock shared by the gateway and the token manager.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  connectIoredis,
  connectIoredisSubscriber,
  createEntraAuth,
  type EntraAuth,
} from "../../../src/client/index.ts";
import { startLocalEntraRedis } from "../../../src/testing/index.ts";
import { FakeClock } from "../../support/fake-clock.ts";
import { eventWithin } from "../support/time.ts";
import { staleConnections } from "../support/token-time.ts";
import { closeWithin, LIFETIME_MS, OBJECT_ID, TIMING, waitFor, type Gateway } from "./integration.ts";

interface Setup {
  clock: FakeClock;
  gw: Gateway;
  auth: EntraAuth;
  /** Expiry of the token the connection's handshake carries. */
  older: number;
}

async function setup(t: { after(fn: () => unknown): void }): Promise<Setup> {
  const clock = new FakeClock(Date.now());
  const gw = await startLocalEntraRedis({ tokenLifetimeMs: LIFETIME_MS, clock });
  t.after(() => gw.stop());
  await gw.assign(OBJECT_ID, "Data Owner");
  const auth = createEntraAuth({ credential: gw.credential(OBJECT_ID), ...TIMING, clock });
  t.after(() => auth.close());
  const older = (await auth.getCredentials()).expiresOnTimestamp;
  // Some token time passes (less than the refresh margin), so the forced refresh's token expires later.
  await clock.advance(500);
  // The next accepted AUTH: redis-server frozen, a refresh forced, thawed once the new token is there.
  let armed = true;
  gw.on("auth", (e: { accepted: boolean }) => {
    if (!armed || !e.accepted) return;
    armed = false;
    gw.pauseBackend();
    void auth
      .refresh()
      .catch(() => undefined)
      .finally(() => gw.resumeBackend());
  });
  return { clock, gw, auth, older };
}

/** The open authenticated gateway connections and the expiry of the token each carries. */
function carried(gw: Gateway): number[] {
  return gw
    .connections()
    .filter((c) => c.open && c.expiresAt !== undefined)
    .map((c) => c.expiresAt!);
}

/** The race happened: the handshake carried the older token, the token manager holds a newer one. */
function assertRaced({ gw, auth, older }: Setup): number {
  const newer = auth.current()?.expiresOnTimestamp;
  assert.ok(newer !== undefined && newer > older + 1, "the refresh came during the handshake");
  assert.deepEqual(
    carried(gw).map((e) => Math.abs(e - older) <= 1),
    [true],
    "one connection, on the older token",
  );
  return newer;
}

test("connectIoredis: a refresh between the handshake and the binding is followed by a re-AUTH within the spread", async (t) => {
  const s = await setup(t);
  const redis = await connectIoredis(s.auth, {
    host: s.gw.host,
    port: s.gw.port,
    tls: { ca: s.gw.ca },
    enableReadyCheck: true,
  });
  t.after(() => closeWithin(() => redis.quit()).then(() => redis.disconnect()));
  const newer = assertRaced(s);
  await s.clock.advance((TIMING.reauthSpreadMs ?? 250) + 1);
  await waitFor(
    "the connection re-AUTHed with the newer token",
    () => staleConnections(s.gw, newer).length === 0,
    10_000,
  );
  // Past the older token's expiry: the connection is still open and serves.
  await s.clock.advance(s.older - s.clock.now() + 100);
  assert.equal(await redis.ping(), "PONG");
  assert.equal(s.gw.connections().filter((c) => c.closedForExpiry).length, 0, "nothing closed for expiry");
});

test("connectIoredisSubscriber: a refresh between the handshake and the binding is followed by a rotation within the spread, and messages flow past the older token's expiry", async (t) => {
  const s = await setup(t);
  const options = { host: s.gw.host, port: s.gw.port, tls: { ca: s.gw.ca }, enableReadyCheck: true };
  const sub = await connectIoredisSubscriber(s.auth, options);
  t.after(() => sub.quit());
  const newer = assertRaced(s);
  const received: string[] = [];
  sub.on("message", (_c: string, m: string) => received.push(m));
  await sub.subscribe("race");
  const rotated = eventWithin(sub, "rotated", 10_000);
  await s.clock.advance((TIMING.reauthSpreadMs ?? 250) + 1);
  await rotated;
  await waitFor(
    "only connections on the newer token",
    () => staleConnections(s.gw, newer).length === 0,
    10_000,
  );
  await s.clock.advance(s.older - s.clock.now() + 100);
  assert.equal(s.gw.connections().filter((c) => c.closedForExpiry).length, 0, "nothing closed for expiry");
  const pub = await connectIoredis(s.auth, { host: s.gw.host, port: s.gw.port, tls: { ca: s.gw.ca } });
  t.after(() => closeWithin(() => pub.quit()).then(() => pub.disconnect()));
  await waitFor(
    "a message on the rotated connection",
    async () => {
      await pub.publish("race", "after");
      return received.includes("after");
    },
    10_000,
    100,
  );
});
