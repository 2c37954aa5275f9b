/**
 * The ioredis ready check under every built-in policy (issue 9, item 1): connectIoredis, its
 * duplicate() and the subscriber connect and rotate without a warning, by default and with
 * enableReadyCheck: true. Token time runs on a fake clock shared by each test's gateway and token manager
 * (FaultTime): the rotations are clock moves.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { connectIoredis, connectIoredisSubscriber } from "../../../src/client/index.ts";
import { startLocalEntraRedis } from "../../../src/testing/index.ts";
import { Capture, LIFETIME_MS } from "./integration.ts";
import { identity, quiet } from "./derived-kit.ts";
import { FakeClock } from "../../support/fake-clock.ts";
import { FaultTime } from "./faults/fault-time.ts";

describe("the ioredis ready check under every built-in policy", { timeout: 60_000 }, () => {
  for (const [policy, readyCheck] of [
    ["Data Owner", undefined],
    ["Data Contributor", undefined],
    ["Data Reader", undefined],
    ["Data Owner", true],
  ] as const) {
    const how = readyCheck ? "with enableReadyCheck: true" : "by default";
    test(`${policy} (${how}): connectIoredis, its duplicate() and the subscriber connect and rotate without a warning`, async (t) => {
      const clock = new FakeClock(Date.now());
      const gw = await startLocalEntraRedis({ tokenLifetimeMs: LIFETIME_MS, clock });
      t.after(() => gw.stop());
      const time = new FaultTime(clock, () => gw);
      const capture = new Capture();
      capture.hookConsole();
      t.after(() => capture.restore());
      const { auth, seen, rotations } = await identity(gw, capture, policy, clock);
      t.after(() => auth.close());
      const options = {
        host: gw.host,
        port: gw.port,
        tls: { ca: gw.ca },
        ...(readyCheck ? { enableReadyCheck: readyCheck } : {}),
      };
      const redis = await connectIoredis(auth, options);
      t.after(() => quiet(redis));
      const copy = redis.duplicate();
      t.after(() => quiet(copy));
      const sub = await connectIoredisSubscriber(auth, options);
      t.after(() => sub.quit());
      const key = `ready:${randomUUID()}`;
      assert.equal(await redis.get(key), null);
      assert.equal(await copy.get(key), null);
      // Data Reader has no @pubsub; the others subscribe (a RESP2 subscriber rotates its connection).
      if (policy !== "Data Reader") await sub.subscribe("ready:ch");
      const start = rotations.count;
      // Two rotations, each: the planned refresh, the re-AUTH spread, every connection re-AUTHed.
      await time.rotations(auth, 2);
      assert.equal(rotations.count, start + 2, "two rotations");
      assert.equal(await copy.get(key), null);
      assert.deepEqual(seen.refused, [], "no AUTH refused");
      assert.deepEqual(capture.lines, [], "nothing logged: no ready-check noise, no warning");
      capture.assertNoToken();
    });
  }
});
