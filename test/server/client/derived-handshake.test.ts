/**
 * Derived connections stay bound (issue 9, item 1): a handshake that reaches the gateway after its
 * token expired (held back by a relay, as on a slow network or a starved process) carries the token
 * current when the HELLO goes out, for ioredis (connectIoredis, duplicate(), the subscriber) and
 * node-redis; an ioredis duplicate() whose first HELLO is refused refreshes and retries, keeping the
 * commands queued on it.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import {
  connectIoredis,
  connectIoredisSubscriber,
  connectNodeRedis,
  createEntraAuth,
} from "../../../src/client/index.ts";
import { startLocalEntraRedis } from "../../../src/testing/index.ts";
import { Capture, LIFETIME_MS, TIMING, waitFor } from "./integration.ts";
import { assertSequence, identity, quiet, startRelay, watchIdentity } from "./derived-kit.ts";
import { FakeClock } from "../../support/fake-clock.ts";

/**
 * Waits for `p` while the fake clock moves on in 50 ms steps (the token manager's retries and refreshes
 * run on it), at most 10 s of clock time and 20 s of real time.
 */
async function whileClockRuns<T>(clock: FakeClock, p: Promise<T>): Promise<T> {
  let done = false;
  const result = p.finally(() => {
    done = true;
  });
  const realDeadline = Date.now() + 20_000;
  for (let moved = 0; !done && moved < 10_000 && Date.now() < realDeadline; moved += 50) {
    await clock.advance(50);
    await new Promise((r) => setTimeout(r, 5));
  }
  if (!done) throw new Error("still waiting after 10 s of clock time");
  return result;
}

describe(
  "a handshake that reaches the gateway after its token expired",
  { timeout: 60_000, concurrency: true },
  () => {
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

    // Token time on a fake clock shared by the gateway and the token manager: the untrusted token stays
    // the current one until the test moves time (on the real clock, a planned refresh on a loaded
    // machine replaced it, or came before the forced one: CI saw 3 calls where 2 were expected).
    test("an ioredis duplicate() whose first HELLO is refused refreshes and retries, keeping the commands queued on it", async (t) => {
      const clock = new FakeClock(Date.now());
      const gw = await startLocalEntraRedis({ tokenLifetimeMs: LIFETIME_MS, clock });
      t.after(() => gw.stop());
      const objectId = randomUUID();
      await gw.assign(objectId, "Data Contributor");
      const seen = watchIdentity(gw, objectId);
      // The second token is signed with a key the gateway does not trust; the others are good.
      const good = gw.credential(objectId, { lifetimeMs: LIFETIME_MS });
      const bad = gw.credential(objectId, { lifetimeMs: LIFETIME_MS, signWithForeignKey: true });
      let calls = 0;
      const credential = {
        getToken: (scopes: string | string[], options?: { abortSignal?: AbortSignal }) =>
          (++calls === 2 ? bad : good).getToken(scopes, options),
      };
      const capture = new Capture();
      const auth = createEntraAuth({
        credential,
        ...TIMING,
        // The publisher's own re-AUTH with the untrusted token (refused, so it forces the refresh to a
        // good token) must not come before the duplicate's HELLO: with the draw at 0.99 of a 1 s
        // spread it falls due about 1 s of clock time after the refresh, and the clock stands still
        // (below) until the gateway has seen that HELLO. (A fresh-clone CI run saw the publisher's
        // refusal force the refresh first, so the HELLO went out with a good token.)
        reauthSpreadMs: 1000,
        random: () => 0.99,
        clock,
        logger: { warn: (m) => capture.lines.push(m) },
      });
      t.after(() => auth.close());
      const pub = await connectIoredis(auth, { host: gw.host, port: gw.port, tls: { ca: gw.ca } });
      t.after(() => quiet(pub));
      pub.on("error", () => undefined);
      // Make the untrusted token the current one, old enough (10% of its life) for a forced refresh;
      // its planned refresh (a margin of 1 s before its 2.5 s life ends) stays ahead.
      await clock.advance(LIFETIME_MS / 10 + 50);
      await auth.refresh();
      assert.equal(calls, 2);
      await clock.advance(LIFETIME_MS / 10 + 50);
      const errors: unknown[] = [];
      const sub = pub.duplicate();
      t.after(() => quiet(sub));
      sub.on("error", (err) => errors.push(err));
      const received: number[] = [];
      sub.on("message", (_channel, message: string) => received.push(Number(message)));
      const subscribing = sub.subscribe("derived:refused");
      await waitFor(
        "the duplicate's first HELLO at the gateway",
        () => seen.refused.some((r) => r.startsWith("HELLO")),
        10_000,
      ).catch(() => undefined); // asserted below, with what the gateway saw
      const subscribed = await whileClockRuns(
        clock,
        subscribing.then(
          () => "subscribed",
          (err: unknown) => `subscribe failed: ${String(err)}`,
        ),
      );
      assert.equal(
        subscribed,
        "subscribed",
        "the SUBSCRIBE queued during the refused handshake went through",
      );
      assert.ok(
        seen.refused.some((r) => r.startsWith("HELLO")),
        `the duplicate's first HELLO was refused (${seen.refused.join("; ")})`,
      );
      let sent = 0;
      for (; sent < 20; sent++) await pub.publish("derived:refused", String(sent));
      await waitFor("every message", () => received.length >= sent, 5000);
      assertSequence(received, sent, "messages");
      assert.deepEqual(errors, [], "no error event: the refusal was handled");
      assert.ok(calls >= 3, "a forced refresh fetched a good token");
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
  },
);
