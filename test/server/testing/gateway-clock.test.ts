/**
 * The gateway's injectable clock (`startLocalEntraRedis({ clock })`): tokens are minted, checked
 * (`nbf`, `exp`) and their connections closed for expiry on it, so a test moves time instead of
 * waiting for it. Bad clocks are refused before anything starts.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  startLocalEntraRedis,
  type ConnectionEvent,
  type LocalEntraRedis,
} from "../../../src/testing/index.ts";
import { FakeClock } from "../../support/fake-clock.ts";
import { eventWithin } from "../support/time.ts";
import { OID, RawClient, SCOPE, cmd } from "./helpers.ts";

describe("local gateway: injected clock", () => {
  const clock = new FakeClock(Date.now() - 24 * 60 * 60_000);
  let gw: LocalEntraRedis;
  before(async () => {
    gw = await startLocalEntraRedis({ tokenLifetimeMs: 60 * 60_000, clock });
    await gw.assign(OID, "Data Owner");
  });
  after(async () => {
    await gw.stop();
  });

  test("credential() mints on the clock: expiresOnTimestamp is the clock's now plus the lifetime", async () => {
    const token = await gw.credential(OID).getToken(SCOPE);
    assert.ok(token);
    assert.equal(token.expiresOnTimestamp, clock.now() + 60 * 60_000);
    const c = await RawClient.tls(gw);
    // A day behind the real clock, yet valid on the gateway's: it checks against the same clock.
    assert.equal(await c.call("AUTH", OID, token.token), "OK");
    c.close();
  });

  test("exp and the expiry timer follow the clock: open until the clock passes exp, then closed for expiry", async () => {
    const token = await gw.credential(OID).getToken(SCOPE);
    assert.ok(token);
    const c = await RawClient.tls(gw);
    assert.equal(await c.call("AUTH", OID, token.token), "OK");
    await clock.advance(token.expiresOnTimestamp - clock.now() - 1);
    assert.equal(await c.call("PING"), "PONG", "open 1 ms before exp, an hour of token life later");
    const expired = eventWithin(gw, "expired");
    await clock.advance(1);
    const e = (await expired) as ConnectionEvent;
    await c.closed;
    assert.equal(e.objectId, OID);
    assert.equal(e.expiresAt, token.expiresOnTimestamp);
    // The same token is now refused as expired.
    const again = await RawClient.tls(gw);
    const refused = eventWithin(gw, "auth");
    again.write(cmd("AUTH", OID, token.token));
    await again.read(1);
    assert.equal(((await refused) as { reason?: string }).reason, "expired");
    again.close();
  });

  test("nbf follows the clock: a token not valid yet becomes valid when the clock reaches it", async () => {
    const token = await gw.credential(OID, { notBeforeOffsetMs: 60_000 }).getToken(SCOPE);
    assert.ok(token);
    const c = await RawClient.tls(gw);
    const refused = eventWithin(gw, "auth");
    c.write(cmd("AUTH", OID, token.token));
    await c.read(1);
    assert.equal(((await refused) as { reason?: string }).reason, "not-yet-valid");
    await clock.advance(60_000);
    assert.equal(await c.call("AUTH", OID, token.token), "OK");
    c.close();
  });
});

test("startLocalEntraRedis({ clock }) refuses a clock without now/setTimeout/clearTimeout, naming the fix", async () => {
  for (const clock of [null, 5, { now: () => 0 }]) {
    await assert.rejects(
      startLocalEntraRedis({ clock: clock as never }),
      (err: Error) =>
        err instanceof TypeError && /clock must have now\(\), setTimeout.*leave it out/.test(err.message),
    );
  }
});
