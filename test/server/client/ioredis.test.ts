/**
 * End to end: connectIoredis and connectIoredisSubscriber (make-before-break) against the local
 * Entra gateway with tokens living a few seconds.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { connectIoredis, connectIoredisSubscriber } from "../../../src/client/index.ts";
import {
  Capture,
  closeWithin,
  makeAuth,
  rotationCounter,
  startGateway,
  subscribeWithIoredis,
  waitFor,
  type ClientKit,
} from "./integration.ts";
import { defineScenarios, rotationsUnderLoad } from "./scenarios.ts";
import { FakeClock } from "../../support/fake-clock.ts";
import { FaultTime, trackTokens } from "./faults/fault-time.ts";

defineScenarios({
  name: "ioredis",
  gateway: {},
  connectionsPerClient: 1,
  async connect(gw, auth) {
    const redis = await connectIoredis(auth, { host: gw.host, port: gw.port, tls: { ca: gw.ca } });
    redis.on("error", () => undefined);
    const key = `k:${randomUUID()}`;
    return {
      async command(i) {
        await redis.set(key, String(i));
        assert.equal(await redis.get(key), String(i));
      },
      async publish(channel, message) {
        await redis.publish(channel, message);
      },
      async close() {
        await closeWithin(() => redis.quit());
        redis.disconnect();
      },
    };
  },
  subscribe: subscribeWithIoredis,
});

describe("ioredis subscriber with protocol: 3", { timeout: 60_000 }, () => {
  test("re-AUTHs in place (no rotation, no duplicates) and receives every message", async (t) => {
    // Token time on a fake clock shared by the gateway and the token manager (FaultTime).
    const clock = new FakeClock(Date.now());
    const gw = await startGateway(
      {
        name: "ioredis RESP3",
        gateway: {},
        connectionsPerClient: 1,
      } as ClientKit,
      undefined,
      { clock },
    );
    t.after(() => gw.stop());
    const time = new FaultTime(clock, () => gw);
    const capture = new Capture();
    const { auth } = makeAuth(gw, capture, { clock });
    trackTokens(auth);
    t.after(() => auth.close());
    const rotations = rotationCounter(auth);
    const publisher = await connectIoredis(auth, { host: gw.host, port: gw.port, tls: { ca: gw.ca } });
    t.after(() => publisher.disconnect());
    const sub = await connectIoredisSubscriber(auth, {
      host: gw.host,
      port: gw.port,
      tls: { ca: gw.ca },
      protocol: 3,
    });
    t.after(() => sub.quit());
    const received: number[] = [];
    sub.on("message", (_c, m) => received.push(Number(m)));
    await sub.subscribe("seq3");
    const closedBefore = gw.stats().closedForExpiry;
    let sent = 0;
    let rotating = true;
    const publishing = (async () => {
      while (rotating) {
        await publisher.publish("seq3", String(sent++));
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    // Four rotations (each: the refresh, the re-AUTH spread, the subscriber re-AUTHed), messages
    // published in every token life.
    try {
      await rotationsUnderLoad(time, auth, 4, () => sent, 5);
    } finally {
      rotating = false;
      await publishing;
    }
    assert.equal(rotations.count, 4, "four rotations");
    await waitFor("every message", () => received.length >= sent, 5000);
    assert.deepEqual(received, [...Array(sent).keys()], "every message, once, in order");
    assert.equal(sub.rotations, 0, "no make-before-break rotation on RESP3");
    assert.ok(
      capture.things.some(
        (e) =>
          (e as { event?: string; args?: { connection?: string }[] }).event === "reauthenticated" &&
          /subscriber/.test(String((e as { args: { connection?: string }[] }).args[0]?.connection)),
      ),
      "the subscriber connection re-AUTHed in place",
    );
    assert.equal(gw.stats().closedForExpiry - closedBefore, 0);
    capture.assertNoToken();
  });
});
