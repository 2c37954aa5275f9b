/**
 * The gateway's RESP parsing: requests (multibulk, inline, quoting, protocol errors) and the
 * resumable reply scanner, fed at every possible chunk boundary.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { encodeRequest } from "../../src/internal/resp/encode.ts";
import {
  INCOMPLETE,
  PROTOCOL_ERROR,
  REQUEST,
  RequestReader,
  parseRequest,
  splitInline,
} from "../../src/testing/resp-requests.ts";
import { ReplyScanner, type ScannedReply } from "../../src/testing/resp-replies.ts";

describe("request parser", () => {
  test("multibulk requests: complete, incomplete with the bytes needed, and args", () => {
    const buf = encodeRequest(["SET", "key", "value"]);
    const r = parseRequest(buf, 0);
    assert.equal(r.kind, "request");
    if (r.kind !== "request") return;
    assert.equal(r.request.end, buf.length);
    assert.equal(r.request.argc, 3);
    assert.deepEqual(r.request.args.map(String), ["SET", "key", "value"]);
    for (let cut = 1; cut < buf.length; cut++) {
      const partial = parseRequest(buf.subarray(0, cut), 0);
      assert.equal(partial.kind, "incomplete", `cut at ${cut}`);
      if (partial.kind === "incomplete") assert.ok(partial.need > cut && partial.need <= buf.length + 1);
    }
  });

  test("a large bulk reports exactly how many bytes it needs", () => {
    const buf = encodeRequest(["SET", "k", "x".repeat(100_000)]);
    const r = parseRequest(buf.subarray(0, 1000), 0);
    assert.deepEqual(r, { kind: "incomplete", need: buf.length });
  });

  test("inline requests and sdssplitargs quoting", () => {
    const r = parseRequest(Buffer.from('AUTH user "tok en"\r\nPING\r\n'), 0);
    assert.equal(r.kind, "request");
    if (r.kind === "request") {
      assert.equal(r.request.inline, true);
      assert.deepEqual(r.request.args.map(String), ["AUTH", "user", "tok en"]);
      assert.equal(r.request.end, 20);
    }
    assert.deepEqual(splitInline(`set 'it\\'s' "a\\x41\\n"`), ["set", "it's", "aA\n"]);
    assert.equal(splitInline('set "unbalanced'), undefined);
    assert.deepEqual(splitInline("   "), []);
  });

  test("protocol errors are reported, empty multibulks have no args", () => {
    assert.equal(parseRequest(Buffer.from("*2\r\n:1\r\n"), 0).kind, "error");
    assert.equal(parseRequest(Buffer.from("*x\r\n"), 0).kind, "error");
    const empty = parseRequest(Buffer.from("*0\r\n"), 0);
    assert.equal(empty.kind === "request" && empty.request.argc, 0);
  });

  test("a NUL before a line's end means more is needed, as Redis finds line ends with strchr (found by fuzzing)", () => {
    // redis-server waits for more after "PI\0NG\r\n" (strchr stops at the NUL); so must the gateway,
    // or it forwards requests Redis never answers and matches replies against the wrong requests.
    for (const text of ["PI\0NG\r\nPING\r\n", "*1\0\r\n$4\r\nPING\r\n", "*1\r\n$4\0\r\nPING\r\n"]) {
      const r = parseRequest(Buffer.from(text, "latin1"), 0);
      assert.equal(r.kind, "incomplete", JSON.stringify(text));
    }
    // Until the 64 KiB line limit, then a protocol error (Redis: "too big inline request").
    const long = Buffer.concat([Buffer.from("PI\0NG\r\n", "latin1"), Buffer.alloc(70 * 1024, 0x61)]);
    assert.equal(parseRequest(long, 0).kind, "error");
    // A NUL inside a bulk is data, as in Redis.
    const bulk = parseRequest(Buffer.from("*2\r\n$4\r\nECHO\r\n$3\r\na\0b\r\n", "latin1"), 0);
    assert.equal(bulk.kind, "request");
  });

  test("Redis's limits for unauthenticated clients: at most 10 arguments and 16384-byte bulks", () => {
    const reader = new RequestReader();
    reader.unauthenticated = true;
    assert.equal(reader.read(Buffer.from("*11\r\n"), 0), PROTOCOL_ERROR);
    assert.equal(reader.read(Buffer.from("*1\r\n$16385\r\n"), 0), PROTOCOL_ERROR);
    assert.equal(reader.read(encodeRequest(Array.from({ length: 10 }, () => "x".repeat(16384))), 0), REQUEST);
    reader.unauthenticated = false;
    assert.equal(reader.read(Buffer.from("*11\r\n"), 0), INCOMPLETE);
    assert.equal(reader.read(Buffer.from("*1\r\n$16385\r\n"), 0), INCOMPLETE);
  });
});

describe("request reader (the gateway's allocation-free path)", () => {
  const lengths = new Set([4, 5, 9]);
  const first = new Set([..."ahs"].map((c) => c.charCodeAt(0)));

  test("reads a pipeline in place: spans, argc, and the name prefilter", () => {
    const buf = Buffer.concat([
      encodeRequest(["SET", "k", "v"]),
      encodeRequest(["auth", "user", "token"]),
      encodeRequest(["SUBSCRIBE", "a", "b", "c", "d", "e", "f", "g", "h", "i"]),
      Buffer.from("HELLO 3\r\n"),
      encodeRequest(["GET", "k"]).subarray(0, 7),
    ]);
    const reader = new RequestReader();
    const seen: { args: string[]; argc: number; special: boolean; inline: boolean }[] = [];
    let pos = 0;
    for (;;) {
      const status = reader.read(buf, pos);
      if (status !== REQUEST) {
        assert.equal(status, INCOMPLETE);
        assert.ok(reader.need > buf.length);
        break;
      }
      const args = Array.from({ length: reader.exposed }, (_, i) => reader.arg(i).toString());
      seen.push({ args, argc: reader.argc, special: reader.mayBe(lengths, first), inline: reader.inline });
      assert.deepEqual(reader.request().args.map(String), args);
      pos = reader.end;
    }
    assert.deepEqual(seen, [
      { args: ["SET", "k", "v"], argc: 3, special: false, inline: false },
      { args: ["auth", "user", "token"], argc: 3, special: true, inline: false },
      { args: ["SUBSCRIBE", "a", "b", "c", "d", "e", "f", "g"], argc: 10, special: true, inline: false },
      { args: ["HELLO", "3"], argc: 2, special: true, inline: true },
    ]);
    assert.equal(reader.read(Buffer.from("*1\r\n:1\r\n"), 0), PROTOCOL_ERROR);
  });
});

describe("reply scanner", () => {
  const stream = Buffer.from(
    "+OK\r\n" +
      "-WRONGPASS invalid username-password pair or user is disabled.\r\n" +
      ":42\r\n" +
      "$5\r\nhello\r\n" +
      "$-1\r\n" +
      "*3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n" +
      "*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$12\r\nhello\r\nworld\r\n" +
      ">3\r\n$9\r\nsubscribe\r\n$1\r\nx\r\n:2\r\n" +
      "%2\r\n+server\r\n+redis\r\n+proto\r\n:3\r\n" +
      "*2\r\n*2\r\n:1\r\n:2\r\n$0\r\n\r\n" +
      "|1\r\n+key\r\n+val\r\n" +
      "_\r\n,1.5\r\n#t\r\n(123\r\n=7\r\ntxt:abc\r\n~1\r\n+m\r\n*0\r\n*-1\r\n",
  );
  const expected: ScannedReply[] = [
    { type: "+", line: "OK" },
    { type: "-", line: "WRONGPASS invalid username-password pair or user is disabled." },
    { type: ":" },
    { type: "$" },
    { type: "$" },
    { type: "*", elements: ["subscribe", "ch", "1"] },
    { type: "*", elements: ["message", "ch", "hello\r\nworld"] },
    { type: ">", elements: ["subscribe", "x", "2"] },
    { type: "%" },
    { type: "*", elements: [null, ""] },
    // the attribute (|) is not a reply
    { type: "_" },
    { type: "," },
    { type: "#" },
    { type: "(" },
    { type: "=" },
    { type: "~" },
    { type: "*", elements: [] },
    { type: "*", elements: [] },
  ];

  test("finds every top-level reply and captures leading elements, at every chunk boundary", () => {
    for (let size = 1; size <= stream.length; size += size < 20 ? 1 : 17) {
      const got: ScannedReply[] = [];
      const scanner = new ReplyScanner(
        (r) => got.push(r),
        (type) => type === "*" || type === ">",
      );
      for (let i = 0; i < stream.length; i += size) scanner.feed(stream.subarray(i, i + size));
      assert.equal(scanner.broken, false);
      assert.deepEqual(got, expected, `chunk size ${size}`);
    }
  });

  test("does not capture when not asked, and flags garbage", () => {
    const got: ScannedReply[] = [];
    const scanner = new ReplyScanner(
      (r) => got.push(r),
      () => false,
    );
    scanner.feed(Buffer.from("*2\r\n$1\r\na\r\n$1\r\nb\r\n"));
    assert.deepEqual(got, [{ type: "*" }]);
    scanner.feed(Buffer.from("?what\r\n"));
    assert.equal(scanner.broken, true);
  });
});
