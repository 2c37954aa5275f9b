import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeReply, RespReplyError } from "../../../src/internal/resp/decode.ts";

test("decodeReply reads simple strings, errors, integers, bulk, null and arrays", () => {
  assert.deepEqual(decodeReply(Buffer.from("+PONG\r\n")), { value: "PONG", end: 7 });
  const err = decodeReply(Buffer.from("-WRONGPASS invalid username-password pair\r\n"));
  assert.ok(err?.value instanceof RespReplyError);
  assert.equal(err.value.message, "WRONGPASS invalid username-password pair");
  assert.equal(decodeReply(Buffer.from(":0\r\n"))?.value, 0);
  assert.equal(decodeReply(Buffer.from("$5\r\nhello\r\n"))?.value, "hello");
  assert.equal(decodeReply(Buffer.from("$-1\r\n"))?.value, null);
  assert.deepEqual(decodeReply(Buffer.from("*2\r\n:1\r\n$1\r\na\r\n"))?.value, [1, "a"]);
  // Decoding from an offset, as a connection does while draining a buffer of several replies.
  assert.deepEqual(decodeReply(Buffer.from("+OK\r\n:7\r\n"), 5), { value: 7, end: 9 });
});

test("decodeReply waits for complete replies", () => {
  assert.equal(decodeReply(Buffer.from("$5\r\nhel")), undefined);
  assert.equal(decodeReply(Buffer.from("*2\r\n:1\r\n")), undefined);
  assert.equal(decodeReply(Buffer.from("+PO")), undefined);
});

test("decodeReply names a peer that is not a Redis server", () => {
  assert.throws(
    () => decodeReply(Buffer.from("HTTP/1.1 400 Bad Request\r\n")),
    /unexpected RESP reply type "H": is this a Redis server\?/,
  );
});
