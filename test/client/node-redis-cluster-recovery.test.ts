/**
 * When a node-redis cluster from connectNodeRedisCluster rediscovers its topology after a lost node
 * connection, and which commands it routes again (only those never handed to a dropped node), against
 * a stand-in for node-redis's `_execute`. The real thing through a migration's switch:
 * test/server/testing/migration-node-redis-cluster.test.ts.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  MAX_REROUTES,
  REDISCOVER_SPACING_MS,
  RediscoveryScheduler,
  reroutingClusterExecute,
} from "../../src/client/node-redis-cluster-recovery.ts";
import type { ClusterExecute } from "../../src/client/node-redis-internals.ts";

/** A node connection as the wrap sees it. */
class NodeClient {
  readonly name: string;
  isReady: boolean;
  isOpen = true;
  readonly sent: string[] = [];
  constructor(name: string, ready: boolean) {
    this.name = name;
    this.isReady = ready;
  }
}

/** A deferred rediscovery. */
function rediscovery() {
  let done!: () => void;
  const promise = new Promise<void>((resolve) => (done = resolve));
  return { promise, done };
}

type Fn = (client: NodeClient, options?: unknown) => Promise<unknown>;

/**
 * node-redis's `_execute(parser, isReadonly, options, fn, pinned?, served?)`, reduced: it routes to
 * `route()` unless pinned and calls `fn(client, options)`. Records every routing.
 */
function fakeExecute(route: () => NodeClient) {
  const routed: string[] = [];
  const execute: ClusterExecute = async (...args: unknown[]) => {
    const client = (args[4] as NodeClient | undefined) ?? route();
    routed.push(client.name);
    return (args[3] as Fn)(client, args[2]);
  };
  return { execute, routed };
}

const send: Fn = async (client) => {
  if (!client.isOpen) throw new Error("The client is closed");
  client.sent.push("SET");
  return "OK";
};

describe("node-redis cluster: rediscovery after a lost node connection", () => {
  test("the first loss rediscovers at once; losses meanwhile share it", async () => {
    const runs: ReturnType<typeof rediscovery>[] = [];
    const scheduler = new RediscoveryScheduler(
      () => {
        const r = rediscovery();
        runs.push(r);
        return r.promise;
      },
      () => true,
    );
    scheduler.nodeLost();
    assert.equal(runs.length, 1, "started at once");
    assert.ok(scheduler.pending);
    scheduler.nodeLost();
    scheduler.nodeLost();
    assert.equal(runs.length, 1, "the other nodes' losses join the running one");
    runs[0].done();
    await runs[0].promise;
    await Promise.resolve();
    await Promise.resolve();
    assert.equal(scheduler.pending, undefined);
  });

  test("while connections keep failing: spaced, doubling up to the maximum; a ready node resets it", async (t) => {
    t.mock.timers.enable({ apis: ["setTimeout"] });
    let now = 0;
    let runs = 0;
    const scheduler = new RediscoveryScheduler(
      () => {
        runs += 1;
        return Promise.resolve();
      },
      () => true,
      () => now,
    );
    const settle = async () => {
      for (let i = 0; i < 5; i++) await Promise.resolve();
    };
    scheduler.nodeLost();
    await settle();
    assert.equal(runs, 1);
    const spacings: number[] = [];
    for (let i = 0; i < 6; i++) {
      const before: number = runs;
      scheduler.nodeLost(); // the next reconnect attempt failed at once
      assert.equal(runs, before, "not at once while connections keep failing");
      // Find when it runs: advance 100 ms at a time.
      let waited = 0;
      while (runs === before) {
        now += 100;
        waited += 100;
        t.mock.timers.tick(100);
        await settle();
        assert.ok(waited <= REDISCOVER_SPACING_MS.max, "at most the maximum spacing apart");
      }
      spacings.push(waited);
    }
    assert.deepEqual(spacings, [500, 1000, 2000, 4000, 5000, 5000]);
    scheduler.nodeReady();
    const before: number = runs;
    scheduler.nodeLost();
    assert.equal(runs, before + 1, "after a node connection became ready: at once again");
  });

  test("a cluster that is closed (or not yet ready) is not rediscovered", () => {
    let runs = 0;
    const scheduler = new RediscoveryScheduler(
      () => {
        runs += 1;
        return Promise.resolve();
      },
      () => false,
    );
    scheduler.nodeLost();
    assert.equal(runs, 0);
    assert.equal(scheduler.pending, undefined);
  });

  test("a failed rediscovery ends (node-redis reported it as the cluster's error)", async () => {
    const scheduler = new RediscoveryScheduler(
      () => Promise.reject(new Error("None of the root nodes is available")),
      () => true,
    );
    scheduler.nodeLost();
    await scheduler.pending;
    assert.equal(scheduler.pending, undefined);
  });
});

describe("node-redis cluster: commands bound for a lost node", () => {
  test("a command for a node that is not ready waits for the rediscovery and, the node dropped, goes to the new one", async () => {
    const old = new NodeClient("old", false);
    const fresh = new NodeClient("new", true);
    let topology = old;
    const r = rediscovery();
    const scheduler = { pending: r.promise as Promise<void> | undefined };
    const { execute, routed } = fakeExecute(() => topology);
    const wrapped = reroutingClusterExecute(
      execute,
      scheduler,
      () => true,
      async () => fresh,
    );
    const reply = wrapped({}, false, undefined, send);
    await Promise.resolve();
    assert.deepEqual(old.sent, [], "not handed to the lost node while the rediscovery runs");
    // The rediscovery drops the old node (node-redis destroys its client) and routes to the new one.
    old.isOpen = false;
    topology = fresh;
    scheduler.pending = undefined;
    r.done();
    assert.equal(await reply, "OK");
    assert.deepEqual(routed, ["old", "new"]);
    assert.deepEqual(fresh.sent, ["SET"]);
    assert.deepEqual(old.sent, []);
  });

  test("the node kept by the rediscovery (same topology): handed to it, as node-redis does", async () => {
    const node = new NodeClient("a", false);
    const r = rediscovery();
    const { execute, routed } = fakeExecute(() => node);
    const wrapped = reroutingClusterExecute(
      execute,
      { pending: r.promise },
      () => true,
      async () => node,
    );
    const reply = wrapped({}, false, undefined, send);
    r.done();
    assert.equal(await reply, "OK");
    assert.deepEqual(routed, ["a"]);
    assert.deepEqual(node.sent, ["SET"]);
  });

  test("not waited for: a ready node, no rediscovery running, a cluster that fails fast", async () => {
    const ready = new NodeClient("ready", true);
    const down = new NodeClient("down", false);
    const never = new Promise<void>(() => undefined);
    const cases: [NodeClient, Promise<void> | undefined, boolean][] = [
      [ready, never, true],
      [down, undefined, true],
      [down, never, false], // disableOfflineQueue
    ];
    for (const [client, pending, allowed] of cases) {
      const { execute } = fakeExecute(() => client);
      const wrapped = reroutingClusterExecute(
        execute,
        { pending },
        () => allowed,
        async () => client,
      );
      assert.equal(await wrapped({}, false, undefined, send), "OK");
    }
  });

  test("what node-redis had already taken is not routed again: its errors reach the app", async () => {
    const node = new NodeClient("a", true);
    const closed = new Error("Socket closed unexpectedly");
    let calls = 0;
    const execute: ClusterExecute = async () => {
      calls += 1;
      throw closed;
    };
    const wrapped = reroutingClusterExecute(
      execute,
      { pending: Promise.resolve() },
      () => true,
      async () => node,
    );
    await assert.rejects(wrapped({}, false, undefined, send), (err) => err === closed);
    assert.equal(calls, 1);
  });

  test("keyless, sent to any node (PUBLISH): pinned to another node picked at random", async () => {
    const old = new NodeClient("old", false);
    const fresh = new NodeClient("new", true);
    const r = rediscovery();
    const scheduler = { pending: r.promise as Promise<void> | undefined };
    const { execute, routed } = fakeExecute(() => assert.fail("pinned: not routed by key"));
    const wrapped = reroutingClusterExecute(
      execute,
      scheduler,
      () => true,
      async () => fresh,
    );
    const served = {};
    const reply = wrapped({ firstKey: undefined }, false, undefined, send, old, served);
    old.isOpen = false;
    scheduler.pending = undefined;
    r.done();
    assert.equal(await reply, "OK");
    assert.deepEqual(routed, ["old", "new"]);
  });

  test("a node of a fan-out plan is left to node-redis", async () => {
    const old = new NodeClient("old", false);
    const calls: unknown[] = [];
    const execute: ClusterExecute = async (...args) => {
      calls.push(args[3]);
      return "OK";
    };
    const wrapped = reroutingClusterExecute(
      execute,
      { pending: new Promise<void>(() => undefined) },
      () => true,
      async () => old,
    );
    assert.equal(await wrapped({ firstKey: undefined }, false, undefined, send, old), "OK");
    assert.deepEqual(calls, [send], "node-redis's own fn, unwrapped");
  });

  test(`bounded: a topology that keeps dropping the node is routed again ${MAX_REROUTES} times, then node-redis decides`, async () => {
    let n = 0;
    const { execute, routed } = fakeExecute(() => {
      const client = new NodeClient(`n${n++}`, false);
      // Each rediscovery drops the node it routed to.
      queueMicrotask(() => (client.isOpen = false));
      return client;
    });
    const wrapped = reroutingClusterExecute(
      execute,
      { pending: Promise.resolve() },
      () => true,
      async () => assert.fail("routed by key"),
    );
    await assert.rejects(wrapped({}, false, undefined, send), /The client is closed/);
    assert.equal(routed.length, MAX_REROUTES + 1);
  });
});
