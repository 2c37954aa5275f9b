/**
 * Token expiry: the gateway closes a connection whose accepted token expired without a successful
 * re-AUTH (within 1 s of `exp`), keeps one that re-authenticated, and reports it in counters,
 * connection info and events.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  startLocalEntraRedis,
  type ConnectionEvent,
  type LocalEntraRedis,
} from "../../../src/testing/index.ts";
import { OID, RawClient, SCOPE, cmd, waitFor } from "./helpers.ts";

describe("local gateway: token expiry", () => {
  let gw: LocalEntraRedis;
  before(async () => {
    gw = await startLocalEntraRedis({ tokenLifetimeMs: 1500 });
    await gw.assign(OID, "Data Owner");
  });
  after(async () => {
    await gw.stop();
  });

  test("a connection that does not re-authenticate is closed within 1 s of its token's expiry", async () => {
    const expired: ConnectionEvent[] = [];
    gw.on("expired", (e: ConnectionEvent) => expired.push(e));
    const cred = gw.credential(OID);
    const token = await cred.getToken(SCOPE);
    assert.ok(token);
    const c = await RawClient.tls(gw);
    assert.equal(await c.call("AUTH", OID, token.token), "OK");
    assert.equal(await c.call("PING"), "PONG");
    const closedAt = await c.closed;
    const late = closedAt - token.expiresOnTimestamp;
    assert.ok(late >= 0, `closed ${-late} ms before the token expired`);
    assert.ok(late < 1000, `closed ${late} ms after the token expired (bound: 1000 ms)`);
    assert.equal(expired.length, 1);
    assert.equal(expired[0].objectId, OID);
    assert.equal(expired[0].expiresAt, token.expiresOnTimestamp);
    const info = gw.connections().find((x) => x.id === expired[0].id);
    assert.ok(info);
    assert.equal(info.closedForExpiry, true);
    assert.equal(info.open, false);
    assert.ok(gw.stats().closedForExpiry >= 1);
  });

  test("a connection that re-authenticates before expiry stays open past the first token's expiry", async () => {
    const cred = gw.credential(OID);
    const first = await cred.getToken(SCOPE);
    assert.ok(first);
    const c = await RawClient.tls(gw);
    assert.equal(await c.call("AUTH", OID, first.token), "OK");
    // Re-AUTH with a fresh token halfway through the first one's life.
    await new Promise((r) => setTimeout(r, Math.max(0, first.expiresOnTimestamp - Date.now() - 700)));
    const second = await cred.getToken(SCOPE);
    assert.ok(second && second.expiresOnTimestamp > first.expiresOnTimestamp);
    assert.equal(await c.call("AUTH", OID, second.token), "OK");
    // Wait until well past the first expiry (bounded by the second token's own life).
    await waitFor(
      "first token to be 300 ms expired",
      () => Date.now() > first.expiresOnTimestamp + 300,
      5000,
    );
    assert.equal(await c.call("PING"), "PONG");
    const info = gw.connections().find((x) => x.open && x.expiresAt === second.expiresOnTimestamp);
    assert.ok(info, "connection info shows the new expiry");
    assert.equal(info.authAccepted, 2);
    // Then it expires like any other.
    const closedAt = await c.closed;
    assert.ok(closedAt - second.expiresOnTimestamp < 1000);
    assert.ok(closedAt >= second.expiresOnTimestamp);
  });

  test("a refused re-AUTH does not extend the connection's life", async () => {
    const cred = gw.credential(OID);
    const token = await cred.getToken(SCOPE);
    assert.ok(token);
    const c = await RawClient.tls(gw);
    assert.equal(await c.call("AUTH", OID, token.token), "OK");
    const foreign = await gw
      .credential(OID, { signWithForeignKey: true, lifetimeMs: 60_000 })
      .getToken(SCOPE);
    c.write(cmd("AUTH", OID, foreign!.token));
    await c.read(1);
    const closedAt = await c.closed;
    assert.ok(closedAt - token.expiresOnTimestamp < 1000 && closedAt >= token.expiresOnTimestamp);
  });

  test("an unauthenticated connection is not closed for expiry", async () => {
    const idle = await RawClient.tls(gw);
    const authed = await RawClient.tls(gw);
    assert.equal(await authed.call("AUTH", OID, (await gw.credential(OID).getToken(SCOPE))!.token), "OK");
    await authed.closed;
    assert.equal(idle.socket.destroyed, false);
    assert.match(JSON.stringify(await idle.call("PING")), /NOAUTH/);
    idle.close();
  });

  test("counters and events: connection, auth, close; resetStats", async () => {
    await waitFor("earlier connections to close", () => gw.stats().connectionsOpen === 0);
    gw.resetStats();
    const seen: string[] = [];
    const onConn = () => seen.push("connection");
    const onAuth = (e: { accepted: boolean }) => seen.push(e.accepted ? "auth-ok" : "auth-refused");
    const onClose = () => seen.push("close");
    gw.on("connection", onConn);
    gw.on("auth", onAuth);
    gw.on("close", onClose);
    const c = await RawClient.tls(gw);
    const cred = gw.credential(OID, { lifetimeMs: 60_000 });
    assert.equal(await c.call("AUTH", OID, (await cred.getToken(SCOPE))!.token), "OK");
    await c.call("AUTH", OID, "nonsense");
    await c.call("SET", "a", "1");
    c.close();
    await waitFor("close event", () => seen.includes("close"));
    gw.off("connection", onConn);
    gw.off("auth", onAuth);
    gw.off("close", onClose);
    assert.deepEqual(seen, ["connection", "auth-ok", "auth-refused", "close"]);
    const s = gw.stats();
    assert.equal(s.connectionsOpened, 1);
    assert.equal(s.authAccepted, 1);
    assert.equal(s.authRefused, 1);
    assert.equal(s.commandsForwarded, 3);
    assert.equal(s.closedForExpiry, 0);
    const conns = gw.connections();
    assert.equal(conns.length, 1);
    assert.equal(conns[0].authAccepted, 1);
    assert.equal(conns[0].authRefused, 1);
    assert.equal(conns[0].objectId, OID);
  });
});

describe("local gateway: expiryGraceMs", () => {
  test("a grace period delays the close by that much", async () => {
    const gw = await startLocalEntraRedis({ tokenLifetimeMs: 500, expiryGraceMs: 700 });
    try {
      await gw.assign(OID, "Data Owner");
      const token = await gw.credential(OID).getToken(SCOPE);
      const c = await RawClient.tls(gw);
      assert.equal(await c.call("AUTH", OID, token!.token), "OK");
      const closedAt = await c.closed;
      const late = closedAt - token!.expiresOnTimestamp;
      assert.ok(late >= 700 && late < 1700, `closed ${late} ms after expiry with a 700 ms grace`);
    } finally {
      await gw.stop();
    }
  });
});
