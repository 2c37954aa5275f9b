/**
 * Which identity a connection is authenticated as, and whose expiry the gateway enforces (issue 19,
 * item 6): sequences that hide an AUTH's outcome from the gateway (CLIENT REPLY OFF/SKIP, MONITOR,
 * MULTI) must not let a connection outlive its own token. The gateway refuses an AUTH whose answer it
 * cannot see, so Redis keeps serving the identity whose expiry the gateway enforces.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startLocalEntraRedis, type AuthEvent, type LocalEntraRedis } from "../../../src/testing/index.ts";
import { OID, RawClient, SCOPE, cmd, errorOf } from "./helpers.ts";

/** A second identity, with a long-lived token. */
const OTHER = "b0b0b0b0-0000-4000-8000-00000000000b";
/** Lifetime of the short token the connection first authenticates with. */
const SHORT_MS = 1500;

describe("local gateway: the identity and expiry it enforces", () => {
  let gw: LocalEntraRedis;
  const events: AuthEvent[] = [];
  before(async () => {
    gw = await startLocalEntraRedis();
    await gw.assign(OID, "Data Owner");
    await gw.assign(OTHER, "Data Owner");
    gw.on("auth", (e: AuthEvent) => events.push(e));
  });
  after(async () => {
    await gw.stop();
  });

  const token = async (
    objectId: string,
    lifetimeMs: number,
  ): Promise<{ token: string; expiresAt: number }> => {
    const t = await gw.credential(objectId, { lifetimeMs }).getToken(SCOPE);
    assert.ok(t);
    return { token: t.token, expiresAt: t.expiresOnTimestamp };
  };

  /** Resolves true when `c` closes within `ms`, false when it is still open then. */
  const closesWithin = (c: RawClient, ms: number): Promise<boolean> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    });
    return Promise.race([c.closed.then(() => true), timeout]).finally(() => clearTimeout(timer));
  };

  /** The user Redis serves on `c` (ACL WHOAMI is blocked, as on Azure). */
  const whoami = async (c: RawClient): Promise<string | undefined> => {
    const info = await c.call("CLIENT", "INFO");
    return typeof info === "string" ? /\buser=(\S+)/.exec(info)?.[1] : JSON.stringify(info);
  };

  /** A connection authenticated as OID with a short token. */
  const shortLived = async (): Promise<{ c: RawClient; expiresAt: number }> => {
    const c = await RawClient.tls(gw);
    const t = await token(OID, SHORT_MS);
    assert.equal(await c.call("AUTH", OID, t.token), "OK");
    return { c, expiresAt: t.expiresAt };
  };

  const bypasses: { name: string; sequence: (other: string) => string; replies: number }[] = [
    {
      name: "CLIENT REPLY OFF, CLIENT REPLY ON, MULTI, AUTH <other identity>, DISCARD",
      sequence: (other) =>
        cmd("CLIENT", "REPLY", "OFF") +
        cmd("CLIENT", "REPLY", "ON") +
        cmd("MULTI") +
        cmd("AUTH", OTHER, other) +
        cmd("DISCARD"),
      replies: 4, // ON, MULTI, QUEUED, DISCARD
    },
    {
      name: "CLIENT REPLY SKIP, MULTI, AUTH <other identity>, DISCARD",
      sequence: (other) =>
        cmd("CLIENT", "REPLY", "SKIP") + cmd("MULTI") + cmd("AUTH", OTHER, other) + cmd("DISCARD"),
      replies: 2, // QUEUED, DISCARD (MULTI's reply skipped)
    },
    {
      name: "CLIENT REPLY OFF, AUTH <other identity>, CLIENT REPLY ON",
      sequence: (other) =>
        cmd("CLIENT", "REPLY", "OFF") + cmd("AUTH", OTHER, other) + cmd("CLIENT", "REPLY", "ON"),
      replies: 1,
    },
    {
      name: "SUBSCRIBE, AUTH <other identity> (refused in subscribe mode), CLIENT REPLY OFF, UNSUBSCRIBE, CLIENT REPLY ON",
      sequence: (other) =>
        cmd("SUBSCRIBE", "fuzz") +
        cmd("AUTH", OTHER, other) +
        cmd("CLIENT", "REPLY", "OFF") +
        cmd("UNSUBSCRIBE") +
        cmd("CLIENT", "REPLY", "ON"),
      replies: 5, // subscribe, two errors (not allowed in this context), unsubscribe, OK
    },
  ];

  for (const b of bypasses) {
    test(`${b.name}: the connection is still closed when its own token expires`, async () => {
      const { c, expiresAt } = await shortLived();
      const other = await token(OTHER, 120_000);
      c.write(b.sequence(other.token));
      await c.read(b.replies);
      const closed = await closesWithin(c, expiresAt - Date.now() + 1500);
      if (!closed) {
        const user = await whoami(c);
        c.close();
        assert.fail(`open 1.5 s after its token expired, serving ${user}`);
      }
    });
  }

  test("MULTI, AUTH <other identity's shorter token>, EXEC: Redis does not switch to an identity the gateway does not enforce", async () => {
    const c = await RawClient.tls(gw);
    const long = await token(OID, 120_000);
    assert.equal(await c.call("AUTH", OID, long.token), "OK");
    const short = await token(OTHER, SHORT_MS);
    const before = events.length;
    c.write(cmd("MULTI") + cmd("AUTH", OTHER, short.token) + cmd("EXEC"));
    const r = await c.read(3);
    assert.equal(r[0], "OK");
    assert.equal(r[1], "QUEUED");
    const inExec = (r[2] as unknown[])[0] as Parameters<typeof errorOf>[0];
    assert.match(errorOf(inExec) ?? "(accepted)", /^WRONGPASS/);
    assert.equal(await whoami(c), OID);
    const refused = events.slice(before).find((e) => e.username === OTHER);
    assert.equal(refused?.accepted, false);
    assert.equal(refused?.reason, "auth-in-multi");
    c.close();
  });

  test("MONITOR, then AUTH <other identity>: refused, the first identity's expiry still applies", async () => {
    const { c, expiresAt } = await shortLived();
    const other = await token(OTHER, 120_000);
    c.write(cmd("MONITOR") + cmd("AUTH", OTHER, other.token));
    const r = await c.read(2);
    assert.equal(r[0], "OK");
    assert.match(errorOf(r[1]) ?? "(accepted)", /^WRONGPASS/);
    assert.equal(await closesWithin(c, expiresAt - Date.now() + 1500), true);
  });

  test("MULTI then EXEC: an AUTH afterwards is tracked again", async () => {
    const { c } = await shortLived();
    c.write(cmd("MULTI") + cmd("PING") + cmd("EXEC"));
    assert.deepEqual(await c.read(3), ["OK", "QUEUED", ["PONG"]]);
    const other = await token(OTHER, 120_000);
    assert.equal(await c.call("AUTH", OTHER, other.token), "OK");
    assert.equal(await whoami(c), OTHER);
    const info = gw.connections().find((x) => x.open && x.remotePort === c.socket.localPort);
    assert.equal(info?.objectId, OTHER);
    assert.equal(info?.expiresAt, other.expiresAt);
    c.close();
  });
});
