/**
 * A minimal admin connection to one backend redis-server (plain TCP on loopback): sends commands,
 * decodes RESP2 replies. Used to create ACL users and set up the cluster; never logs arguments.
 */
import { connect, type Socket } from "node:net";
import { encodeRequest } from "./resp-requests.ts";

/** A decoded RESP2 reply. */
export type AdminReply = string | number | null | AdminReply[] | AdminReplyError;

/** An error reply from Redis. */
export class AdminReplyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RedisReplyError";
  }
}

type Parsed = { value: AdminReply; end: number } | undefined;

function parseValue(buf: Buffer, pos: number): Parsed {
  const cr = buf.indexOf("\r\n", pos);
  if (cr < 0) return undefined;
  const type = buf[pos];
  const text = buf.toString("utf8", pos + 1, cr);
  const next = cr + 2;
  switch (type) {
    case 0x2b: // +
      return { value: text, end: next };
    case 0x2d: // -
      return { value: new AdminReplyError(text), end: next };
    case 0x3a: // :
      return { value: Number(text), end: next };
    case 0x24: {
      // $
      const n = Number(text);
      if (n < 0) return { value: null, end: next };
      if (buf.length < next + n + 2) return undefined;
      return { value: buf.toString("utf8", next, next + n), end: next + n + 2 };
    }
    case 0x2a: {
      // *
      const n = Number(text);
      if (n < 0) return { value: null, end: next };
      const items: AdminReply[] = [];
      let p = next;
      for (let i = 0; i < n; i++) {
        const item = parseValue(buf, p);
        if (!item) return undefined;
        items.push(item.value);
        p = item.end;
      }
      return { value: items, end: p };
    }
    default:
      throw new Error(`unexpected RESP type byte ${String(type)} from redis-server`);
  }
}

/** One admin connection; commands are answered in order. */
export class RedisAdmin {
  readonly #socket: Socket;
  #buffer: Buffer = Buffer.alloc(0);
  readonly #waiting: { resolve: (v: AdminReply) => void; reject: (e: Error) => void }[] = [];
  #closedError: Error | undefined;

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.on("data", (chunk: Buffer) => this.#onData(chunk));
    const fail = (err: Error) => {
      this.#closedError ??= err;
      for (const w of this.#waiting.splice(0)) w.reject(err);
    };
    socket.on("error", fail);
    socket.on("close", () => fail(new Error("connection to redis-server closed")));
  }

  /** Connects and authenticates (when a user is given). */
  static async connect(port: number, user?: { username: string; password: string }): Promise<RedisAdmin> {
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = connect({ host: "127.0.0.1", port });
      s.once("connect", () => {
        s.off("error", reject);
        resolve(s);
      });
      s.once("error", reject);
    });
    socket.setNoDelay(true);
    const admin = new RedisAdmin(socket);
    if (user) {
      try {
        await admin.call("AUTH", user.username, user.password);
      } catch (err) {
        admin.close();
        throw err;
      }
    }
    return admin;
  }

  #onData(chunk: Buffer): void {
    this.#buffer = this.#buffer.length ? Buffer.concat([this.#buffer, chunk]) : chunk;
    let pos = 0;
    while (pos < this.#buffer.length) {
      const parsed = parseValue(this.#buffer, pos);
      if (!parsed) break;
      pos = parsed.end;
      const w = this.#waiting.shift();
      if (!w) continue;
      if (parsed.value instanceof AdminReplyError) w.reject(parsed.value);
      else w.resolve(parsed.value);
    }
    this.#buffer = this.#buffer.subarray(pos);
  }

  /** Sends one command; rejects with the Redis error reply (which never echoes a password). */
  call(...args: string[]): Promise<AdminReply> {
    if (this.#closedError) return Promise.reject(this.#closedError);
    return new Promise((resolve, reject) => {
      this.#waiting.push({ resolve, reject });
      this.#socket.write(encodeRequest(args));
    });
  }

  close(): void {
    this.#socket.destroy();
  }
}
