/**
 * A minimal RESP2 client for `doctor`: sends one command at a time over an already connected
 * (TLS) socket and reads one reply. Enough for AUTH, PING and EXISTS, with nothing hidden (no
 * reconnects, no retries) so every step's answer is the server's own.
 */
import type { Socket } from "node:net";
import { decodeReply, type RespReply } from "../../testing/resp-decode.ts";
import { encodeRequest } from "../../testing/resp-requests.ts";

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
    let parsed: ReturnType<typeof decodeReply>;
    try {
      parsed = decodeReply(this.#buffer);
    } catch (err) {
      this.#waiting.reject(err as Error);
      this.#waiting = undefined;
      return;
    }
    if (!parsed) return;
    this.#buffer = this.#buffer.subarray(parsed.end);
    const w = this.#waiting;
    this.#waiting = undefined;
    w.resolve(parsed.value);
  }

  /** Sends a command and resolves with its reply (error replies resolve as RespReplyError). */
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
      this.#socket.write(encodeRequest(args));
      this.#drain();
    });
  }

  close(): void {
    this.#socket.end();
    this.#socket.destroy();
  }
}
