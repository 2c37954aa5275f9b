/**
 * TLS policy (ioredis and node-redis) and the masking of ioredis command arguments: TLS is required with certificate checks, and
 * ioredis errors lose the token they carry in the failed command's arguments.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { requireNodeRedisTls, requireTls } from "../../src/client/tls-policy.ts";
import { scrubCommandArgs } from "../../src/client/redact.ts";
import { EntraTlsRequiredError } from "../../src/client/errors.ts";
import { JWT_PATTERN, fakeJwt } from "./fakes.ts";

test("TLS is on by default and can't be turned off or left unchecked", () => {
  assert.deepEqual(requireTls(undefined, "tls"), {});
  assert.deepEqual(requireTls({ ca: "PEM" }, "tls"), { ca: "PEM" });
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
  assert.deepEqual(requireNodeRedisTls(undefined, undefined, "socket"), { tls: true });
  assert.throws(() => requireNodeRedisTls(undefined, "redis://h:6380", "socket"), /not a rediss:\/\/ URL/);
  assert.throws(() => requireNodeRedisTls({ tls: false }, undefined, "socket"), /socket\.tls: false/);
  assert.throws(
    () => requireNodeRedisTls({ rejectUnauthorized: false }, undefined, "socket"),
    /socket\.rejectUnauthorized: false is not allowed/,
  );
});
