/**
 * The shared RESP connection (testing kit admin, CLI doctor) against a scripted loopback server:
 * replies matched to commands in order across chunking, error replies as values or rejections,
 * AUTH on connect, a timeout that closes the connection, and a peer that is not Redis.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server, type Socket } from "node:net";
import { RespConnection } from "../../../src/internal/resp/connection.ts";
import { RespReplyError } from "../../../src/internal/resp/decode.ts";

/** A loopback server that answers each complete multibulk request with `answer(args)`. */
async function scripted(
  t: { after: (fn: () => Promise<void> | void) => void },
  answer: (args: string[], socket: Socket) => string | undefined,
): Promise<{ port: number; received: string[][] }> {
  const received: string[][] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    let buf = "";
    socket.on("data", (chunk) => {
      buf += chunk.toString("latin1");
      for (;;) {
        const m = /^\*(\d+)\r\n/.exec(buf);
        if (!m) return;
        let pos = m[0].length;
        const args: string[] = [];
        for (let i = 0; i < Number(m[1]); i++) {
          const h = /^\$(\d+)\r\n/.exec(buf.slice(pos));
          if (!h) return;
          const start = pos + h[0].length;
          if (buf.length < start + Number(h[1]) + 2) return;
          args.push(buf.slice(start, start + Number(h[1])));
          pos = start + Number(h[1]) + 2;
        }
        buf = buf.slice(pos);
        received.push(args);
        const reply = answer(args, socket);
        if (reply !== undefined) socket.write(reply);
      }
    });
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.after(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const addr = server.address();
  assert.ok(addr && typeof addr === "object");
  return { port: addr.port, received };
}

test("pipelined commands get their own replies, in order, even when replies arrive byte by byte", async (t) => {
  const { port } = await scripted(t, (args, socket) => {
    const reply = args[0] === "ECHO" ? `$${args[1].length}\r\n${args[1]}\r\n` : ":42\r\n";
    for (const ch of reply) socket.write(ch);
    return undefined;
  });
  const conn = await RespConnection.connect({ port });
  t.after(() => conn.close());
  const replies = await Promise.all([
    conn.call("ECHO", "one"),
    conn.call("INCR", "k"),
    conn.call("ECHO", "three"),
  ]);
  assert.deepEqual(replies, ["one", 42, "three"]);
});

test("an error reply is a value for command() and a rejection for call()", async (t) => {
  const { port } = await scripted(t, () => "-NOPERM this user has no permissions\r\n");
  const conn = await RespConnection.connect({ port });
  t.after(() => conn.close());
  const reply = await conn.command(["CONFIG", "GET", "x"]);
  assert.ok(reply instanceof RespReplyError);
  assert.match(reply.message, /^NOPERM/);
  await assert.rejects(conn.call("CONFIG", "GET", "x"), (err: unknown) => err instanceof RespReplyError);
});

test("connect() authenticates first and fails with the server's refusal", async (t) => {
  const { port, received } = await scripted(t, (args) =>
    args[0] === "AUTH" && args[2] === "right" ? "+OK\r\n" : "-WRONGPASS invalid username-password pair\r\n",
  );
  const ok = await RespConnection.connect({ port, user: { username: "admin", password: "right" } });
  ok.close();
  assert.deepEqual(received[0], ["AUTH", "admin", "right"]);
  await assert.rejects(
    RespConnection.connect({ port, user: { username: "admin", password: "wrong" } }),
    (err: unknown) => err instanceof RespReplyError && !err.message.includes("wrong"),
  );
});

test("no reply within the timeout closes the connection and fails every pending command", async (t) => {
  const { port } = await scripted(t, () => undefined);
  const conn = await RespConnection.connect({ port });
  t.after(() => conn.close());
  const first = conn.command(["PING"], 50);
  const second = conn.command(["PING"], 60_000);
  await assert.rejects(first, /no reply to PING within 0\.05s/);
  await assert.rejects(second, /no reply to PING within 0\.05s/);
  await assert.rejects(conn.command(["PING"]), /no reply to PING/);
});

test("a peer that is not Redis fails the command with a clear error", async (t) => {
  const { port } = await scripted(t, () => "HTTP/1.1 400 Bad Request\r\n\r\n");
  const conn = await RespConnection.connect({ port });
  t.after(() => conn.close());
  await assert.rejects(conn.command(["PING"]), /is this a Redis server\?/);
});

test("the server closing the connection fails pending and later commands", async (t) => {
  const { port } = await scripted(t, (_args, socket) => {
    socket.destroy();
    return undefined;
  });
  const conn = await RespConnection.connect({ port });
  t.after(() => conn.close());
  await assert.rejects(conn.command(["PING"]), /closed the connection/);
  await assert.rejects(conn.call("PING"), /closed the connection/);
});
