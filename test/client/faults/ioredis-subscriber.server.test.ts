/**
 * Fault matrix, the ioredis make-before-break subscriber (`connectIoredisSubscriber`): a connection
 * that ends for good (the app's retryStrategy gives up), a channel refused with NOPERM, and front end
 * restarts, against the local Entra gateway with 2.5 s tokens.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Redis } from "ioredis";
import {
  connectIoredis,
  connectIoredisSubscriber,
  type EntraAuth,
  type EntraIoredisSubscriber,
} from "../../../src/client/index.ts";
import {
  Capture,
  OBJECT_ID,
  closeWithin,
  startGateway,
  waitFor,
  type ClientKit,
  type Gateway,
} from "../integration.ts";
import { authOn, cleanupsFor, sleep } from "./kit.ts";

const KIT = { name: "subscriber faults", gateway: {}, connectionsPerClient: 1 } as ClientKit;
/** An identity whose policy allows the `ok:*` channels only. */
const LIMITED_ID = "6f1d3c9a-2222-4e0b-9a55-0c2d7e3b9a02";

describe("fault matrix: ioredis subscriber", { timeout: 180_000 }, () => {
  let gw: Gateway;
  const capture = new Capture();
  before(async () => {
    gw = await startGateway(KIT);
    await gw.assign(LIMITED_ID, "+@all allkeys resetchannels &ok:*");
  });
  after(async () => {
    await gw?.stop();
  });

  async function publisherFor(auth: EntraAuth, cleanup: (fn: () => unknown) => void): Promise<Redis> {
    const pub = await connectIoredis(auth, { host: gw.host, port: gw.port, tls: { ca: gw.ca } });
    pub.on("error", () => undefined);
    cleanup(async () => {
      await closeWithin(() => pub.quit());
      pub.disconnect();
    });
    return pub;
  }

  async function subscriberFor(
    auth: EntraAuth,
    cleanup: (fn: () => unknown) => void,
    extra: Record<string, unknown> = {},
  ): Promise<EntraIoredisSubscriber> {
    const sub = await connectIoredisSubscriber(auth, {
      host: gw.host,
      port: gw.port,
      tls: { ca: gw.ca },
      ...extra,
    });
    sub.on("error", () => undefined);
    cleanup(() => sub.quit());
    return sub;
  }

  /** Publishes until one of these messages arrives (messages flow), or fails. */
  async function flows(pub: Redis, channel: string, received: Set<string>, what: string): Promise<void> {
    const tag = `${what}:${Date.now()}`;
    let n = 0;
    await waitFor(
      what,
      async () => {
        await pub.publish(channel, `${tag}:${n++}`).catch(() => 0);
        return [...received].some((m) => m.startsWith(`${tag}:`));
      },
      15_000,
      100,
    );
  }

  test("the connection ends for good (retryStrategy gives up): `disconnected`, retried until a new one works (fault 2)", async (t) => {
    const cleanup = cleanupsFor(t);
    const auth = authOn(gw.credential(OBJECT_ID), capture);
    cleanup(() => auth.close());
    const pub = await publisherFor(auth, cleanup);
    const sub = await subscriberFor(auth, cleanup, { retryStrategy: () => null });
    const received = new Set<string>();
    sub.on("message", (_c, m) => received.add(m));
    await sub.subscribe("news");
    await flows(pub, "news", received, "messages before");
    const disconnected: unknown[] = [];
    const failed: unknown[] = [];
    sub.on("disconnected", (e) => disconnected.push(e));
    sub.on("rotationFailed", (e) => failed.push(e));
    const rotationsBefore = sub.rotations;
    await gw.restartFrontEnd({ downForMs: 1500 });
    await waitFor("the disconnected event", () => disconnected.length > 0, 5000);
    await flows(pub, "news", received, "messages after the loss");
    assert.ok(sub.rotations > rotationsBefore, "a new connection replaced the ended one");
    t.diagnostic(`${failed.length} failed attempts while the front end was down`);
    // And it keeps rotating afterwards.
    const rotated = sub.rotations;
    await waitFor("two more rotations", () => sub.rotations >= rotated + 2, 10_000, 50);
    await flows(pub, "news", received, "messages after more rotations");
  });

  test("a rotation that fails is retried (front end down at refresh time), and messages flow again (fault 2)", async (t) => {
    const cleanup = cleanupsFor(t);
    const auth = authOn(gw.credential(OBJECT_ID), capture);
    cleanup(() => auth.close());
    const pub = await publisherFor(auth, cleanup);
    const sub = await subscriberFor(auth, cleanup);
    const received = new Set<string>();
    sub.on("message", (_c, m) => received.add(m));
    await sub.subscribe("news2");
    const failed: unknown[] = [];
    sub.on("rotationFailed", (e) => failed.push(e));
    // Down across a whole token life: rotations fail, the old connection is closed, retries go on.
    await gw.restartFrontEnd({ downForMs: 3000 });
    await flows(pub, "news2", received, "messages after the outage");
    assert.ok(failed.length > 0, "the failed rotations were reported (rotationFailed)");
    const rotated = sub.rotations;
    await waitFor("rotations after the outage", () => sub.rotations >= rotated + 2, 10_000, 50);
    await flows(pub, "news2", received, "messages after more rotations");
  });

  test("a channel refused with NOPERM is reported and dropped; the others keep flowing; nothing leaks after quit() (fault 3)", async (t) => {
    const cleanup = cleanupsFor(t);
    const auth = authOn(gw.credential(LIMITED_ID), capture);
    cleanup(() => auth.close());
    const pub = await publisherFor(auth, cleanup);
    const sub = await subscriberFor(auth, cleanup);
    const received = new Set<string>();
    sub.on("message", (_c, m) => received.add(m));
    const refused: { kind: string; names: string[] }[] = [];
    sub.on("refused", (e) => refused.push(e));
    await sub.subscribe("ok:a");
    const error = await sub.subscribe("secret", "ok:b").then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(error instanceof Error, "subscribing to a refused channel rejects");
    // Lossless across rotations on the allowed channels.
    let sent = 0;
    const start = sub.rotations;
    const deadline = Date.now() + 15_000;
    while (sub.rotations < start + 4 && Date.now() < deadline) {
      await pub.publish(sent % 2 ? "ok:a" : "ok:b", `seq:${sent}`);
      sent += 1;
      await sleep(10);
    }
    assert.ok(sub.rotations >= start + 4, `rotations go on (${sub.rotations - start} in 15 s)`);
    await waitFor(
      "every message",
      () => [...Array(sent).keys()].every((i) => received.has(`seq:${i}`)),
      5000,
    );
    assert.match(error.message, /secret/, "the error names the refused channel");
    assert.deepEqual(
      refused.map((r) => [r.kind, r.names]),
      [["channel", ["secret"]]],
      "one refused event",
    );
    assert.deepEqual(sub.subscriptions.channels.sort(), ["ok:a", "ok:b"], "only the refused channel dropped");
    const mine = () => gw.connections().filter((c) => c.open && c.objectId === LIMITED_ID).length;
    assert.ok(mine() <= 3, `publisher + at most two subscriber connections open (${mine()})`);
    await sub.quit();
    await sleep(1500);
    assert.equal(mine(), 1, "only the publisher's connection is left after quit()");
  });

  after(() => capture.assertNoToken());
});
