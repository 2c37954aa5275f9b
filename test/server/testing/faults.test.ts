/**
 * Fault controls of the testing kit: the front end down and back on the same port, AUTH answers
 * slowed at runtime, and the backend frozen (SIGSTOP) past a token's expiry. Assertions are about
 * order and outcomes; the only time checks are lower bounds (an AUTH held for N ms can't be answered
 * sooner), which load can't break.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { connect } from "node:net";
import { startLocalEntraRedis, type LocalEntraRedis } from "../../../src/testing/index.ts";
import { OID, RawClient, cmd, errorOf, tokenFor, waitFor, type Reply } from "./helpers.ts";

/** The error code of a plain TCP connect to a port (undefined when it connects). */
function connectError(port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const s = connect({ host: "127.0.0.1", port });
    s.once("connect", () => {
      s.destroy();
      resolve(undefined);
    });
    s.once("error", (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

async function authed(gw: LocalEntraRedis, options: { lifetimeMs?: number } = {}): Promise<RawClient> {
  const c = await RawClient.tls(gw);
  assert.equal(await c.call("AUTH", OID, await tokenFor(gw, OID, options)), "OK");
  return c;
}

describe("testing kit faults: front end down and back", () => {
  let gw: LocalEntraRedis;
  before(async () => {
    gw = await startLocalEntraRedis();
    await gw.assign(OID, "Data Owner");
  });
  after(async () => {
    await gw.stop();
  });

  test("stopFrontEnd() drops clients and refuses new ones; startFrontEnd() serves the same port, data kept", async () => {
    const port = gw.port;
    const c = await authed(gw);
    assert.equal(await c.call("SET", "front", "kept"), "OK");
    assert.equal(gw.isFrontEndDown(), false);
    await gw.stopFrontEnd();
    assert.equal(gw.isFrontEndDown(), true);
    await c.closed;
    assert.equal(await connectError(port), "ECONNREFUSED");
    assert.equal(gw.stats().connectionsOpen, 0);
    await gw.stopFrontEnd(); // idempotent
    await gw.startFrontEnd();
    assert.equal(gw.isFrontEndDown(), false);
    assert.equal(gw.port, port, "same port");
    const d = await authed(gw);
    assert.equal(await d.call("GET", "front"), "kept", "the backend kept running");
    d.close();
  });

  test("restartFrontEnd({ downForMs }) is down for a while, then back on the same port", async () => {
    const port = gw.port;
    const c = await authed(gw);
    const restart = gw.restartFrontEnd({ downForMs: 400 });
    await c.closed;
    await waitFor("front end down", () => gw.isFrontEndDown(), 5000);
    assert.equal(await connectError(port), "ECONNREFUSED");
    await restart;
    assert.equal(gw.isFrontEndDown(), false);
    assert.equal(gw.port, port);
    const d = await authed(gw);
    assert.equal(await d.call("PING"), "PONG");
    d.close();
  });

  test("bad arguments name the field", async () => {
    await assert.rejects(gw.stopFrontEnd({ node: 3 }), /node must be a node index from 0 to 0 \(got 3\)/);
    await assert.rejects(gw.restartFrontEnd({ downForMs: -1 }), /downForMs must be 0 or more/);
    assert.throws(() => gw.pauseBackend({ node: 1 }), /pauseBackend\(\): node must be/);
    assert.throws(() => gw.setAuthDelay(Number.NaN), /setAuthDelay\(ms\): ms must be 0 or more/);
  });
});

describe("testing kit faults: front end per node in cluster mode", () => {
  test("one node down leaves the others serving; it comes back on its port", async () => {
    const gw = await startLocalEntraRedis({ cluster: { shards: 2 } });
    try {
      await gw.assign(OID, "Data Owner");
      const [n0, n1] = gw.nodes;
      await gw.stopFrontEnd({ node: 1 });
      assert.equal(gw.isFrontEndDown(1), true);
      assert.equal(gw.isFrontEndDown(0), false);
      assert.equal(await connectError(n1.port), "ECONNREFUSED");
      const c = await RawClient.tls(gw, { port: n0.port });
      assert.equal(await c.call("AUTH", OID, await tokenFor(gw, OID)), "OK");
      assert.equal(await c.call("PING"), "PONG");
      await gw.startFrontEnd({ node: 1 });
      const d = await RawClient.tls(gw, { port: n1.port });
      assert.equal(await d.call("AUTH", OID, await tokenFor(gw, OID)), "OK");
      c.close();
      d.close();
    } finally {
      await gw.stop();
    }
  });
});

describe("testing kit faults: AUTH answers slowed", () => {
  let gw: LocalEntraRedis;
  before(async () => {
    gw = await startLocalEntraRedis();
    await gw.assign(OID, "Data Owner");
  });
  after(async () => {
    gw.setAuthDelay(0);
    await gw.stop();
  });

  /** Sends `bytes` in one write and records when each of `n` replies arrived, relative to the write. */
  async function timed(c: RawClient, bytes: string, n: number): Promise<{ value: Reply; at: number }[]> {
    const sent = Date.now();
    c.write(bytes);
    const out: { value: Reply; at: number }[] = [];
    for (let i = 0; i < n; i++) {
      const [value] = await c.read(1, 10_000);
      out.push({ value, at: Date.now() - sent });
    }
    return out;
  }

  test("AUTH is answered no sooner than the delay; what precedes it is not held, order is kept", async () => {
    const token = await tokenFor(gw, OID);
    const c = await authed(gw);
    gw.setAuthDelay(400);
    assert.equal(gw.authDelayMs, 400);
    const replies = await timed(c, cmd("PING", "before") + cmd("AUTH", OID, token) + cmd("PING", "after"), 3);
    assert.deepEqual(
      replies.map((r) => r.value),
      ["before", "OK", "after"],
    );
    assert.ok(replies[1].at >= 400, `AUTH answered after ${replies[1].at} ms (held 400 ms)`);
    assert.ok(replies[0].at < replies[1].at, "the PING before the AUTH was not held with it");
    // HELLO ... AUTH is held too, and a refused AUTH is still refused.
    const hello = await timed(c, cmd("HELLO", "3", "AUTH", OID, token), 1);
    assert.ok(hello[0].at >= 400, `HELLO AUTH answered after ${hello[0].at} ms`);
    const refused = await timed(c, cmd("AUTH", OID, "not-a-token"), 1);
    assert.match(errorOf(refused[0].value) ?? "", /WRONGPASS/);
    assert.ok(refused[0].at >= 400);
    // Other commands are not held, and turning it off applies to the next AUTH.
    gw.setAuthDelay(0);
    assert.equal(await c.call("AUTH", OID, token), "OK");
    assert.equal(await c.call("PING"), "PONG");
    c.close();
  });

  test("a connection closed while its AUTH is held forwards nothing more", async () => {
    const c = await RawClient.tls(gw);
    gw.setAuthDelay(300);
    const before = gw.stats().authAccepted + gw.stats().authRefused;
    c.write(cmd("AUTH", OID, await tokenFor(gw, OID)));
    c.close();
    await c.closed;
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(gw.stats().authAccepted + gw.stats().authRefused, before, "the held AUTH was dropped");
    gw.setAuthDelay(0);
  });
});

describe("testing kit faults: backend paused", () => {
  let gw: LocalEntraRedis;
  before(async () => {
    gw = await startLocalEntraRedis();
    await gw.assign(OID, "Data Owner");
  });
  after(async () => {
    gw.resumeBackend();
    await gw.stop();
  });

  test("commands hang while paused and are answered in order after resumeBackend()", async () => {
    const c = await authed(gw);
    gw.pauseBackend();
    assert.equal(gw.isBackendPaused(), true);
    c.write(cmd("SET", "p", "1") + cmd("GET", "p"));
    await assert.rejects(c.read(1, 400), /timed out/, "no answer while paused");
    gw.resumeBackend();
    assert.equal(gw.isBackendPaused(), false);
    assert.deepEqual(await c.read(2), ["OK", "1"]);
    c.close();
  });

  test("paused past expiry: the gateway still closes the connection when its token expires", async () => {
    const c = await authed(gw, { lifetimeMs: 1200 });
    gw.pauseBackend();
    c.write(cmd("PING"));
    await c.closed;
    const info = gw.connections().at(-1);
    assert.ok(info);
    assert.equal(info.closedForExpiry, true);
    assert.equal(info.open, false);
    gw.resumeBackend();
    const d = await authed(gw);
    assert.equal(await d.call("PING"), "PONG");
    d.close();
  });

  test("restartBackend() and stop() work while paused", async () => {
    gw.pauseBackend();
    await gw.restartBackend();
    assert.equal(gw.isBackendPaused(), false);
    const d = await authed(gw);
    assert.equal(await d.call("PING"), "PONG");
    d.close();
    const other = await startLocalEntraRedis();
    other.pauseBackend();
    await other.stop();
  });
});
