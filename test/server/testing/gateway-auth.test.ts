/**
 * The gateway checks AUTH and HELLO ... AUTH like Azure's Redis front end, in front of a real
 * redis-server: valid tokens accepted, every kind of bad token refused with Redis's own WRONGPASS,
 * pipelines keep their order around an AUTH, RESP3 works, subscribe-mode AUTH is refused exactly as
 * Redis refuses it, plain text fails, and a client nobody here wrote (redis-cli) works.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { connect as netConnect } from "node:net";
import { connect as tlsConnect } from "node:tls";
import { promisify } from "node:util";
import { startLocalEntraRedis, type AuthEvent, type LocalEntraRedis } from "../../../src/testing/index.ts";
import { OID, RawClient, cmd, errorOf, tokenFor, type Reply } from "./helpers.ts";

const run = promisify(execFile);
const WRONGPASS = /^WRONGPASS invalid username-password pair or user is disabled\.$/;
const OTHER = "9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e6f";

describe("local gateway: AUTH checks", () => {
  let gw: LocalEntraRedis;
  const events: AuthEvent[] = [];

  before(async () => {
    gw = await startLocalEntraRedis();
    gw.on("auth", (e: AuthEvent) => events.push(e));
    await gw.assign(OID, "Data Owner");
    await gw.assign(OTHER, "Data Reader");
  });
  after(async () => {
    await gw.stop();
  });

  test("a valid token is accepted and commands run as that ACL user", async () => {
    const c = await RawClient.tls(gw);
    assert.equal(await c.call("AUTH", OID, await tokenFor(gw, OID)), "OK");
    assert.match(String(await c.call("CLIENT", "INFO")), new RegExp(` user=${OID} `));
    assert.equal(await c.call("SET", "k", "v"), "OK");
    assert.equal(await c.call("GET", "k"), "v");
    c.close();
  });

  test("commands before AUTH get NOAUTH from Redis itself", async () => {
    const c = await RawClient.tls(gw);
    assert.match(errorOf(await c.call("GET", "k")) ?? "", /^NOAUTH Authentication required/);
    c.close();
  });

  const refusals: [string, () => Promise<[string, string]>, string][] = [
    [
      "a wrong signature",
      async () => [OID, await tokenFor(gw, OID, { signWithForeignKey: true })],
      "bad-signature",
    ],
    [
      "a wrong audience",
      async () => [OID, await tokenFor(gw, OID, { audience: "https://management.azure.com" })],
      "wrong-audience",
    ],
    [
      "another identity's token (oid is not the username)",
      async () => [OID, await tokenFor(gw, OTHER)],
      "wrong-oid",
    ],
    ["an expired token", async () => [OID, await tokenFor(gw, OID, { expired: true })], "expired"],
    [
      "a not-yet-valid token",
      async () => [OID, await tokenFor(gw, OID, { notBeforeOffsetMs: 60_000 })],
      "not-yet-valid",
    ],
    [
      "a valid token of an unassigned object id",
      async () => [
        "6b5a4c3d-0000-4000-8000-000000000001",
        await tokenFor(gw, "6b5a4c3d-0000-4000-8000-000000000001"),
      ],
      "unassigned",
    ],
    ["something that is not a JWT", async () => [OID, "not-a-token"], "malformed"],
    [
      "a token from another tenant (tid and iss name it)",
      async () => [OID, await tokenFor(gw, OID, { tenantId: "7e0d0000-0000-4000-8000-0000000000aa" })],
      "wrong-tenant",
    ],
    [
      "a token from another issuer",
      async () => [OID, await tokenFor(gw, OID, { issuer: `https://evil.example/${gw.tenantId}/` })],
      "wrong-issuer",
    ],
    [
      "a signature with trailing whitespace",
      async () => [OID, `${await tokenFor(gw, OID)} `],
      "bad-signature",
    ],
    ["a signature with = padding", async () => [OID, `${await tokenFor(gw, OID)}==`], "bad-signature"],
    [
      "a signature in the standard base64 alphabet",
      async () => {
        // Mint until the signature has a character the two alphabets write differently (bounded).
        for (let i = 0; i < 50; i++) {
          const token = await tokenFor(gw, OID);
          const [h, p, sig] = token.split(".");
          if (/[-_]/.test(sig)) return [OID, `${h}.${p}.${sig.replaceAll("-", "+").replaceAll("_", "/")}`];
        }
        throw new Error("50 signatures without - or _");
      },
      "bad-signature",
    ],
  ];
  for (const [what, make, reason] of refusals) {
    test(`${what} is refused with WRONGPASS`, async () => {
      const [user, token] = await make();
      const c = await RawClient.tls(gw);
      const before = events.length;
      assert.match(errorOf(await c.call("AUTH", user, token)) ?? "(not an error)", WRONGPASS);
      // Still unauthenticated.
      assert.match(errorOf(await c.call("GET", "k")) ?? "", /^NOAUTH/);
      const e = events.slice(before).find((x) => x.id !== undefined);
      assert.ok(e, "an auth event");
      assert.equal(e.accepted, false);
      assert.equal(e.reason, reason);
      assert.doesNotMatch(JSON.stringify(e), /eyJ/, "events carry no token");
      c.close();
    });
  }

  test("a v2 issuer (login.microsoftonline.com/<tenant>/v2.0) for the gateway's tenant is accepted", async () => {
    const c = await RawClient.tls(gw);
    const issuer = `https://login.microsoftonline.com/${gw.tenantId}/v2.0`;
    assert.equal(await c.call("AUTH", OID, await tokenFor(gw, OID, { issuer })), "OK");
    c.close();
  });

  test("one-token AUTH (no username) is refused with WRONGPASS", async () => {
    const c = await RawClient.tls(gw);
    assert.match(errorOf(await c.call("AUTH", await tokenFor(gw, OID))) ?? "", WRONGPASS);
    c.close();
  });

  test("a failed re-AUTH keeps the connection's current user (as Redis does)", async () => {
    const c = await RawClient.tls(gw);
    assert.equal(await c.call("AUTH", OID, await tokenFor(gw, OID)), "OK");
    assert.match(
      errorOf(await c.call("AUTH", OID, await tokenFor(gw, OID, { expired: true }))) ?? "",
      WRONGPASS,
    );
    assert.match(String(await c.call("CLIENT", "INFO")), new RegExp(` user=${OID} `));
    c.close();
  });

  test("commands Azure blocks (ACL, CONFIG, CLUSTER writes, ...) are refused even for a Data Owner", async () => {
    const c = await RawClient.tls(gw);
    assert.equal(await c.call("AUTH", OID, await tokenFor(gw, OID)), "OK");
    for (const args of [
      ["ACL", "SETUSER", "sneaky", "on", "nopass", "+@all"],
      ["CONFIG", "GET", "maxmemory"],
      ["CLUSTER", "RESET"],
      ["SHUTDOWN"],
      ["BGSAVE"],
    ]) {
      assert.match(errorOf(await c.call(...args)) ?? "(allowed)", /^NOPERM/, args[0]);
    }
    assert.equal(await c.call("PING"), "PONG");
    c.close();
  });

  test("the access policy applies: a Data Reader can read but not write", async () => {
    const c = await RawClient.tls(gw);
    assert.equal(await c.call("AUTH", OTHER, await tokenFor(gw, OTHER)), "OK");
    assert.equal(await c.call("GET", "k"), "v");
    assert.match(errorOf(await c.call("SET", "k", "x")) ?? "", /^NOPERM/);
    c.close();
  });

  test("pipelined commands around an AUTH keep their order (one write)", async () => {
    const c = await RawClient.tls(gw);
    const good = await tokenFor(gw, OID);
    const bad = await tokenFor(gw, OID, { expired: true });
    c.write(
      cmd("PING", "before") +
        cmd("GET", "k") +
        cmd("AUTH", OID, bad) +
        cmd("ECHO", "between") +
        "PING inline\r\n" +
        cmd("AUTH", OID, good) +
        cmd("SET", "order", "1") +
        cmd("INCR", "order") +
        cmd("AUTH", OID, bad) +
        cmd("GET", "order"),
    );
    const r = await c.read(10);
    assert.match(errorOf(r[0]) ?? "", /^NOAUTH/);
    assert.match(errorOf(r[1]) ?? "", /^NOAUTH/);
    assert.match(errorOf(r[2]) ?? "", WRONGPASS);
    assert.match(errorOf(r[3]) ?? "", /^NOAUTH/);
    assert.match(errorOf(r[4]) ?? "", /^NOAUTH/);
    assert.equal(r[5], "OK");
    assert.equal(r[6], "OK");
    assert.equal(r[7], 2);
    assert.match(errorOf(r[8]) ?? "", WRONGPASS);
    assert.equal(r[9], "2");
    c.close();
  });

  test("a pipeline split at every byte boundary is forwarded intact", async () => {
    const c = await RawClient.tls(gw);
    const payload = Buffer.from(
      cmd("AUTH", OID, await tokenFor(gw, OID)) +
        cmd("SET", "split", "x".repeat(300)) +
        cmd("STRLEN", "split") +
        "PING\r\n",
    );
    c.socket.setNoDelay(true);
    for (let i = 0; i < payload.length; i += 7) {
      c.write(payload.subarray(i, i + 7));
      await new Promise((r) => setImmediate(r));
    }
    assert.deepEqual(await c.read(4), ["OK", "OK", 300, "PONG"]);
    c.close();
  });

  test("inline AUTH is checked too", async () => {
    const c = await RawClient.tls(gw);
    c.write(
      `AUTH ${OID} ${await tokenFor(gw, OID)}\r\nAUTH ${OID} "${await tokenFor(gw, OID, { expired: true })}"\r\nCLIENT INFO\r\n`,
    );
    const r = await c.read(3);
    assert.equal(r[0], "OK");
    assert.match(errorOf(r[1]) ?? "", WRONGPASS);
    assert.match(String(r[2]), new RegExp(` user=${OID} `));
    c.close();
  });

  test("RESP3: HELLO 3 AUTH ... SETNAME works, and a bad token fails it", async () => {
    const c = await RawClient.tls(gw);
    c.write(cmd("HELLO", "3", "AUTH", OID, await tokenFor(gw, OID, { expired: true })));
    assert.match(errorOf((await c.read(1))[0]) ?? "", WRONGPASS);
    c.write(cmd("HELLO", "3", "AUTH", OID, await tokenFor(gw, OID), "SETNAME", "gateway-test"));
    const [hello] = await c.read(1);
    assert.ok(
      hello && typeof hello === "object" && !Array.isArray(hello) && "map" in hello,
      "HELLO 3 answers with a RESP3 map",
    );
    const fields = new Map(hello.map);
    assert.equal(fields.get("proto"), 3);
    assert.equal(await c.call("CLIENT", "GETNAME"), "gateway-test");
    // RESP3 pub/sub: pushes and replies on one connection, AUTH allowed while subscribed.
    c.write(cmd("SUBSCRIBE", "news"));
    assert.deepEqual((await c.read(1))[0], { push: ["subscribe", "news", 1] });
    assert.equal(await c.call("AUTH", OID, await tokenFor(gw, OID)), "OK");
    assert.equal(await c.call("PING"), "PONG");
    c.close();
  });

  test("AUTH in RESP2 subscribe mode is refused exactly as real Redis refuses it", async () => {
    // Real Redis, directly.
    const direct = await RawClient.plain(gw.backend.port);
    assert.equal(await direct.call("AUTH", gw.backend.username, gw.backend.password), "OK");
    direct.write(cmd("SUBSCRIBE", "ch"));
    await direct.read(1);
    const expected = await direct.call("AUTH", gw.backend.username, gw.backend.password);
    direct.close();
    assert.ok(errorOf(expected), "Redis refuses AUTH in RESP2 subscribe mode");

    const c = await RawClient.tls(gw);
    assert.equal(await c.call("AUTH", OID, await tokenFor(gw, OID)), "OK");
    c.write(cmd("SUBSCRIBE", "ch"));
    assert.deepEqual((await c.read(1))[0], ["subscribe", "ch", 1]);
    const before = events.length;
    const refused = await c.call("AUTH", OID, await tokenFor(gw, OID));
    assert.deepEqual(refused, expected);
    assert.equal(events.at(-1)?.accepted, false);
    assert.ok(events.length > before);
    // The subscription still works: a message published elsewhere arrives, then PING answers in order.
    const pub = await RawClient.tls(gw);
    assert.equal(await pub.call("AUTH", OID, await tokenFor(gw, OID)), "OK");
    assert.equal(await pub.call("PUBLISH", "ch", "hello"), 1);
    c.write(cmd("PING"));
    const [message, pong] = await c.read(2);
    assert.deepEqual(message, ["message", "ch", "hello"]);
    assert.deepEqual(pong, ["pong", ""]);
    pub.close();
    c.close();
  });

  test("plain-text (non-TLS) connections fail", async () => {
    const result = await new Promise<string>((resolve) => {
      const s = netConnect({ host: "127.0.0.1", port: gw.port });
      let got = "";
      s.on("connect", () => s.write("PING\r\n"));
      s.on("data", (d: Buffer) => (got += d.toString("latin1")));
      s.on("error", () => undefined);
      s.on("close", () => resolve(got));
    });
    assert.doesNotMatch(result, /PONG/);
  });

  test("TLS 1.2 is the minimum: a TLS 1.1 client fails, TLS 1.2 and 1.3 work", async () => {
    const attempt = (
      minVersion: "TLSv1" | "TLSv1.2" | "TLSv1.3",
      maxVersion: "TLSv1.1" | "TLSv1.2" | "TLSv1.3",
    ) =>
      new Promise<string>((resolve) => {
        const s = tlsConnect(
          {
            host: "127.0.0.1",
            port: gw.port,
            ca: gw.ca,
            minVersion,
            maxVersion,
            ciphers: "DEFAULT:@SECLEVEL=0",
          },
          () => {
            const v = s.getProtocol() ?? "?";
            s.destroy();
            resolve(v);
          },
        );
        s.on("error", (e) => resolve(`error: ${e.message}`));
      });
    assert.match(await attempt("TLSv1", "TLSv1.1"), /^error/);
    assert.equal(await attempt("TLSv1.2", "TLSv1.2"), "TLSv1.2");
    assert.equal(await attempt("TLSv1.3", "TLSv1.3"), "TLSv1.3");
  });

  test("servername localhost and IP 127.0.0.1 both verify against the CA", async () => {
    for (const servername of ["localhost", undefined]) {
      const c = await RawClient.tls(gw, servername ? { servername } : {});
      assert.equal(await c.call("AUTH", OID, await tokenFor(gw, OID)), "OK");
      assert.equal(await c.call("PING"), "PONG");
      c.close();
    }
  });

  test("redis-cli (a client nobody here wrote) works through the gateway", async () => {
    const token = await tokenFor(gw, OID);
    const common = [
      "--tls",
      "--cacert",
      gw.caPath,
      "-h",
      "127.0.0.1",
      "-p",
      String(gw.port),
      "--user",
      OID,
      "--no-auth-warning",
    ];
    const viaPass = await run("redis-cli", [...common, "--pass", token, "PING"]);
    assert.equal(viaPass.stdout.trim(), "PONG");
    const viaEnv = await run("redis-cli", [...common, "SET", "from-cli", "yes"], {
      env: { ...process.env, REDISCLI_AUTH: token },
    });
    assert.equal(viaEnv.stdout.trim(), "OK");
    const refused = await run("redis-cli", [
      ...common,
      "--pass",
      await tokenFor(gw, OID, { expired: true }),
      "PING",
    ]).catch((e: { stdout: string; stderr: string }) => e);
    assert.match(`${refused.stdout}${refused.stderr}`, /WRONGPASS|NOAUTH/);
  });

  test("replies are forwarded intact for every RESP type", async () => {
    const c = await RawClient.tls(gw);
    c.write(cmd("HELLO", "3", "AUTH", OID, await tokenFor(gw, OID)));
    await c.read(1);
    const r: Reply[] = [];
    for (const args of [
      ["DEL", "h", "s", "z"],
      ["HSET", "h", "a", "1"],
      ["HGETALL", "h"],
      ["SADD", "s", "m"],
      ["SMEMBERS", "s"],
      ["ZADD", "z", "1.5", "m"],
      ["ZSCORE", "z", "m"],
      ["GET", "missing"],
      ["EXISTS", "h"],
    ]) {
      r.push(await c.call(...args));
    }
    assert.deepEqual(r.slice(1), [1, { map: [["a", "1"]] }, 1, ["m"], 1, 1.5, null, 1]);
    c.close();
  });
});
