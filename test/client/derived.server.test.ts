/**
 * Derived connections stay bound (issue 9, item 1): ioredis `Redis#duplicate()`, the subscriber's
 * connection's duplicate and node-redis `duplicate()`, each used the three ways libraries use them
 * (subscribed, blocked, running transactions) across token expiry, with sequence numbers counted end
 * to end and the gateway's own counters checked; a handshake that reaches the gateway after its
 * token expired; and the ready check under every built-in policy, without noise.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import {
  connectIoredis,
  connectIoredisSubscriber,
  connectNodeRedis,
  createEntraAuth,
  type EntraAuth,
} from "../../src/client/index.ts";
import { startLocalEntraRedis } from "../../src/testing/index.ts";
import { Capture, LIFETIME_MS, TIMING, rotationCounter, waitFor, type Gateway } from "./integration.ts";
import { assertSequence, startRelay, watchIdentity } from "./derived-kit.ts";

/** A fresh identity on `gw` with `policy`, its EntraAuth (scaled-down timing) and what the gateway saw of it. */
async function identity(gw: Gateway, capture: Capture, policy = "Data Contributor") {
  const objectId = randomUUID();
  await gw.assign(objectId, policy);
  const seen = watchIdentity(gw, objectId);
  const auth = createEntraAuth({
    credential: gw.credential(objectId, { lifetimeMs: LIFETIME_MS }),
    ...TIMING,
    logger: { warn: (m) => capture.lines.push(m) },
  });
  capture.watch(auth);
  return { objectId, auth, seen, rotations: rotationCounter(auth) };
}

function quiet(redis: { disconnect(): void }): void {
  redis.disconnect();
}

describe("a handshake that reaches the gateway after its token expired", { timeout: 60_000 }, () => {
  test("ioredis (connectIoredis, duplicate()) sends the token current when the HELLO goes out", async (t) => {
    const gw = await startLocalEntraRedis({ tokenLifetimeMs: LIFETIME_MS });
    t.after(() => gw.stop());
    const capture = new Capture();
    const { auth, seen, rotations } = await identity(gw, capture);
    t.after(() => auth.close());
    // Every connection's TLS handshake (so its HELLO) arrives a whole token lifetime late: the token
    // taken when the connection started has expired by then, while the token manager has rotated.
    const hold = LIFETIME_MS + 800;
    const relay = await startRelay(gw, () => hold);
    t.after(() => relay.stop());
    const errors: unknown[] = [];
    const pub = await connectIoredis(auth, {
      host: gw.host,
      port: relay.port,
      tls: { ca: gw.ca },
      connectTimeout: 10_000,
    });
    t.after(() => quiet(pub));
    pub.on("error", (err) => errors.push(err));
    // What the Socket.IO adapter does: duplicate(), then subscribe at once (queued until ready).
    const sub = pub.duplicate();
    t.after(() => quiet(sub));
    sub.on("error", (err) => errors.push(err));
    const received: number[] = [];
    sub.on("message", (_channel, message: string) => received.push(Number(message)));
    const subscribed = sub.subscribe("derived:late").then(
      () => "subscribed",
      (err: unknown) => `subscribe failed: ${String(err)}`,
    );
    assert.equal(await subscribed, "subscribed");
    let sent = 0;
    for (; sent < 20; sent++) await pub.publish("derived:late", String(sent));
    await waitFor("every message", () => received.length >= sent, 5000);
    assertSequence(received, sent, "messages");
    assert.deepEqual(seen.refused, [], "no AUTH refused: each handshake carried the current token");
    assert.deepEqual(errors, [], "no connection error");
    assert.ok(rotations.count >= 2, `the token rotated while the handshakes waited (${rotations.count})`);
    assert.equal(relay.connections, 2, "one connection each, no reconnect");
  });

  test("the ioredis subscriber (connectIoredisSubscriber) sends the token current when the HELLO goes out", async (t) => {
    const gw = await startLocalEntraRedis({ tokenLifetimeMs: LIFETIME_MS });
    t.after(() => gw.stop());
    const capture = new Capture();
    const { auth, seen, rotations } = await identity(gw, capture);
    t.after(() => auth.close());
    const relay = await startRelay(gw, (n) => (n === 0 ? LIFETIME_MS + 800 : 0));
    t.after(() => relay.stop());
    const sub = await connectIoredisSubscriber(auth, {
      host: gw.host,
      port: relay.port,
      tls: { ca: gw.ca },
      connectTimeout: 10_000,
    });
    t.after(() => sub.quit());
    assert.deepEqual(seen.refused, [], "the first HELLO carried the current token");
    assert.equal(relay.connections, 1, "no second attempt was needed");
    assert.ok(rotations.count >= 1, `the token rotated while the handshake waited (${rotations.count})`);
  });

  test("node-redis (connectNodeRedis, duplicate()) sends the token current when the HELLO goes out", async (t) => {
    const gw = await startLocalEntraRedis({ tokenLifetimeMs: LIFETIME_MS });
    t.after(() => gw.stop());
    const capture = new Capture();
    const { auth, seen } = await identity(gw, capture);
    t.after(() => auth.close());
    const relay = await startRelay(gw, () => LIFETIME_MS + 800);
    t.after(() => relay.stop());
    const errors: unknown[] = [];
    const pub = await connectNodeRedis(auth, {
      socket: { host: gw.host, port: relay.port, ca: gw.ca, connectTimeout: 10_000 },
    });
    pub.on("error", (err) => errors.push(err));
    t.after(() => pub.destroy());
    const sub = pub.duplicate();
    sub.on("error", (err) => errors.push(err));
    t.after(() => sub.destroy());
    await sub.connect();
    const received: number[] = [];
    await sub.subscribe("derived:late", (message) => received.push(Number(message)));
    let sent = 0;
    for (; sent < 20; sent++) await pub.publish("derived:late", String(sent));
    await waitFor("every message", () => received.length >= sent, 5000);
    assertSequence(received, sent, "messages");
    assert.deepEqual(seen.refused, [], "no AUTH refused");
    assert.deepEqual(errors, [], "no connection error");
  });
});
