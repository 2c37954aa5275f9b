/**
 * Reply matching: the gateway learns whether an AUTH succeeded from Redis's reply, which it finds by
 * matching replies to requests in order while skipping pub/sub messages and RESP3 pushes. These
 * tests drive tricky sequences and check that AUTH outcomes (connection expiry, events) stay right
 * and that every byte still reaches the client in order.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startLocalEntraRedis, type AuthEvent, type LocalEntraRedis } from "../../../src/testing/index.ts";
import { OID, RawClient, SCOPE, cmd, errorOf, waitFor } from "./helpers.ts";

describe("local gateway: reply matching", () => {
  let gw: LocalEntraRedis;
  let pub: RawClient;
  const events: AuthEvent[] = [];
  const token = async () => (await gw.credential(OID, { lifetimeMs: 120_000 }).getToken(SCOPE))!;

  before(async () => {
    gw = await startLocalEntraRedis();
    await gw.assign(OID, "Data Owner");
    gw.on("auth", (e: AuthEvent) => events.push(e));
    pub = await RawClient.tls(gw);
    assert.equal(await pub.call("AUTH", OID, (await token()).token), "OK");
  });
  after(async () => {
    pub.close();
    await gw.stop();
  });

  /** The open connection with this id's current expiry. */
  const expiryOf = (c: RawClient) =>
    gw.connections().find((x) => x.open && x.remotePort === c.socket.localPort)?.expiresAt;

  test("RESP2: subscribe to several channels and patterns, messages in between, unsubscribe all, then AUTH", async () => {
    const c = await RawClient.tls(gw);
    const first = await token();
    assert.equal(await c.call("AUTH", OID, first.token), "OK");
    c.write(cmd("SUBSCRIBE", "a", "b", "c") + cmd("PSUBSCRIBE", "p*", "q*"));
    const confirms = await c.read(5);
    assert.deepEqual(
      confirms.map((r) => (r as unknown[])[0]),
      ["subscribe", "subscribe", "subscribe", "psubscribe", "psubscribe"],
    );
    // Messages arrive while more commands are in flight.
    assert.equal(await pub.call("PUBLISH", "a", "m1"), 1);
    assert.equal(await pub.call("PUBLISH", "pp", "m2"), 1);
    c.write(cmd("PING", "x") + cmd("UNSUBSCRIBE") + cmd("PUNSUBSCRIBE"));
    const rest = await c.read(2 + 1 + 3 + 2);
    assert.deepEqual(rest[0], ["message", "a", "m1"]);
    assert.deepEqual(rest[1], ["pmessage", "p*", "pp", "m2"]);
    assert.deepEqual(rest[2], ["pong", "x"]);
    assert.deepEqual(
      rest.slice(3, 6).map((r) => (r as unknown[])[0]),
      ["unsubscribe", "unsubscribe", "unsubscribe"],
    );
    assert.deepEqual(
      rest.slice(6).map((r) => (r as unknown[])[0]),
      ["punsubscribe", "punsubscribe"],
    );
    assert.equal(expiryOf(c), first.expiresOnTimestamp);
    // Out of subscribe mode: a re-AUTH is allowed and recognised.
    const second = await token();
    assert.equal(await c.call("AUTH", OID, second.token), "OK");
    assert.equal(expiryOf(c), second.expiresOnTimestamp);
    assert.equal(await c.call("GET", "nothing"), null);
    c.close();
  });

  test("RESP2: UNSUBSCRIBE when not subscribed, and SUBSCRIBE refused by ACL, keep the count right", async () => {
    await gw.assign("c0ffee00-0000-4000-8000-000000000002", "+@all allkeys resetchannels &allowed");
    const c = await RawClient.tls(gw);
    const t = await gw.credential("c0ffee00-0000-4000-8000-000000000002").getToken(SCOPE);
    c.write(
      cmd("AUTH", "c0ffee00-0000-4000-8000-000000000002", t!.token) +
        cmd("UNSUBSCRIBE") +
        cmd("SUBSCRIBE", "forbidden") +
        cmd("ECHO", "still-in-order"),
    );
    const r = await c.read(4);
    assert.equal(r[0], "OK");
    assert.deepEqual(r[1], ["unsubscribe", null, 0]);
    assert.match(errorOf(r[2]) ?? "", /^NOPERM/);
    assert.equal(r[3], "still-in-order");
    const again = await gw.credential("c0ffee00-0000-4000-8000-000000000002").getToken(SCOPE);
    assert.equal(await c.call("AUTH", "c0ffee00-0000-4000-8000-000000000002", again!.token), "OK");
    assert.equal(
      gw.connections().find((x) => x.open && x.remotePort === c.socket.localPort)?.expiresAt,
      again!.expiresOnTimestamp,
    );
    c.close();
  });

  test("RESP3: pushes interleaved with replies do not shift AUTH results", async () => {
    const c = await RawClient.tls(gw);
    const first = await token();
    c.write(cmd("HELLO", "3", "AUTH", OID, first.token));
    await c.read(1);
    c.write(cmd("SUBSCRIBE", "r3") + cmd("CLIENT", "TRACKING", "on"));
    const [sub, tracking] = await c.read(2);
    assert.deepEqual(sub, { push: ["subscribe", "r3", 1] });
    assert.equal(tracking, "OK");
    assert.equal(await c.call("GET", "tracked"), null);
    assert.equal(await pub.call("SET", "tracked", "1"), "OK"); // invalidation push
    assert.equal(await pub.call("PUBLISH", "r3", "hi"), 1); // message push
    const bad = await gw.credential(OID, { expired: true }).getToken(SCOPE);
    const good = await token();
    c.write(cmd("AUTH", OID, bad!.token) + cmd("AUTH", OID, good.token));
    const values = await c.read(4);
    const pushes = values.filter((v) => v && typeof v === "object" && "push" in v);
    const replies = values.filter((v) => !(v && typeof v === "object" && "push" in v));
    assert.equal(pushes.length, 2);
    assert.match(errorOf(replies[0]) ?? "", /^WRONGPASS/);
    assert.equal(replies[1], "OK");
    await waitFor("expiry update", () => expiryOf(c) === good.expiresOnTimestamp, 2000);
    c.close();
  });

  test("AUTH inside MULTI is refused (it would run at EXEC, whose reply the gateway does not read)", async () => {
    const c = await RawClient.tls(gw);
    const first = await token();
    assert.equal(await c.call("AUTH", OID, first.token), "OK");
    const before = events.length;
    const second = await token();
    c.write(cmd("MULTI") + cmd("AUTH", OID, second.token) + cmd("EXEC"));
    const r = await c.read(3);
    assert.equal(r[0], "OK");
    assert.equal(r[1], "QUEUED");
    assert.match(errorOf((r[2] as Parameters<typeof errorOf>[0][])[0]) ?? "", /^WRONGPASS/);
    assert.equal(events.slice(before).filter((e) => e.accepted).length, 0);
    assert.equal(expiryOf(c), first.expiresOnTimestamp);
    c.close();
  });

  test("a 4 MiB value and a 1000-command pipeline pass through intact", async () => {
    const c = await RawClient.tls(gw);
    assert.equal(await c.call("AUTH", OID, (await token()).token), "OK");
    const big = "z".repeat(4 * 1024 * 1024);
    assert.equal(await c.call("SET", "big", big), "OK");
    assert.equal(await c.call("GET", "big"), big);
    let batch = "";
    for (let i = 0; i < 1000; i++) batch += cmd("ECHO", String(i));
    c.write(batch);
    const r = await c.read(1000);
    assert.deepEqual(
      r,
      Array.from({ length: 1000 }, (_, i) => String(i)),
    );
    c.close();
  });

  test("after CLIENT REPLY OFF an AUTH is refused: the gateway could not see Redis's answer", async () => {
    const c = await RawClient.tls(gw);
    const first = await token();
    assert.equal(await c.call("AUTH", OID, first.token), "OK");
    const next = await token();
    c.write(cmd("CLIENT", "REPLY", "OFF") + cmd("AUTH", OID, next.token) + cmd("CLIENT", "REPLY", "ON"));
    assert.deepEqual(await c.read(1), ["OK"]);
    assert.equal(expiryOf(c), first.expiresOnTimestamp);
    c.close();
  });

  test("RESET returns the connection to unauthenticated, with no expiry to enforce", async () => {
    const c = await RawClient.tls(gw);
    assert.equal(await c.call("AUTH", OID, (await token()).token), "OK");
    assert.equal(await c.call("RESET"), "RESET");
    assert.match(errorOf(await c.call("GET", "k")) ?? "", /^NOAUTH/);
    await waitFor("expiry cleared", () => expiryOf(c) === undefined, 2000);
    c.close();
  });
});
