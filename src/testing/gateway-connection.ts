/**
 * One client connection through the local gateway: TLS from the client, plain TCP to its own backend
 * connection on redis-server. Requests are parsed (RESP multibulk or inline) and forwarded in order,
 * untouched except for `AUTH`/`HELLO ... AUTH` (see gateway-auth.ts). Replies are forwarded untouched as
 * they arrive and matched to requests in parallel (gateway-replies.ts) to learn which AUTHs Redis
 * accepted; the session (gateway-session.ts) closes the connection when its accepted token expires
 * without a successful re-AUTH. This file dispatches: sockets, the request loop, and wiring.
 */
import { connect as netConnect, type Socket } from "node:net";
import type { TLSSocket } from "node:tls";
import {
  lower,
  rewriteAuth,
  rewriteHello,
  type AuthContext,
  type Rewritten,
  type Untrackable,
} from "./gateway-auth.ts";
import { Outbound } from "./gateway-outbound.ts";
import { SUB_FAMILY } from "./gateway-pubsub.ts";
import { K_RESET, K_SUBS, OTHER, ReplyMatcher } from "./gateway-replies.ts";
import { AuthSession } from "./gateway-session.ts";
import { INCOMPLETE, PROTOCOL_ERROR, RequestReader, type ParsedRequest } from "./resp-requests.ts";
import type { AuthEvent, ConnectionInfo } from "./types.ts";

/** What a connection needs from its gateway. */
export interface ConnectionContext extends AuthContext {
  node: number;
  /** Where the backend redis-server listens: a TCP port on 127.0.0.1, or a Unix socket path. */
  backend: { port: number } | { path: string };
  graceMs: number;
  /** Close a connection that sends nothing for this long while it is not authenticated (ms). */
  unauthenticatedIdleTimeoutMs: number;
  /** Fault injection: how long to hold each AUTH / HELLO ... AUTH (and what follows it) before forwarding. */
  authDelayMs(): number;
  onForwarded(commands: number): void;
  onAuth(event: AuthEvent): void;
  onExpired(info: ConnectionInfo): void;
  onClose(info: ConnectionInfo): void;
}

/**
 * Prefilter for the commands the gateway interprets (auth, hello, reset, monitor, client and the
 * subscribe family): their name lengths and first letters. Anything else is forwarded without
 * allocating; whatever passes is looked at by name.
 */
const SPECIAL_LENGTHS: ReadonlySet<number> = new Set([4, 5, 6, 7, 9, 10, 11, 12]);
const SPECIAL_FIRST: ReadonlySet<number> = new Set([..."ahrmcspu"].map((c) => c.charCodeAt(0)));
/** Inside MULTI, EXEC and DISCARD matter too. */
const SPECIAL_FIRST_IN_MULTI: ReadonlySet<number> = new Set([..."ahrmcspued"].map((c) => c.charCodeAt(0)));

/** Read buffer of every backend socket (see the constructor). */
const SHARED_READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

/** A client connection being proxied. */
export class GatewayConnection {
  readonly id: number;
  readonly #client: TLSSocket;
  readonly #backend: Socket;
  readonly #ctx: ConnectionContext;
  readonly remotePort: number;
  readonly #replies: ReplyMatcher;
  readonly #session: AuthSession;
  readonly #outbound: Outbound;

  // request side
  readonly #reader = new RequestReader();
  #pending: Buffer | undefined;
  #pendingLen = 0;
  #need = 0;
  #pendingPeak = 0;
  #passthrough = false;
  /**
   * A MULTI was forwarded and no EXEC, DISCARD or RESET since. Judged from requests alone, so it errs
   * on the safe side: a MULTI Redis refused still counts (an AUTH then is refused when it need not be).
   */
  #inMulti = false;
  /**
   * AUTHs forwarded with a backend password and not answered yet: Redis may be authenticated by the
   * time it reads what follows them, so the unauthenticated limits no longer apply to it.
   */
  #authsInFlight = 0;
  #open = true;
  #closedForExpiry = false;
  #forwarded = 0;

  constructor(id: number, client: TLSSocket, ctx: ConnectionContext) {
    this.id = id;
    this.#client = client;
    this.#ctx = ctx;
    this.remotePort = client.remotePort ?? 0;
    this.#session = new AuthSession({
      id,
      node: ctx.node,
      remotePort: this.remotePort,
      graceMs: ctx.graceMs,
      clock: ctx.clock,
      onAuth: (e) => ctx.onAuth(e),
      onExpired: () => this.#expire(),
    });
    this.#replies = new ReplyMatcher({
      settleAuth: (a, accepted, r) => {
        if (a.check?.ok) this.#authsInFlight--;
        const was = this.#session.authenticated;
        this.#session.settle(a, accepted, r);
        if (!was && this.#session.authenticated) client.setTimeout(0);
      },
      reset: () => {
        this.#session.reset();
        client.setTimeout(ctx.unauthenticatedIdleTimeoutMs);
      },
      // Redis's replies could not be read while an AUTH was waiting (never seen from a real Redis):
      // which identity it serves is unknown, so the connection ends.
      unknownOutcome: () => this.#destroy(),
    });
    this.#outbound = new Outbound(
      (data) => {
        if (!this.#backend.write(data)) this.#client.pause();
      },
      () => this.#open,
    );
    client.setNoDelay(true);
    // Idle before AUTH: closed (Redis limits what an unauthenticated client may send; this bounds how
    // long it may hold a connection). Cleared once authenticated, re-armed by RESET.
    client.setTimeout(ctx.unauthenticatedIdleTimeoutMs);
    client.on("timeout", () => {
      if (!this.#session.authenticated) this.#destroy();
    });
    // Replies are read into one buffer shared by every backend socket (reads are handed over one at a
    // time, synchronously) and copied out at their size: no 64 KiB allocation and no stream machinery
    // per reply. Returning false pauses the backend until the client drains.
    const onread = {
      buffer: SHARED_READ_BUFFER,
      callback: (n: number, buf: Buffer): boolean => {
        const chunk = Buffer.allocUnsafe(n);
        buf.copy(chunk, 0, 0, n);
        return this.#onBackendData(chunk);
      },
    };
    const backend =
      "path" in ctx.backend
        ? netConnect({ path: ctx.backend.path, onread })
        : netConnect({ host: "127.0.0.1", port: ctx.backend.port, onread, noDelay: true });
    this.#backend = backend;

    client.on("data", (chunk: Buffer) => this.#onClientData(chunk));
    client.on("end", () => backend.end());
    backend.on("end", () => client.end());
    client.on("error", () => this.#destroy());
    backend.on("error", () => this.#destroy());
    client.on("close", () => this.#destroy());
    backend.on("close", () => this.#destroy());
    client.on("drain", () => backend.resume());
    backend.on("drain", () => client.resume());
  }

  info(): ConnectionInfo {
    return {
      id: this.id,
      node: this.#ctx.node,
      authAccepted: this.#session.accepted,
      authRefused: this.#session.refused,
      open: this.#open,
      closedForExpiry: this.#closedForExpiry,
      remotePort: this.remotePort,
      commandsForwarded: this.#forwarded,
      pendingBytesPeak: this.#pendingPeak,
      ...this.#session.identity(),
    };
  }

  get open(): boolean {
    return this.#open;
  }

  /** Closes both sides. */
  close(): void {
    this.#destroy();
  }

  #expire(): void {
    if (!this.#open) return;
    this.#closedForExpiry = true;
    this.#ctx.onExpired({ ...this.info(), open: false });
    this.#destroy();
  }

  #destroy(): void {
    if (!this.#open) return;
    this.#open = false;
    this.#session.stop();
    this.#outbound.clear();
    this.#client.destroy();
    this.#backend.destroy();
    this.#ctx.onClose(this.info());
  }

  // ---------------- requests ----------------

  #onClientData(chunk: Buffer): void {
    if (!this.#open) return;
    if (this.#passthrough) {
      this.#outbound.send([chunk], 0);
      return;
    }
    let buf: Buffer;
    if (this.#pending) {
      this.#append(chunk);
      if (this.#pendingLen < this.#need) return;
      buf = this.#pending.subarray(0, this.#pendingLen);
      this.#pending = undefined;
      this.#pendingLen = 0;
    } else buf = chunk;

    const out: Buffer[] = [];
    /** When the bytes in `out` may be written (0: now; set when they start with a delayed AUTH). */
    let releaseAt = 0;
    let pos = 0;
    let runStart = 0;
    let forwarded = 0;
    const reader = this.#reader;
    while (pos < buf.length) {
      reader.unauthenticated = !this.#session.authenticated && this.#authsInFlight === 0;
      const status = reader.read(buf, pos);
      if (status === INCOMPLETE) {
        this.#need = reader.need - pos;
        break;
      }
      if (status === PROTOCOL_ERROR) {
        // Redis answers a protocol error and closes; pass everything through untouched (nothing more
        // is buffered: a request over the unauthenticated limits goes to Redis as its header arrives).
        this.#passthrough = true;
        this.#replies.endAfterQueued();
        pos = buf.length;
        break;
      }
      if (reader.argc > 0) forwarded++;
      if (!reader.mayBe(SPECIAL_LENGTHS, this.#inMulti ? SPECIAL_FIRST_IN_MULTI : SPECIAL_FIRST)) {
        // The common case: a command the gateway only counts (its reply is matched, not interpreted).
        if (reader.argc > 0) this.#replies.push(OTHER);
        pos = reader.end;
        continue;
      }
      const req = reader.request();
      const rewritten = this.#onRequest(req);
      if (rewritten?.pending.auth) {
        const delay = this.#ctx.authDelayMs();
        if (delay > 0) {
          // Everything before the AUTH goes now; the AUTH and what follows wait.
          if (pos > runStart) out.push(buf.subarray(runStart, pos));
          this.#outbound.send(out, releaseAt);
          out.length = 0;
          releaseAt = Date.now() + delay;
          runStart = pos;
        }
      }
      if (rewritten?.replacement) {
        if (pos > runStart) out.push(buf.subarray(runStart, pos));
        out.push(rewritten.replacement);
        runStart = req.end;
      }
      pos = req.end;
    }
    if (pos > runStart) out.push(buf.subarray(runStart, pos));
    if (pos < buf.length) {
      // Keep the incomplete request in a fresh buffer (views already written are never mutated).
      const rest = buf.length - pos;
      this.#pending = Buffer.allocUnsafe(Math.max(16 * 1024, rest * 2));
      buf.copy(this.#pending, 0, pos);
      this.#pendingLen = rest;
      if (rest > this.#pendingPeak) this.#pendingPeak = rest;
    }
    this.#outbound.send(out, releaseAt);
    if (forwarded) {
      this.#forwarded += forwarded;
      this.#ctx.onForwarded(forwarded);
    }
  }

  #append(chunk: Buffer): void {
    const pending = this.#pending!;
    const needed = this.#pendingLen + chunk.length;
    if (needed > pending.length) {
      const bigger = Buffer.allocUnsafe(Math.max(needed, pending.length * 2));
      pending.copy(bigger, 0, 0, this.#pendingLen);
      this.#pending = bigger;
    }
    chunk.copy(this.#pending!, this.#pendingLen);
    this.#pendingLen = needed;
    if (needed > this.#pendingPeak) this.#pendingPeak = needed;
  }

  /**
   * Why an AUTH now could change who Redis serves without the gateway seeing it (then it is refused
   * whatever its token): inside MULTI it runs at EXEC, whose reply is not interpreted; after CLIENT
   * REPLY OFF/SKIP or MONITOR replies are no longer matched to requests.
   */
  #untrackable(): Untrackable | undefined {
    if (this.#replies.ending) return "replies-untracked";
    return this.#inMulti ? "auth-in-multi" : undefined;
  }

  /** Registers a request for reply matching; AUTH/HELLO come back rewritten. */
  #onRequest(req: ParsedRequest): Rewritten | undefined {
    if (req.argc === 0) return undefined;
    const name = lower(req.args[0]);
    switch (name) {
      case "auth":
      case "hello": {
        const untrackable = this.#untrackable();
        const rewritten =
          name === "auth"
            ? rewriteAuth(this.#ctx, req, untrackable)
            : rewriteHello(this.#ctx, req, untrackable);
        if (rewritten.pending.auth?.check?.ok) this.#authsInFlight++;
        this.#replies.push(rewritten.pending);
        return rewritten;
      }
      case "multi":
        this.#inMulti = true;
        this.#replies.push(OTHER);
        return undefined;
      case "exec":
      case "discard":
        this.#inMulti = false;
        this.#replies.push(OTHER);
        return undefined;
      case "reset":
        this.#inMulti = false;
        this.#replies.push({ kind: K_RESET });
        return undefined;
      case "monitor":
        // Replies after it are not matched (monitor output); from the request on, AUTHs are refused.
        this.#replies.endAfterQueued();
        return undefined;
      case "client": {
        const sub = lower(req.args[1]);
        const mode = lower(req.args[2]);
        if (sub === "reply" && (mode === "off" || mode === "skip")) this.#replies.endAfterQueued();
        else this.#replies.push(OTHER);
        return undefined;
      }
      default:
        if (SUB_FAMILY.has(name)) {
          this.#replies.push({ kind: K_SUBS, family: name, channels: req.argc - 1 });
          return undefined;
        }
        this.#replies.push(OTHER);
        return undefined;
    }
  }

  // ---------------- replies ----------------

  /** Forwards a reply chunk and scans it; false when the client is full (the backend pauses). */
  #onBackendData(chunk: Buffer): boolean {
    if (!this.#open) return false;
    const more = this.#client.write(chunk);
    this.#replies.feed(chunk);
    return more;
  }
}
