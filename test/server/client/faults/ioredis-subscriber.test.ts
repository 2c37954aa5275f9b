/**
 * Fault matrix, the ioredis make-before-break subscriber (`connectIoredisSubscriber`): a connection
 * that ends for good (the app's retryStrategy gives up), a channel refused with NOPERM, and front end
 * restarts, against the local Entra gateway with 2.5 s tokens. Token time is a fake clock shared by
 * the token managers and the gateway (`ctx.time`): rotations and the subscriber's retries (on the token
 * manager's clock) come when a row moves it; sockets and redis-server stay real.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Redis } from "ioredis";
import {
  connectIoredisSubscriber,
  type EntraAuth,
  type EntraIoredisSubscriber,
} from "../../../../src/client/index.ts";
import { OBJECT_ID, waitFor } from "../integration.ts";
import {
  IOREDIS,
  LIMITED_ID,
  cleanupsFor,
  faultMatrix,
  flows as flowsOn,
  sleep,
  type Cleanup,
} from "./kit.ts";

faultMatrix(
  IOREDIS,
  (ctx) => {
    const publisherFor = (auth: EntraAuth, cleanup: Cleanup): Promise<Redis> => ctx.connect(auth, cleanup);

    async function subscriberFor(
      auth: EntraAuth,
      cleanup: Cleanup,
      extra: Record<string, unknown> = {},
    ): Promise<EntraIoredisSubscriber> {
      const sub = await connectIoredisSubscriber(auth, {
        host: ctx.gw.host,
        port: ctx.gw.port,
        tls: { ca: ctx.gw.ca },
        ...extra,
      });
      sub.on("error", () => undefined);
      cleanup(() => sub.quit());
      return sub;
    }

    /** Publishes until one of these messages arrives (messages flow), or fails. */
    const flows = (pub: Redis, channel: string, received: Set<string>, what: string) =>
      flowsOn((c, m) => pub.publish(c, m), channel, received, what);

    test("the connection ends for good (retryStrategy gives up): `disconnected`, retried until a new one works (fault 2)", async (t) => {
      const cleanup = cleanupsFor(t);
      const auth = ctx.authOn(ctx.gw.credential(OBJECT_ID));
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
      await ctx.gw.restartFrontEnd({ downForMs: 1500 });
      await waitFor("the disconnected event", () => disconnected.length > 0, 5000);
      // Fake clock: time goes on while the subscriber retries (its retries run on the clock).
      await ctx.time.until(
        flows(pub, "news", received, "messages after the loss"),
        "messages after the loss",
      );
      assert.ok(sub.rotations > rotationsBefore, "a new connection replaced the ended one");
      t.diagnostic(`${failed.length} failed attempts while the front end was down`);
      // And it keeps rotating afterwards.
      const rotated = sub.rotations;
      await ctx.time.rotations(auth, 2);
      await waitFor("two more rotations", () => sub.rotations >= rotated + 2, 10_000, 50);
      await flows(pub, "news", received, "messages after more rotations");
    });

    test("a rotation that fails is retried (front end down at refresh time), and messages flow again (fault 2)", async (t) => {
      const cleanup = cleanupsFor(t);
      const auth = ctx.authOn(ctx.gw.credential(OBJECT_ID));
      cleanup(() => auth.close());
      const pub = await publisherFor(auth, cleanup);
      const sub = await subscriberFor(auth, cleanup);
      const received = new Set<string>();
      sub.on("message", (_c, m) => received.add(m));
      await sub.subscribe("news2");
      const failed: unknown[] = [];
      sub.on("rotationFailed", (e) => failed.push(e));
      // Down across a whole token life: rotations fail, the old connection is closed, retries go on.
      await ctx.time.outage(ctx.gw, auth, 1);
      await ctx.time.until(
        flows(pub, "news2", received, "messages after the outage"),
        "messages after the outage",
      );
      assert.ok(failed.length > 0, "the failed rotations were reported (rotationFailed)");
      const rotated = sub.rotations;
      await ctx.time.rotations(auth, 2);
      await waitFor("rotations after the outage", () => sub.rotations >= rotated + 2, 10_000, 50);
      await flows(pub, "news2", received, "messages after more rotations");
    });

    test("a channel refused with NOPERM is reported and dropped; the others keep flowing; nothing leaks after quit() (fault 3)", async (t) => {
      const cleanup = cleanupsFor(t);
      const auth = ctx.authOn(ctx.gw.credential(LIMITED_ID));
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
      let rotated = false;
      const rotating = ctx.time.rotations(auth, 4).finally(() => (rotated = true));
      rotating.catch(() => undefined); // awaited after the publishing
      while ((sub.rotations < start + 4 || !rotated) && Date.now() < deadline) {
        await pub.publish(sent % 2 ? "ok:a" : "ok:b", `seq:${sent}`);
        sent += 1;
        await sleep(10);
      }
      await rotating;
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
      assert.deepEqual(
        sub.subscriptions.channels.sort(),
        ["ok:a", "ok:b"],
        "only the refused channel dropped",
      );
      const mine = () => ctx.gw.connections().filter((c) => c.open && c.objectId === LIMITED_ID).length;
      assert.ok(mine() <= 3, `publisher + at most two subscriber connections open (${mine()})`);
      await sub.quit();
      await sleep(1500);
      assert.equal(mine(), 1, "only the publisher's connection is left after quit()");
    });
  },
  { title: "ioredis subscriber" },
);
