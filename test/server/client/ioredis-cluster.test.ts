/**
 * End to end: connectIoredisCluster (3 shards) against the local Entra gateway in cluster mode, with
 * a make-before-break subscriber on one node (classic PUBLISH reaches every node).
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { connectIoredisCluster } from "../../../src/client/index.ts";
import { closeWithin, subscribeWithIoredis } from "./integration.ts";
import { defineScenarios } from "./scenarios.ts";

defineScenarios({
  name: "ioredis Cluster",
  gateway: { cluster: { shards: 3 } },
  connectionsPerClient: 3,
  async connect(gw, auth) {
    const cluster = await connectIoredisCluster(auth, [{ host: gw.host, port: gw.port }], {
      redisOptions: { tls: { ca: gw.ca } },
      // Generous: 67 clusters connect at once in the spread scenario, on a machine that may be busy.
      slotsRefreshTimeout: 15_000,
    });
    cluster.on("error", () => undefined);
    cluster.on("node error", () => undefined);
    // Hash tags {b}, {c}, {a} land on the first, second and third of 3 equal shards: every node is used.
    const keys = ["b", "c", "a"].map((tag) => `{${tag}}:${randomUUID()}`);
    // Make sure every node has a live connection before the scenario counts them.
    await Promise.all(cluster.nodes("master").map((n) => n.ping()));
    return {
      async command(i) {
        const key = keys[i % keys.length];
        await cluster.set(key, String(i));
        assert.equal(await cluster.get(key), String(i));
      },
      async publish(channel, message) {
        await cluster.publish(channel, message);
      },
      async close() {
        await closeWithin(() => cluster.quit());
        cluster.disconnect();
      },
    };
  },
  subscribe: subscribeWithIoredis,
});
