/**
 * Fault matrix, node-redis blocking commands across token expiry (`connectNodeRedis`, RESP3, local
 * gateway with 2.5 s tokens): the server closes a connection blocked past its token's expiry (the
 * re-AUTH waits behind the blocked command); the bound client resends the blocking command after
 * node-redis reconnects, so the app's promise gets the value instead of `Socket closed unexpectedly`.
 * Token time is a fake clock shared by the token managers and the gateway: a row moves it through a
 * token's life (`time.pastExpiry`) and waits for the reconnects that follow; the row about a blocking
 * command's own timeout runs on the real clock (Redis counts that timeout in real time).
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { connectNodeRedis, connectNodeRedisCluster, type EntraAuth } from "../../../../src/client/index.ts";
import {
  Capture,
  OBJECT_ID,
  closeWithin,
  startGateway,
  type ClientKit,
  type Gateway,
} from "../integration.ts";
import { FakeClock } from "../../../support/fake-clock.ts";
import { waitFor } from "../../support/time.ts";
import { FaultTime, authOn, cleanupsFor, eventsOf, settleWithin, sleep } from "./kit.ts";

const KIT = { name: "node-redis blocking", gateway: {}, connectionsPerClient: 1 } as ClientKit;

type Client = Awaited<ReturnType<typeof connectNodeRedis>>;

describe("fault matrix: node-redis blocking commands across expiry", { timeout: 180_000 }, () => {
  let gw: Gateway;
  const capture = new Capture();
  const clock = new FakeClock(Date.now());
  const time = new FaultTime(clock, () => gw);
  before(async () => {
    gw = await startGateway(KIT, undefined, { clock });
  });
  after(async () => {
    await gw?.stop();
  });

  /** A connected client and how often it reconnected (each one: a connection closed under it). */
  async function connect(
    auth: EntraAuth,
    cleanup: (fn: () => unknown) => void,
    on: Gateway = gw,
  ): Promise<{ client: Client; reconnects: () => number }> {
    const client = await connectNodeRedis(auth, {
      socket: { host: on.host, port: on.port, tls: true, ca: on.ca, reconnectStrategy: () => 100 },
    });
    let reconnects = 0;
    client.on("error", () => undefined);
    client.on("reconnecting", () => (reconnects += 1));
    cleanup(async () => {
      await closeWithin(() => client.close());
      try {
        client.destroy();
      } catch {
        // already closed
      }
    });
    return { client, reconnects: () => reconnects };
  }

  test("BLPOP 0 issued before expiry, value pushed after it: the promise resolves with the value", async (t) => {
    const cleanup = cleanupsFor(t);
    const auth = authOn(gw.credential(OBJECT_ID), capture, { clock });
    cleanup(() => auth.close());
    const { client: blocker, reconnects } = await connect(auth, cleanup);
    const { client: pusher } = await connect(auth, cleanup);
    const key = `q:${randomUUID()}`;
    const from = capture.things.length;
    const popped = settleWithin(blocker.blPop(key, 0), 20_000);
    for (let i = 0; i < 2; i++) await time.pastExpiry(auth);
    await waitFor(
      "the blocked connection closed at expiry (the case under test)",
      () => reconnects() >= 1,
      10_000,
    );
    await pusher.lPush(key, "job");
    const r = await popped;
    assert.ok("ok" in r, "BLPOP settled");
    assert.ok(r.ok, `BLPOP resolved, not rejected (${r.ok ? "" : String(r.error)})`);
    assert.deepEqual(r.value, { key, element: "job" });
    assert.equal(await pusher.lLen(key), 0, "popped once");
    // The re-AUTH that waited behind BLPOP was never answered: said so, not explained as a refusal.
    const unanswered = eventsOf(capture, "reauthFailed", from) as { message: string }[];
    assert.ok(unanswered.length >= 1, "the re-AUTH behind BLPOP was reported");
    for (const e of unanswered) assert.match(e.message, /^re-AUTH not answered: the connection closed first/);
  });

  test("BLMOVE, BZPOPMIN, BLMPOP, XREAD BLOCK (explicit id) and XREADGROUP BLOCK (>) with timeout 0 across expiry all get their value", async (t) => {
    const cleanup = cleanupsFor(t);
    const auth = authOn(gw.credential(OBJECT_ID), capture, { clock });
    cleanup(() => auth.close());
    const id = randomUUID();
    const { client: pusher } = await connect(auth, cleanup);
    const stream = `s:${id}`;
    const groupStream = `g:${id}`;
    await pusher.xGroupCreate(groupStream, "grp", "$", { MKSTREAM: true });
    const blockers = await Promise.all([...Array(5).keys()].map(() => connect(auth, cleanup)));
    const [a, b, c, d, e] = blockers.map((x) => x.client) as [Client, Client, Client, Client, Client];
    const results = [
      settleWithin(a.blMove(`src:${id}`, `dst:${id}`, "LEFT", "RIGHT", 0), 20_000),
      settleWithin(b.bzPopMin(`z:${id}`, 0), 20_000),
      settleWithin(c.blmPop(0, [`m:${id}`], "LEFT"), 20_000),
      settleWithin(d.xRead({ key: stream, id: "0-0" }, { BLOCK: 0 }), 20_000),
      settleWithin(e.xReadGroup("grp", "c1", { key: groupStream, id: ">" }, { BLOCK: 0 }), 20_000),
    ];
    for (let i = 0; i < 2; i++) await time.pastExpiry(auth);
    for (const [i, x] of blockers.entries())
      await waitFor(`blocker ${i} closed at expiry`, () => x.reconnects() >= 1, 10_000);
    await pusher.rPush(`src:${id}`, "moved");
    await pusher.zAdd(`z:${id}`, { score: 1, value: "member" });
    await pusher.rPush(`m:${id}`, "mpop");
    const entryId = await pusher.xAdd(stream, "*", { f: "v" });
    const groupEntryId = await pusher.xAdd(groupStream, "*", { g: "w" });
    const settled = await Promise.all(results);
    const values = settled.map((r, i) => {
      assert.ok("ok" in r && r.ok, `command ${i} resolved (${"error" in r ? String(r.error) : "hung"})`);
      return r.value;
    });
    assert.equal(values[0], "moved");
    assert.deepEqual(await pusher.lRange(`dst:${id}`, 0, -1), ["moved"]);
    assert.deepEqual(values[1], { key: `z:${id}`, value: "member", score: 1 });
    assert.deepEqual(values[2], [`m:${id}`, ["mpop"]]);
    const entries = (reply: unknown) =>
      JSON.parse(JSON.stringify(reply)) as unknown as { name: string; messages: { id: string }[] }[];
    // RESP3 replies of XREAD are maps; compare the ids only.
    const ids = (reply: unknown): string[] => {
      const r = entries(reply);
      if (Array.isArray(r)) return r.flatMap((s) => s.messages.map((m) => m.id));
      return Object.values(r as Record<string, { id: string }[]>).flatMap((ms) => ms.map((m) => m.id));
    };
    assert.deepEqual(ids(values[3]), [entryId]);
    assert.deepEqual(ids(values[4]), [groupEntryId]);
  });

  test("BLPOP with a 4 s timeout across expiry: resent for what is left, resolves null on time", async (t) => {
    const cleanup = cleanupsFor(t);
    // Real clock, on a gateway of its own: Redis counts the 4 s in real time, and what is left of them
    // when the command is resent must be real time too.
    const real = await startGateway(KIT);
    cleanup(() => real.stop());
    const auth = authOn(real.credential(OBJECT_ID), capture);
    cleanup(() => auth.close());
    const { client, reconnects } = await connect(auth, cleanup, real);
    const start = Date.now();
    const r = await settleWithin(client.blPop(`none:${randomUUID()}`, 4), 20_000);
    const took = Date.now() - start;
    assert.ok("ok" in r && r.ok, `resolved (${"error" in r ? String(r.error) : ""})`);
    assert.equal(r.value, null);
    assert.ok(reconnects() >= 1, "the connection was closed under it");
    assert.ok(
      took >= 3900 && took < 5500,
      `timed out after ~4 s, not 4 s plus the time before the close (${took} ms)`,
    );
  });

  test("a consumer looping on BLPOP 0 across 4 expiries: every pushed value exactly once, in order, no error", async (t) => {
    const cleanup = cleanupsFor(t);
    const auth = authOn(gw.credential(OBJECT_ID), capture, { clock });
    cleanup(() => auth.close());
    const { client: consumer, reconnects } = await connect(auth, cleanup);
    const { client: producer } = await connect(auth, cleanup);
    const key = `loop:${randomUUID()}`;
    const received: string[] = [];
    const errors: unknown[] = [];
    let stop = false;
    const loop = (async () => {
      while (!stop) {
        try {
          const r = await consumer.blPop(key, 0);
          if (r) received.push(r.element);
          if (r?.element === "end") return;
        } catch (err) {
          errors.push(err);
          await sleep(50);
        }
      }
    })();
    const sent: string[] = [];
    // Bursts of 20, each followed by a token life passing while the consumer is blocked (its connection
    // closed at the expiry, node-redis reconnecting), four times.
    for (let burst = 0; burst < 4; burst++) {
      for (let i = 0; i < 20; i++) {
        await producer.rPush(key, `${burst}:${i}`);
        sent.push(`${burst}:${i}`);
      }
      await waitFor("the consumer blocked on the empty list", () => received.length === sent.length, 10_000);
      const before = reconnects();
      await time.pastExpiry(auth);
      await waitFor(
        "the blocked consumer's connection closed at expiry",
        () => reconnects() > before,
        10_000,
      );
    }
    await producer.rPush(key, "end");
    sent.push("end");
    await settleWithin(loop, 10_000);
    stop = true;
    assert.deepEqual(errors.map(String), [], "the consumer never saw an error");
    assert.deepEqual(received, sent, "every value exactly once, in order");
    assert.ok(reconnects() >= 1, `the consumer's connection was closed at an expiry (${reconnects()} times)`);
    t.diagnostic(`${sent.length} values, consumer connection closed ${reconnects()} times`);
  });

  test("XREAD BLOCK 0 from $ across expiry: not resent (it would skip entries added meanwhile); rejected, never lost silently", async (t) => {
    const cleanup = cleanupsFor(t);
    const auth = authOn(gw.credential(OBJECT_ID), capture, { clock });
    cleanup(() => auth.close());
    const { client, reconnects } = await connect(auth, cleanup);
    const reading = settleWithin(client.xRead({ key: `s:${randomUUID()}`, id: "$" }, { BLOCK: 0 }), 10_000);
    await time.pastExpiry(auth);
    const r = await reading;
    assert.ok(!("hung" in r), "settled");
    assert.ok(reconnects() >= 1);
    assert.ok("ok" in r && !r.ok, "rejected");
    assert.match(String(r.error), /Socket closed unexpectedly|ECONNRESET/);
  });

  after(() => capture.assertNoToken());
});

describe("fault matrix: node-redis cluster blocking commands across expiry", { timeout: 120_000 }, () => {
  let gw: Gateway;
  const capture = new Capture();
  const clock = new FakeClock(Date.now());
  const time = new FaultTime(clock, () => gw);
  before(async () => {
    gw = await startGateway(
      { name: "node-redis cluster blocking", gateway: { cluster: { shards: 3 } } } as ClientKit,
      undefined,
      { clock },
    );
  });
  after(async () => {
    await gw?.stop();
  });

  async function connectCluster(auth: EntraAuth, cleanup: (fn: () => unknown) => void) {
    const cluster = await connectNodeRedisCluster(auth, {
      rootNodes: [{ socket: { host: gw.host, port: gw.port } }],
      defaults: { socket: { tls: true, ca: gw.ca, reconnectStrategy: () => 100 } },
    });
    cluster.on("error", () => undefined);
    cleanup(async () => {
      await closeWithin(() => cluster.close());
      try {
        cluster.destroy();
      } catch {
        // already closed
      }
    });
    return cluster;
  }

  test("BLPOP 0 on a cluster's duplicate, value pushed after expiry: the promise resolves with the value", async (t) => {
    const cleanup = cleanupsFor(t);
    const auth = authOn(gw.credential(OBJECT_ID), capture, { clock });
    cleanup(() => auth.close());
    // A blocking command holds its node's connection: it gets a duplicate of its own (bound too).
    const pusher = await connectCluster(auth, cleanup);
    const blocker = pusher.duplicate();
    blocker.on("error", () => undefined);
    await blocker.connect();
    cleanup(() => blocker.destroy());
    const keys = ["a", "b", "c"].map((tag) => `{${tag}}:${randomUUID()}`);
    const closedBefore = gw.stats().closedForExpiry;
    const popped = keys.map((key) => settleWithin(blocker.blPop(key, 0), 20_000));
    for (let i = 0; i < 2; i++) await time.pastExpiry(auth);
    assert.ok(gw.stats().closedForExpiry > closedBefore, "blocked node connections were closed at expiry");
    for (const key of keys) await pusher.lPush(key, `job:${key}`);
    const results = await Promise.all(popped);
    for (const [i, r] of results.entries()) {
      assert.ok(
        "ok" in r && r.ok,
        `BLPOP on ${keys[i]} resolved (${"error" in r ? String(r.error) : "hung"})`,
      );
      assert.deepEqual(r.value, { key: keys[i], element: `job:${keys[i]}` });
    }
  });

  after(() => capture.assertNoToken());
});
