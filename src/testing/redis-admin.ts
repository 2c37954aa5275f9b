/**
 * A minimal admin connection to one backend redis-server (plain TCP on loopback): sends commands,
 * decodes RESP2 replies. Used to create ACL users and set up the cluster; never logs arguments.
 */
import { connect, type Socket } from "node:net";
import { encodeRequest } from "./resp-requests.ts";
import { decodeReply, RespReplyError, type RespReply } from "./resp-decode.ts";

/** One admin connection; commands are answered in order. */
export class RedisAdmin {
  readonly #socket: Socket;
  #buffer: Buffer = Buffer.alloc(0);
  readonly #waiting: { resolve: (v: RespReply) => void; reject: (e: Error) => void }[] = [];
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
      const parsed = decodeReply(this.#buffer, pos);
      if (!parsed) break;
      pos = parsed.end;
      const w = this.#waiting.shift();
      if (!w) continue;
      if (parsed.value instanceof RespReplyError) w.reject(parsed.value);
      else w.resolve(parsed.value);
    }
    this.#buffer = this.#buffer.subarray(pos);
  }

  /** Sends one command; rejects with the Redis error reply (which never echoes a password). */
  call(...args: string[]): Promise<RespReply> {
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
