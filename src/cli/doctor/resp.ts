/**
 * A minimal RESP2 client for `doctor`: sends one command at a time over an already connected
 * (TLS) socket and reads one reply. Enough for AUTH, PING and EXISTS, with nothing hidden (no
 * reconnects, no retries) so every step's answer is the server's own.
 */
import type { Socket } from "node:net";

/** A RESP reply: strings, integers, null, arrays, or an error reply. */
export type RespReply = string | number | null | RespReply[] | RespErrorReply;

/** An error reply such as `WRONGPASS invalid username-password pair`. */
export class RespErrorReply {
  readonly message: string;
  constructor(message: string) {
    this.message = message;
  }
}

function encode(args: string[]): string {
  let out = `*${args.length}\r\n`;
  for (const a of args) out += `$${Buffer.byteLength(a)}\r\n${a}\r\n`;
  return out;
}

/** Parses one reply from `buf` at `pos`; returns undefined when more bytes are needed. */
export function parseReply(buf: Buffer, pos = 0): { reply: RespReply; end: number } | undefined {
  const eol = buf.indexOf("\r\n", pos);
  if (eol < 0) return undefined;
  const type = String.fromCharCode(buf[pos]!);
  const head = buf.toString("utf8", pos + 1, eol);
  switch (type) {
    case "+":
      return { reply: head, end: eol + 2 };
    case "-":
      return { reply: new RespErrorReply(head), end: eol + 2 };
    case ":":
      return { reply: Number(head), end: eol + 2 };
    case "$": {
      const len = Number(head);
      if (len < 0) return { reply: null, end: eol + 2 };
      if (buf.length < eol + 2 + len + 2) return undefined;
      return { reply: buf.toString("utf8", eol + 2, eol + 2 + len), end: eol + 2 + len + 2 };
    }
    case "*": {
      const n = Number(head);
      if (n < 0) return { reply: null, end: eol + 2 };
      const items: RespReply[] = [];
      let at = eol + 2;
      for (let i = 0; i < n; i++) {
        const item = parseReply(buf, at);
        if (!item) return undefined;
        items.push(item.reply);
        at = item.end;
      }
      return { reply: items, end: at };
    }
    default:
      throw new Error(`unexpected RESP reply type ${JSON.stringify(type)}: is this a Redis server?`);
  }
}

/** One command at a time over a connected socket. */
export class RespConnection {
  readonly #socket: Socket;
  #buffer = Buffer.alloc(0);
  #waiting: { resolve: (r: RespReply) => void; reject: (e: Error) => void } | undefined;
  #closed: Error | undefined;

  constructor(socket: Socket) {
    this.#socket = socket;
    socket.on("data", (chunk: Buffer) => {
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      this.#drain();
    });
    const end = (err?: Error): void => {
      this.#closed = err ?? new Error("the server closed the connection");
      this.#waiting?.reject(this.#closed);
      this.#waiting = undefined;
    };
    socket.on("error", end);
    socket.on("close", () => end());
  }

  #drain(): void {
    if (!this.#waiting) return;
    let parsed: ReturnType<typeof parseReply>;
    try {
      parsed = parseReply(this.#buffer);
    } catch (err) {
      this.#waiting.reject(err as Error);
      this.#waiting = undefined;
      return;
    }
    if (!parsed) return;
    this.#buffer = this.#buffer.subarray(parsed.end);
    const w = this.#waiting;
    this.#waiting = undefined;
    w.resolve(parsed.reply);
  }

  /** Sends a command and resolves with its reply (error replies resolve as RespErrorReply). */
  command(args: string[], timeoutMs = 10_000): Promise<RespReply> {
    if (this.#closed) return Promise.reject(this.#closed);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting = undefined;
        reject(new Error(`no reply to ${args[0]} within ${timeoutMs / 1000}s`));
      }, timeoutMs);
      this.#waiting = {
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      this.#socket.write(encode(args));
      this.#drain();
    });
  }

  close(): void {
    this.#socket.end();
    this.#socket.destroy();
  }
}
