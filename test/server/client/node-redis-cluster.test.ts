/**
 * End to end: connectNodeRedisCluster (3 shards, RESP3) against the local Entra gateway in cluster
 * mode; the cluster's own pub/sub connection re-AUTHs like the others.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { connectNodeRedisCluster } from "../../../src/client/index.ts";
import { closeWithin } from "./integration.ts";
import { defineScenarios } from "./scenarios.ts";

defineScenarios({
  name: "node-redis cluster",
  gateway: { cluster: { shards: 3 } },
  connectionsPerClient: 3,
  async connect(gw, auth) {
    const cluster = await connectNodeRedisCluster(auth, {
      rootNodes: [{ socket: { host: gw.host, port: gw.port } }],
      defaults: { socket: { tls: true, ca: gw.ca } },
    });
    cluster.on("error", () => undefined);
    // Hash tags {b}, {c}, {a} land on the first, second and third of 3 equal shards: every node is used.
    const keys = ["b", "c", "a"].map((tag) => `{${tag}}:${randomUUID()}`);
    // Touch every master so each node connection exists before the scenario counts them.
    await Promise.all(cluster.masters.map(async (m) => (await cluster.nodeClient(m)).ping()));
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
        await closeWithin(() => cluster.close());
        try {
          cluster.destroy();
        } catch {
          // already closed
        }
      },
    };
  },
  async subscribe(gw, auth, channel, onMessage) {
    const cluster = await connectNodeRedisCluster(auth, {
      rootNodes: [{ socket: { host: gw.host, port: gw.port } }],
      defaults: { socket: { tls: true, ca: gw.ca } },
    });
    cluster.on("error", () => undefined);
    await cluster.subscribe(channel, (message) => onMessage(message));
    return {
      async close() {
        await closeWithin(() => cluster.close());
        try {
          cluster.destroy();
        } catch {
          // already closed
        }
      },
    };
  },
});
