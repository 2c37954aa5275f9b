/**
 * What an unauthenticated client can make the gateway hold (issue 19, item 7): Redis's limits for
 * unauthenticated requests (more than 10 arguments, a bulk over 16384 bytes: a protocol error as soon
 * as the header is read), a bounded TLS handshake and a bounded idle time before AUTH.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { connect as netConnect } from "node:net";
import { startLocalEntraRedis, type LocalEntraRedis } from "../../../src/testing/index.ts";
import { OID, RawClient, cmd, errorOf, tokenFor } from "./helpers.ts";

/** Resolves true when `c` closes within `ms`. */
function closesWithin(closed: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  return Promise.race([closed.then(() => true), timeout]).finally(() => clearTimeout(timer));
}

describe("local gateway: limits before AUTH", () => {
  let gw: LocalEntraRedis;
  before(async () => {
    gw = await startLocalEntraRedis({ tlsHandshakeTimeoutMs: 500, unauthenticatedIdleTimeoutMs: 800 });
    await gw.assign(OID, "Data Owner");
  });
  after(async () => {
    await gw.stop();
  });

  const overLimits: { name: string; bytes: string; error: string }[] = [
    { name: "11 arguments", bytes: "*11\r\n", error: "ERR Protocol error: unauthenticated multibulk length" },
    {
      name: "a 100 MB bulk (header only)",
      bytes: "*1\r\n$100000000\r\n",
      error: "ERR Protocol error: unauthenticated bulk length",
    },
    {
      name: "a 16385-byte bulk after a small one",
      bytes: "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$16385\r\n",
      error: "ERR Protocol error: unauthenticated bulk length",
    },
  ];

  for (const o of overLimits) {
    test(`${o.name} before AUTH: Redis's protocol error at the header, then closed (as redis-server itself does)`, async () => {
      const c = await RawClient.tls(gw);
      c.write(o.bytes);
      const [reply] = await c.read(1);
      assert.equal(errorOf(reply), o.error);
      assert.equal(await closesWithin(c.closed, 5000), true);
      // The real server says the same to the same bytes.
      const direct = await RawClient.plain(gw.backend.port);
      direct.write(o.bytes);
      assert.equal(errorOf((await direct.read(1))[0]), o.error);
      direct.close();
    });
  }

  test("at the limits (10 arguments, 16384-byte bulks) an unauthenticated request reaches Redis (NOAUTH)", async () => {
    const c = await RawClient.tls(gw);
    const big = "x".repeat(16384);
    c.write(cmd("MSET", big, big, big, big, big, big, big, big, big));
    assert.match(errorOf((await c.read(1))[0]) ?? "", /^NOAUTH/);
    c.close();
  });

  test("after a valid AUTH in the same write, large requests pass (Redis has authenticated by then)", async () => {
    const c = await RawClient.tls(gw);
    const value = "v".repeat(100_000);
    const args = Array.from({ length: 20 }, (_, i) => `k${i}`);
    c.write(
      cmd("AUTH", OID, await tokenFor(gw, OID)) + cmd("SET", "big-after-auth", value) + cmd("DEL", ...args),
    );
    assert.deepEqual(await c.read(3), ["OK", "OK", 0]);
    assert.equal(await c.call("STRLEN", "big-after-auth"), 100_000);
    c.close();
  });

  test("a TLS handshake that never starts is closed after tlsHandshakeTimeoutMs", async () => {
    const socket = netConnect({ host: "127.0.0.1", port: gw.port });
    socket.on("error", () => undefined);
    const closed = new Promise((resolve) => socket.once("close", resolve));
    assert.equal(await closesWithin(closed, 5000), true);
  });

  test("an idle connection that never authenticates is closed after unauthenticatedIdleTimeoutMs", async () => {
    const c = await RawClient.tls(gw);
    assert.match(errorOf(await c.call("PING")) ?? "", /^NOAUTH/);
    assert.equal(await closesWithin(c.closed, 5000), true);
  });

  test("an authenticated connection is not closed for being idle", async () => {
    const c = await RawClient.tls(gw);
    assert.equal(await c.call("AUTH", OID, await tokenFor(gw, OID)), "OK");
    assert.equal(await closesWithin(c.closed, 2000), false);
    assert.equal(await c.call("PING"), "PONG");
    c.close();
  });
});

describe("local gateway: timeout options", () => {
  test("are checked by name", async () => {
    for (const [name, value] of [
      ["tlsHandshakeTimeoutMs", 0],
      ["unauthenticatedIdleTimeoutMs", -1],
      ["unauthenticatedIdleTimeoutMs", Number.POSITIVE_INFINITY],
      ["tlsHandshakeTimeoutMs", 1.5],
    ] as const) {
      const started = await startLocalEntraRedis({ [name]: value }).then(
        async (gw) => {
          await gw.stop();
          return undefined;
        },
        (err: unknown) => err,
      );
      assert.ok(started instanceof RangeError, `${name}: ${String(value)} was accepted`);
      assert.match(started.message, new RegExp(`${name} must be a whole number of milliseconds`));
    }
  });
});
