/**
 * TLS policy (ioredis and node-redis) and the masking of ioredis command arguments: TLS is required with certificate checks, and
 * ioredis errors lose the token they carry in the failed command's arguments.
 */
import { test } from "node:test";
import { checkServerIdentity, type PeerCertificate } from "node:tls";
import assert from "node:assert/strict";
import { requireNodeRedisTls, requireTls } from "../../src/client/tls-policy.ts";
import { scrubCommandArgs } from "../../src/client/redact.ts";
import { EntraTlsRequiredError } from "../../src/client/errors.ts";
import { JWT_PATTERN, fakeJwt } from "./fakes.ts";

test("TLS is on by default and can't be turned off or left unchecked", () => {
  assert.deepEqual(requireTls(undefined, "tls"), { rejectUnauthorized: true });
  assert.deepEqual(requireTls(true, "tls"), { rejectUnauthorized: true });
  assert.deepEqual(requireTls({ ca: "PEM" }, "tls"), { ca: "PEM", rejectUnauthorized: true });
  assert.throws(
    () => requireTls(false, "tls"),
    (e: unknown) =>
      e instanceof EntraTlsRequiredError &&
      /^tls: false is not allowed: Azure Redis accepts Entra tokens only over TLS/.test(e.message),
  );
  assert.throws(
    () => requireTls({ rejectUnauthorized: false }, "redisOptions.tls"),
    /redisOptions\.tls\.rejectUnauthorized: false is not allowed/,
  );
});

test("AUTH and HELLO arguments are masked in ioredis errors", () => {
  const token = fakeJwt({ oid: "x" });
  const authErr = Object.assign(new Error("WRONGPASS invalid username-password pair"), {
    command: { name: "auth", args: ["oid", token] },
  });
  const helloErr = Object.assign(new Error("WRONGPASS"), {
    command: { name: "hello", args: ["3", "AUTH", "oid", token] },
  });
  const getErr = Object.assign(new Error("ERR"), { command: { name: "get", args: ["key"] } });
  scrubCommandArgs(authErr);
  scrubCommandArgs(helloErr);
  scrubCommandArgs(getErr);
  assert.deepEqual(authErr.command.args, ["[redacted]", "[redacted]"]);
  assert.deepEqual(helloErr.command.args, ["3", "[redacted]", "[redacted]", "[redacted]"]);
  assert.deepEqual(getErr.command.args, ["key"], "other commands keep their arguments");
  assert.doesNotMatch(JSON.stringify([authErr.command, helloErr.command]), JWT_PATTERN);
});

test("node-redis: rediss:// only, TLS on, certificate checks on", () => {
  assert.deepEqual(requireNodeRedisTls(undefined, undefined, "socket"), {
    rejectUnauthorized: true,
    tls: true,
  });
  assert.throws(() => requireNodeRedisTls(undefined, "redis://h:6380", "socket"), /not a rediss:\/\/ URL/);
  assert.throws(() => requireNodeRedisTls({ tls: false }, undefined, "socket"), /socket\.tls: false/);
  assert.throws(
    () => requireNodeRedisTls({ rejectUnauthorized: false }, undefined, "socket"),
    /socket\.rejectUnauthorized: false is not allowed/,
  );
});

test("a checkServerIdentity that accepts another host's certificate is refused; one that checks passes", () => {
  for (const check of [() => undefined, () => null, (): unknown => true]) {
    assert.throws(
      () => requireTls({ checkServerIdentity: check }, "tls"),
      (e: unknown) =>
        e instanceof EntraTlsRequiredError &&
        /^tls\.checkServerIdentity accepts a certificate for another host/.test(e.message),
    );
    assert.throws(
      () => requireNodeRedisTls({ checkServerIdentity: check }, undefined, "socket"),
      /socket\.checkServerIdentity accepts a certificate for another host/,
    );
  }
  const pinned = (host: string, cert: PeerCertificate) =>
    checkServerIdentity(host, cert) ?? (cert.fingerprint256 === "AB" ? undefined : new Error("not pinned"));
  assert.equal(requireTls({ checkServerIdentity: pinned }, "tls").checkServerIdentity, pinned);
  const throwing = () => {
    throw new Error("no");
  };
  assert.equal(requireTls({ checkServerIdentity: throwing }, "tls").checkServerIdentity, throwing);
});

test("NODE_TLS_REJECT_UNAUTHORIZED=0: the options say rejectUnauthorized: true, and a warning says so", () => {
  const before = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
  const warnings: string[] = [];
  try {
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";
    const warn = (code: string) => warnings.push(code);
    assert.equal(requireTls(undefined, "tls", warn).rejectUnauthorized, true);
    assert.equal(requireTls({ ca: "PEM" }, "tls", warn).rejectUnauthorized, true);
    assert.equal(requireNodeRedisTls(undefined, undefined, "socket", warn).rejectUnauthorized, true);
    assert.deepEqual(warnings, ["tls-env", "tls-env", "tls-env"]);
  } finally {
    if (before === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    else process.env.NODE_TLS_REJECT_UNAUTHORIZED = before;
  }
});
