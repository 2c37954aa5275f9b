/**
 * Test helpers for the local gateway: a raw TLS RESP client (so tests control exactly which bytes go
 * out in one write) with a full RESP2/RESP3 decoder, and small waiting utilities.
 */
import { connect as tlsConnect, type TLSSocket } from "node:tls";
import { connect as netConnect, type Socket } from "node:net";
import type { LocalEntraRedis } from "../../../src/testing/index.ts";

export const SCOPE = "https://redis.azure.com/.default";
export const OID = "0a3c2b1d-4e5f-4a6b-9c7d-8e9f0a1b2c3d";

/** A decoded reply. Errors are `{ error }`, pushes `{ push }`, maps plain arrays of pairs. */
export type Reply =
  | string
  | number
  | bigint
  | boolean
  | null
  | Reply[]
  | { error: string }
  | { push: Reply[] }
  | { map: [Reply, Reply][] };

type Decoded = { value: Reply; end: number } | undefined;

export function decode(buf: Buffer, pos: number): Decoded {
  const cr = buf.indexOf("\r\n", pos);
  if (cr < 0) return undefined;
  const type = String.fromCharCode(buf[pos]);
  const text = buf.toString("utf8", pos + 1, cr);
  const next = cr + 2;
  const many = (n: number, wrap: (items: Reply[]) => Reply): Decoded => {
    const items: Reply[] = [];
    let p = next;
    for (let i = 0; i < n; i++) {
      const d = decode(buf, p);
      if (!d) return undefined;
      items.push(d.value);
      p = d.end;
    }
    return { value: wrap(items), end: p };
  };
  switch (type) {
    case "+":
      return { value: text, end: next };
    case "-":
      return { value: { error: text }, end: next };
    case ":":
      return { value: Number(text), end: next };
    case "_":
      return { value: null, end: next };
    case "#":
      return { value: text === "t", end: next };
    case ",":
      return { value: Number(text), end: next };
    case "(":
      return { value: BigInt(text), end: next };
    case "$":
    case "!":
    case "=": {
      const n = Number(text);
      if (n < 0) return { value: null, end: next };
      if (buf.length < next + n + 2) return undefined;
      const s = buf.toString("utf8", next, next + n);
      return { value: type === "!" ? { error: s } : s, end: next + n + 2 };
    }
    case "*":
    case "~": {
      const n = Number(text);
      if (n < 0) return { value: null, end: next };
      return many(n, (items) => items);
    }
    case ">":
      return many(Number(text), (items) => ({ push: items }));
    case "%":
      return many(2 * Number(text), (items) => {
        const pairs: [Reply, Reply][] = [];
        for (let i = 0; i < items.length; i += 2) pairs.push([items[i]!, items[i + 1]!]);
        return { map: pairs };
      });
    default:
      throw new Error(`bad RESP type ${type}`);
  }
}

/** When `buf` starts with an incomplete top-level bulk string: the length it needs; otherwise 0. */
function bulkEnd(buf: Buffer): number {
  if (buf[0] !== 0x24) return 0;
  const cr = buf.indexOf("\r\n");
  if (cr < 0) return 0;
  const n = Number(buf.toString("latin1", 1, cr));
  return n >= 0 ? cr + 2 + n + 2 : 0;
}

/** Encodes a command as a RESP multibulk request. */
export function cmd(...args: string[]): string {
  return `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join("")}`;
}

/** A raw RESP connection (TLS to the gateway, or plain TCP to the backend). */
export class RawClient {
  readonly socket: TLSSocket | Socket;
  #buf: Buffer = Buffer.alloc(0);
  #chunks: Buffer[] = [];
  #length = 0;
  /** Bytes needed before decoding is worth trying again. */
  #want = 0;
  readonly #values: Reply[] = [];
  #waiter: (() => void) | undefined;
  /** Resolves with Date.now() when the connection closes. */
  readonly closed: Promise<number>;

  private constructor(socket: TLSSocket | Socket) {
    this.socket = socket;
    socket.on("data", (chunk: Buffer) => {
      this.#chunks.push(chunk);
      this.#length += chunk.length;
      // A large bulk reply arrives in many chunks: join them once it is all there (not at every chunk).
      if (this.#length < this.#want) return;
      this.#buf = Buffer.concat([this.#buf, ...this.#chunks]);
      this.#chunks = [];
      let pos = 0;
      for (let d = decode(this.#buf, pos); d; d = decode(this.#buf, pos)) {
        this.#values.push(d.value);
        pos = d.end;
      }
      this.#buf = this.#buf.subarray(pos);
      this.#length = this.#buf.length;
      this.#want = bulkEnd(this.#buf);
      this.#waiter?.();
    });
    this.closed = new Promise((resolve) => socket.once("close", () => resolve(Date.now())));
    socket.on("error", () => undefined);
    void this.closed.then(() => this.#waiter?.());
  }

  /** TLS connection to a gateway node (certificate checks on). */
  static tls(gw: LocalEntraRedis, options: { port?: number; servername?: string } = {}): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = tlsConnect({
        host: "127.0.0.1",
        port: options.port ?? gw.port,
        ca: gw.ca,
        ...(options.servername ? { servername: options.servername } : {}),
      });
      s.once("secureConnect", () => resolve(new RawClient(s)));
      s.once("error", reject);
    });
  }

  /** Plain TCP connection (e.g. to the backend). */
  static plain(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = netConnect({ host: "127.0.0.1", port });
      s.once("connect", () => resolve(new RawClient(s)));
      s.once("error", reject);
    });
  }

  write(data: string | Buffer): void {
    this.socket.write(data);
  }

  /** Waits for the next `n` values (replies and pushes, in arrival order). */
  async read(n = 1, timeoutMs = 5000): Promise<Reply[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.#values.length < n) {
      if (this.socket.destroyed && this.#values.length < n)
        throw new Error(`connection closed after ${this.#values.length} of ${n} values`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${n} values (have ${this.#values.length})`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.#waiter = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.#waiter = undefined;
    }
    return this.#values.splice(0, n);
  }

  /** Sends one command and returns its reply. */
  async call(...args: string[]): Promise<Reply> {
    this.write(cmd(...args));
    return (await this.read(1))[0]!;
  }

  close(): void {
    this.socket.destroy();
  }
}

/** The error text of a reply, or undefined when it is not an error. */
export function errorOf(r: Reply | undefined): string | undefined {
  return r !== null && typeof r === "object" && "error" in r ? r.error : undefined;
}

export { waitFor } from "../support/time.ts";

/** A token for an object id from a fresh credential. */
export async function tokenFor(
  gw: LocalEntraRedis,
  objectId: string,
  options: Parameters<LocalEntraRedis["credential"]>[1] = {},
): Promise<string> {
  const t = await gw.credential(objectId, options).getToken(SCOPE);
  if (!t) throw new Error("no token");
  return t.token;
}
