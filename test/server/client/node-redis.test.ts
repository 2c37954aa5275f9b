/**
 * End to end: connectNodeRedis (RESP3, our streaming credentials provider) and a duplicate()
 * subscriber against the local Entra gateway with tokens living a few seconds.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { connectNodeRedis } from "../../../src/client/index.ts";
import { closeWithin } from "./integration.ts";
import { defineScenarios } from "./scenarios.ts";

defineScenarios({
  name: "node-redis",
  gateway: {},
  connectionsPerClient: 1,
  async connect(gw, auth) {
    const client = await connectNodeRedis(auth, {
      socket: { host: gw.host, port: gw.port, tls: true, ca: gw.ca },
    });
    client.on("error", () => undefined);
    const key = `k:${randomUUID()}`;
    return {
      async command(i) {
        await client.set(key, String(i));
        assert.equal(await client.get(key), String(i));
      },
      async publish(channel, message) {
        await client.publish(channel, message);
      },
      async close() {
        await closeWithin(() => client.close());
        try {
          client.destroy();
        } catch {
          // already closed
        }
      },
    };
  },
  async subscribe(gw, auth, channel, onMessage) {
    const client = await connectNodeRedis(auth, {
      socket: { host: gw.host, port: gw.port, tls: true, ca: gw.ca },
    });
    client.on("error", () => undefined);
    const sub = client.duplicate();
    sub.on("error", () => undefined);
    await sub.connect();
    await sub.subscribe(channel, (message) => onMessage(message));
    return {
      async close() {
        await closeWithin(() => sub.close());
        try {
          sub.destroy();
        } catch {
          // already closed
        }
        await closeWithin(() => client.close());
        try {
          client.destroy();
        } catch {
          // already closed
        }
      },
    };
  },
});
