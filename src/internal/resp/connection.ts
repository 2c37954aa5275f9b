/**
 * The one small RESP2 client of the project: the testing kit's admin connection to its redis-servers
 * (ACL users, cluster setup) and the CLI's `doctor` (AUTH, PING, a read over TLS) both use it.
 * Commands are answered in order (pipelining is allowed); nothing is hidden: no reconnects, no
 * retries, so every answer is the server's own. Arguments are never logged or put into errors.
 */
import { connect, type Socket } from "node:net";
import { decodeReply, RespReplyError, type RespReply } from "./decode.ts";
import { encodeRequest } from "./encode.ts";

/** How long a command waits for its reply unless told otherwise. */
const DEFAULT_TIMEOUT_MS = 30_000;

/** Options for {@link RespConnection.connect}. */
export interface RespConnectOptions {
  port: number;
  /** Loopback unless told otherwise. */
  host?: string;
  /** AUTH as this user right after connecting. */
  user?: { username: string; password: string };
}

interface Waiter {
  resolve: (reply: RespReply) => void;
  reject: (err: Error) => void;
}

/** One connection over an already connected socket (plain TCP or TLS). */
export class RespConnection {
  readonly #socket: Socket;
  #buffer: Buffer = Buffer.alloc(0);
  readonly #waiting: Waiter[] = [];
  #closed: Error | undefined;

  constructor(socket: Socket) {
    this.#socket = socket;
    socket.on("data", (chunk: Buffer) => this.#onData(chunk));
    socket.on("error", (err) => this.#fail(err));
    socket.on("close", () => this.#fail(new Error("the server closed the connection")));
  }

  /** Connects over plain TCP and authenticates when a user is given. */
  static async connect(options: RespConnectOptions): Promise<RespConnection> {
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = connect({ host: options.host ?? "127.0.0.1", port: options.port });
      s.once("connect", () => {
        s.off("error", reject);
        resolve(s);
      });
      s.once("error", reject);
    });
    socket.setNoDelay(true);
    const conn = new RespConnection(socket);
    if (options.user) {
      try {
        await conn.call("AUTH", options.user.username, options.user.password);
      } catch (err) {
        conn.close();
        throw err;
      }
    }
    return conn;
  }

  /** Fails every pending command with `err` and refuses new ones. */
  #fail(err: Error): void {
    this.#closed ??= err;
    for (const w of this.#waiting.splice(0)) w.reject(this.#closed);
  }

  #onData(chunk: Buffer): void {
    this.#buffer = this.#buffer.length ? Buffer.concat([this.#buffer, chunk]) : chunk;
    let pos = 0;
    while (pos < this.#buffer.length) {
      let parsed: ReturnType<typeof decodeReply>;
      try {
        parsed = decodeReply(this.#buffer, pos);
      } catch (err) {
        this.#fail(err as Error);
        this.#socket.destroy();
        return;
      }
      if (!parsed) break;
      pos = parsed.end;
      this.#waiting.shift()?.resolve(parsed.value);
    }
    this.#buffer = this.#buffer.subarray(pos);
  }

  /**
   * Sends a command and resolves with its reply; an error reply resolves as a {@link RespReplyError}
   * value. When no reply comes within `timeoutMs`, the connection is closed (later replies could no
   * longer be matched to their commands) and every pending command fails.
   */
  command(args: readonly string[], timeoutMs = DEFAULT_TIMEOUT_MS): Promise<RespReply> {
    if (this.#closed) return Promise.reject(this.#closed);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#fail(new Error(`no reply to ${args[0]} within ${timeoutMs / 1000}s`));
        this.#socket.destroy();
      }, timeoutMs);
      this.#waiting.push({
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.#socket.write(encodeRequest(args));
    });
  }

  /** Like {@link command}, but an error reply rejects (its text never echoes a password). */
  async call(...args: string[]): Promise<Exclude<RespReply, RespReplyError>> {
    const reply = await this.command(args);
    if (reply instanceof RespReplyError) throw reply;
    return reply;
  }

  close(): void {
    this.#socket.end();
    this.#socket.destroy();
  }
}
