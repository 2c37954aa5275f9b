import { test } from "node:test";
import assert from "node:assert/strict";
import { parseReply, RespErrorReply } from "../../src/cli/doctor/resp.ts";
import { classifyAddress } from "../../src/cli/doctor/network.ts";

test("parseReply reads simple strings, errors, integers, bulk, null and arrays", () => {
  assert.deepEqual(parseReply(Buffer.from("+PONG\r\n")), { reply: "PONG", end: 7 });
  const err = parseReply(Buffer.from("-WRONGPASS invalid username-password pair\r\n"));
  assert.ok(err?.reply instanceof RespErrorReply);
  assert.equal((err.reply as RespErrorReply).message, "WRONGPASS invalid username-password pair");
  assert.equal(parseReply(Buffer.from(":0\r\n"))?.reply, 0);
  assert.equal(parseReply(Buffer.from("$5\r\nhello\r\n"))?.reply, "hello");
  assert.equal(parseReply(Buffer.from("$-1\r\n"))?.reply, null);
  assert.deepEqual(parseReply(Buffer.from("*2\r\n:1\r\n$1\r\na\r\n"))?.reply, [1, "a"]);
});

test("parseReply waits for complete replies", () => {
  assert.equal(parseReply(Buffer.from("$5\r\nhel")), undefined);
  assert.equal(parseReply(Buffer.from("*2\r\n:1\r\n")), undefined);
  assert.equal(parseReply(Buffer.from("+PO")), undefined);
});

test("classifyAddress tells private, loopback and public addresses apart", () => {
  assert.equal(classifyAddress("10.1.2.3").isPublic, false);
  assert.equal(classifyAddress("10.1.2.3").range, "private");
  assert.equal(classifyAddress("127.0.0.1").range, "loopback");
  assert.equal(classifyAddress("20.50.2.3").isPublic, true);
  assert.equal(classifyAddress("::1").range, "loopback");
});
