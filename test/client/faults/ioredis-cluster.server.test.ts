/**
 * Fault matrix, ioredis Cluster (`connectIoredisCluster`, 3 shards) against the local Entra gateway
 * in cluster mode with 2.5 s tokens.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { inspect } from "node:util";
import type { Cluster } from "ioredis";
import { connectIoredisCluster, type EntraAuth } from "../../../src/client/index.ts";
import {
  Capture,
  JWT,
  LIFETIME_MS,
  OBJECT_ID,
  closeWithin,
  nextEvent,
  startGateway,
  type ClientKit,
  type Gateway,
} from "../integration.ts";
import {
  authOn,
  cleanupsFor,
  firstRefusedCredential,
  isExpiredError,
  recovers,
  settleWithin,
  sleep,
} from "./kit.ts";

const KIT = {
  name: "ioredis Cluster faults",
  gateway: { cluster: { shards: 3 } },
  connectionsPerClient: 3,
} as ClientKit;

describe("fault matrix: ioredis Cluster", { timeout: 240_000 }, () => {
  let gw: Gateway;
  const capture = new Capture();
  before(async () => {
    gw = await startGateway(KIT);
  });
  after(async () => {
    await gw?.stop();
  });

  async function connect(
    auth: EntraAuth,
    cleanup: (fn: () => unknown) => void,
    extra: Record<string, unknown> = {},
  ): Promise<Cluster> {
    const cluster = await connectIoredisCluster(auth, [{ host: gw.host, port: gw.port }], {
      redisOptions: { tls: { ca: gw.ca } },
      slotsRefreshTimeout: 5000,
      ...extra,
    });
    cluster.on("error", () => undefined);
    cluster.on("node error", () => undefined);
    cleanup(async () => {
      await closeWithin(() => cluster.quit());
      cluster.disconnect();
    });
    await Promise.all(cluster.nodes("master").map((n) => n.ping()));
    return cluster;
  }

  // Hash tags {b}, {c}, {a} land on the three shards.
  const roundTrip = async (cluster: Cluster) => {
    for (const tag of ["b", "c", "a"]) {
      const key = `{${tag}}:${randomUUID()}`;
      await cluster.set(key, "v");
      assert.equal(await cluster.get(key), "v");
    }
  };

  test("first AUTH refused, forced-refresh retry accepted: connected, and a later network drop reconnects", async (t) => {
    const cleanup = cleanupsFor(t);
    const credential = firstRefusedCredential(gw);
    const auth = authOn(credential, capture);
    cleanup(() => auth.close());
    gw.setAuthDelay(400);
    const cluster = await connect(auth, cleanup).finally(() => gw.setAuthDelay(0));
    assert.ok(credential.calls >= 2);
    await roundTrip(cluster);
    await gw.restartFrontEnd({ node: 0, downForMs: 300 });
    await recovers("commands after the drop", () => roundTrip(cluster), 20_000);
  });

  test("util.inspect of the cluster and its nodes never shows the token (fault 7)", async (t) => {
    const cleanup = cleanupsFor(t);
    const auth = authOn(gw.credential(OBJECT_ID), capture);
    cleanup(() => auth.close());
    const cluster = await connect(auth, cleanup);
    for (const depth of [2, 6, Infinity]) assert.doesNotMatch(inspect(cluster, { depth }), JWT);
    for (const node of cluster.nodes("all")) assert.doesNotMatch(inspect(node, { depth: 8 }), JWT);
    await nextEvent(auth, "token");
    await sleep(500);
    assert.doesNotMatch(inspect(cluster, { depth: 8 }), JWT, "after a rotation too");
  });

  test("credential error past expiry: commands fail with EntraTokenExpiredError, then recover (fault 6)", async (t) => {
    const cleanup = cleanupsFor(t);
    const credential = gw.credential(OBJECT_ID);
    const auth = authOn(credential, capture);
    cleanup(() => auth.close());
    const cluster = await connect(auth, cleanup, { maxRedirections: 2, retryDelayOnClusterDown: 100 });
    await roundTrip(cluster);
    credential.setBehaviour({ mode: "fail" });
    await nextEvent(auth, "expired", 10_000);
    await sleep(1500);
    const errors: unknown[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await settleWithin(cluster.get(`{b}:${i}`), 15_000);
      assert.ok(!("hung" in r), "no command hangs");
      if ("ok" in r && !r.ok) errors.push(r.error);
    }
    t.diagnostic(
      `${errors.length} commands failed while expired: ${[...new Set(errors.map(String))].join(" | ")}`,
    );
    for (const e of errors) {
      assert.ok(isExpiredError(e), `expected EntraTokenExpiredError (or as cause), got ${String(e)}`);
    }
    credential.setBehaviour({ mode: "ok" });
    await recovers("commands after the credential recovered", () => roundTrip(cluster), 20_000);
  });

  test("gateway front end of one node down and back on the same port: every command settles, then succeeds", async (t) => {
    const cleanup = cleanupsFor(t);
    const auth = authOn(gw.credential(OBJECT_ID), capture);
    cleanup(() => auth.close());
    const cluster = await connect(auth, cleanup);
    await roundTrip(cluster);
    const down = gw.restartFrontEnd({ node: 1, downForMs: 1500 });
    const during = await Promise.all(
      [...Array(10).keys()].map(async (i) => {
        await sleep(i * 100);
        return settleWithin(cluster.set(`{c}:fe:${i}`, String(i)), 25_000);
      }),
    );
    await down;
    assert.ok(
      during.every((r) => !("hung" in r)),
      "no command was lost silently",
    );
    await recovers("commands after the front end came back", () => roundTrip(cluster), 20_000);
  });

  test("BLPOP 0 across expiry: the value arrives (resent after the node reconnects)", async (t) => {
    const cleanup = cleanupsFor(t);
    const auth = authOn(gw.credential(OBJECT_ID), capture);
    cleanup(() => auth.close());
    const blocker = await connect(auth, cleanup);
    const pusher = await connect(auth, cleanup);
    const key = `{a}:q:${randomUUID()}`;
    const popped = settleWithin(blocker.blpop(key, 0), 20_000);
    await sleep(LIFETIME_MS * 2);
    await pusher.lpush(key, "job");
    const r = await popped;
    assert.ok("ok" in r && r.ok, `BLPOP settled with the value: ${JSON.stringify(r)}`);
    assert.deepEqual(r.value, [key, "job"]);
  });

  after(() => capture.assertNoToken());
});
