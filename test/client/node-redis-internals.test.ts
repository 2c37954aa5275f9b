/**
 * The non-public fields of node-redis that src/client/node-redis-internals.ts reads are where it
 * expects them in the installed node-redis (checked without a server: nothing connects). The helpers
 * turn a wrap off when a field is missing, so a node-redis release that moves one fails here instead of
 * silently losing the behaviour (a cluster that recovers at once, blocking resends, expiry errors).
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { createClient, createCluster } from "redis";
import {
  EXECUTE_FN,
  EXECUTE_PINNED,
  EXECUTE_SERVED,
  clusterRediscovery,
  pinnedToAnyNode,
  wrapClientSendCommand,
  wrapClusterExecute,
} from "../../src/client/node-redis-internals.ts";

describe("node-redis internals", () => {
  test("a client's sendCommand and a cluster's _execute can be wrapped", async () => {
    const client = createClient({ socket: { host: "127.0.0.1", port: 1 } });
    assert.equal(
      wrapClientSendCommand(client, (original) => original),
      true,
    );
    const cluster = createCluster({ rootNodes: [{ socket: { host: "127.0.0.1", port: 1 } }] });
    let seen: unknown[] | undefined;
    assert.equal(
      wrapClusterExecute(
        cluster,
        (original) =>
          function (this: unknown, ...args: unknown[]) {
            seen = args;
            return original.apply(this, args);
          },
      ),
      true,
    );
    // `_execute(parser, isReadonly, options, fn, …)`: a command reaches it with `fn` where we expect it.
    await assert.rejects(cluster.set("k", "v")); // not connected: node-redis rejects it
    assert.ok(seen, "SET went through _execute");
    assert.equal(typeof seen[EXECUTE_FN], "function");
    assert.equal(seen[EXECUTE_PINNED], undefined, "routed by key");
  });

  test("a cluster offers its rediscovery and its root nodes", async () => {
    const cluster = createCluster({ rootNodes: [{ socket: { host: "127.0.0.1", port: 1 } }] });
    const self = (
      cluster as unknown as {
        _self: { _slots?: { rediscover?: unknown }; _options?: { rootNodes?: unknown[] } };
      }
    )._self;
    assert.equal(typeof self._slots?.rediscover, "function", "_slots.rediscover");
    assert.equal(self._options?.rootNodes?.length, 1, "_options.rootNodes");
    assert.equal(typeof clusterRediscovery(cluster), "function");
  });

  test("a keyless command of a single-target plan is pinned to any node", () => {
    const args = (pinned: unknown, served: unknown, firstKey?: string): unknown[] => {
      const a: unknown[] = [{ firstKey }, false, undefined, () => undefined];
      a[EXECUTE_PINNED] = pinned;
      a[EXECUTE_SERVED] = served;
      return a;
    };
    assert.equal(pinnedToAnyNode(args({}, {})), true, "PUBLISH, PING");
    assert.equal(pinnedToAnyNode(args({}, undefined)), false, "a node of a fan-out plan");
    assert.equal(pinnedToAnyNode(args({}, {}, "k")), false, "keyed");
    assert.equal(pinnedToAnyNode(args(undefined, undefined, "k")), false, "routed by key");
  });
});
