/**
 * One client connection through the local gateway: TLS from the client, plain TCP to its own backend
 * connection on redis-server. Requests are parsed (RESP multibulk or inline) and forwarded in order,
 * untouched except for `AUTH`/`HELLO ... AUTH`, whose token is checked here and replaced by the
 * backend password of that object id's ACL user (valid token) or by a deliberately wrong password
 * (so that Redis itself answers `WRONGPASS`, in order). Replies are forwarded untouched as they arrive
 * and scanned in parallel to learn which AUTHs Redis accepted; the connection is closed when its
 * accepted token expires without a successful re-AUTH.
 */
import { connect as netConnect, type Socket } from "node:net";
import type { TLSSocket } from "node:tls";
import { ReplyScanner, type ScannedReply } from "./resp-replies.ts";
import { encodeRequest } from "../internal/resp/encode.ts";
import { INCOMPLETE, PROTOCOL_ERROR, RequestReader, type ParsedRequest } from "./resp-requests.ts";
import type { TokenCheck, TokenIssuer } from "./token-issuer.ts";
import type { AuthEvent, ConnectionInfo } from "./types.ts";

/** What a connection needs from its gateway. */
export interface ConnectionContext {
  node: number;
  issuer: TokenIssuer;
  /** Where the backend redis-server listens: a TCP port on 127.0.0.1, or a Unix socket path. */
  backend: { port: number } | { path: string };
  /** Backend password of an object id's ACL user, when assigned. */
  passwordFor(objectId: string): string | undefined;
  /** A password no ACL user has. */
  wrongPassword: string;
  graceMs: number;
  /** Fault injection: how long to hold each AUTH / HELLO ... AUTH (and what follows it) before forwarding. */
  authDelayMs(): number;
  onForwarded(commands: number): void;
  onAuth(event: AuthEvent): void;
  onExpired(info: ConnectionInfo): void;
  onClose(info: ConnectionInfo): void;
}

const K_OTHER = 0;
const K_AUTH = 1;
const K_HELLO = 2;
const K_SUBS = 3;
const K_RESET = 4;
const K_MONITOR = 5;

interface AuthAttempt {
  command: "AUTH" | "HELLO";
  username: string | undefined;
  /** Gateway verdict; undefined when the request had no credentials to check. */
  check: TokenCheck | undefined;
}

interface Pending {
  kind: number;
  /** HELLO: requested protocol version. */
  proto?: number;
  auth?: AuthAttempt;
  /** Subscribe family: command name (lower case) and argument count. */
  family?: string;
  channels?: number;
  /** Replies still expected (lazily computed for subscribe-family commands). */
  remaining?: number;
}

const OTHER: Pending = { kind: K_OTHER };
const SUB_FAMILY = new Set([
  "subscribe",
  "psubscribe",
  "ssubscribe",
  "unsubscribe",
  "punsubscribe",
  "sunsubscribe",
]);
const MESSAGES = new Set(["message", "pmessage", "smessage"]);

/**
 * Prefilter for the commands the gateway interprets (auth, hello, reset, monitor, client and the
 * subscribe family): their name lengths and first letters. Anything else is forwarded without
 * allocating; whatever passes is looked at by name.
 */
const SPECIAL_LENGTHS: ReadonlySet<number> = new Set([4, 5, 6, 7, 9, 10, 11, 12]);
const SPECIAL_FIRST: ReadonlySet<number> = new Set([..."ahrmcspu"].map((c) => c.charCodeAt(0)));

function lower(b: Buffer | undefined): string {
  return b && b.length <= 16 ? b.toString("latin1").toLowerCase() : "";
}

/** Read buffer of every backend socket (see the constructor). */
const SHARED_READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

/** A client connection being proxied. */
export class GatewayConnection {
  readonly id: number;
  readonly #client: TLSSocket;
  readonly #backend: Socket;
  readonly #ctx: ConnectionContext;
  readonly #scanner: ReplyScanner;
  readonly remotePort: number;

  // request side
  readonly #reader = new RequestReader();
  #pending: Buffer | undefined;
  #pendingLen = 0;
  #need = 0;
  #passthrough = false;
  /** Set by #onRequest when the request carries credentials (AUTH, HELLO ... AUTH). */
  #sawAuth = false;
  /** Requests held back by an AUTH delay, in order; each is written once its time has come. */
  readonly #held: { data: Buffer; at: number }[] = [];
  #heldTimer: NodeJS.Timeout | undefined;

  // reply matching
  readonly #queue: Pending[] = [];
  #head = 0;
  /** Replies can no longer be matched to requests (MONITOR, CLIENT REPLY, malformed input). */
  #untracked = false;
  #proto = 2;
  readonly #subs = { channel: new Set<string>(), pattern: new Set<string>(), shard: new Set<string>() };

  // auth state
  #objectId: string | undefined;
  #expiresAt: number | undefined;
  #expiryTimer: NodeJS.Timeout | undefined;
  #authAccepted = 0;
  #authRefused = 0;
  #open = true;
  #closedForExpiry = false;
  #forwarded = 0;

  constructor(id: number, client: TLSSocket, ctx: ConnectionContext) {
    this.id = id;
    this.#client = client;
    this.#ctx = ctx;
    this.remotePort = client.remotePort ?? 0;
    this.#scanner = new ReplyScanner(
      (r) => this.#onReply(r),
      (type) =>
        type === ">" ||
        (type === "*" && this.#proto === 2 && (this.#subscribed() || this.#peek()?.kind === K_SUBS)),
    );
    client.setNoDelay(true);
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
    const info: ConnectionInfo = {
      id: this.id,
      node: this.#ctx.node,
      authAccepted: this.#authAccepted,
      authRefused: this.#authRefused,
      open: this.#open,
      closedForExpiry: this.#closedForExpiry,
      remotePort: this.remotePort,
      commandsForwarded: this.#forwarded,
    };
    if (this.#objectId !== undefined) info.objectId = this.#objectId;
    if (this.#expiresAt !== undefined) info.expiresAt = this.#expiresAt;
    return info;
  }

  get open(): boolean {
    return this.#open;
  }

  /** Closes both sides. */
  close(): void {
    this.#destroy();
  }

  #destroy(): void {
    if (!this.#open) return;
    this.#open = false;
    if (this.#expiryTimer) clearTimeout(this.#expiryTimer);
    if (this.#heldTimer) clearTimeout(this.#heldTimer);
    this.#held.length = 0;
    this.#client.destroy();
    this.#backend.destroy();
    this.#ctx.onClose(this.info());
  }

  // ---------------- requests ----------------

  #onClientData(chunk: Buffer): void {
    if (!this.#open) return;
    if (this.#passthrough) {
      this.#send([chunk], 0);
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
      const status = reader.read(buf, pos);
      if (status === INCOMPLETE) {
        this.#need = reader.need - pos;
        break;
      }
      if (status === PROTOCOL_ERROR) {
        // Redis answers a protocol error and closes; pass everything through untouched.
        this.#passthrough = true;
        this.#loseTracking();
        pos = buf.length;
        break;
      }
      if (reader.argc > 0) forwarded++;
      if (!reader.mayBe(SPECIAL_LENGTHS, SPECIAL_FIRST)) {
        // The common case: a command the gateway only counts (its reply is matched, not interpreted).
        if (reader.argc > 0) this.#push(OTHER);
        pos = reader.end;
        continue;
      }
      const req = reader.request();
      const replacement = this.#onRequest(req);
      if (this.#sawAuth) {
        this.#sawAuth = false;
        const delay = this.#ctx.authDelayMs();
        if (delay > 0) {
          // Everything before the AUTH goes now; the AUTH and what follows wait.
          if (pos > runStart) out.push(buf.subarray(runStart, pos));
          this.#send(out, releaseAt);
          out.length = 0;
          releaseAt = Date.now() + delay;
          runStart = pos;
        }
      }
      if (replacement) {
        if (pos > runStart) out.push(buf.subarray(runStart, pos));
        out.push(replacement);
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
    }
    this.#send(out, releaseAt);
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
  }

  #toBackend(data: Buffer): void {
    if (!this.#backend.write(data)) this.#client.pause();
  }

  /** Writes `parts` now, or queues them behind held requests / until `releaseAt`. */
  #send(parts: Buffer[], releaseAt: number): void {
    if (parts.length === 0) return;
    const data = parts.length === 1 ? parts[0] : Buffer.concat(parts);
    if (this.#held.length === 0 && releaseAt <= Date.now()) {
      this.#toBackend(data);
      return;
    }
    this.#held.push({ data, at: releaseAt });
    if (!this.#heldTimer) this.#releaseHeld();
  }

  #releaseHeld(): void {
    this.#heldTimer = undefined;
    if (!this.#open) return;
    while (this.#held.length > 0 && this.#held[0].at <= Date.now()) this.#toBackend(this.#held.shift()!.data);
    if (this.#held.length > 0) {
      this.#heldTimer = setTimeout(() => this.#releaseHeld(), Math.max(1, this.#held[0].at - Date.now()));
    }
  }

  /** Registers a request for reply matching; returns replacement bytes for AUTH/HELLO. */
  #onRequest(req: ParsedRequest): Buffer | undefined {
    if (req.argc === 0) return undefined;
    const name = lower(req.args[0]);
    switch (name) {
      case "auth":
        this.#sawAuth = true;
        return this.#onAuth(req);
      case "hello":
        return this.#onHello(req);
      case "reset":
        this.#push({ kind: K_RESET });
        return undefined;
      case "monitor":
        this.#push({ kind: K_MONITOR });
        return undefined;
      case "client": {
        const sub = lower(req.args[1]);
        const mode = lower(req.args[2]);
        this.#push(OTHER);
        if (sub === "reply" && (mode === "off" || mode === "skip")) this.#loseTracking();
        return undefined;
      }
      default:
        if (SUB_FAMILY.has(name)) {
          this.#push({ kind: K_SUBS, family: name, channels: req.argc - 1 });
          return undefined;
        }
        this.#push(OTHER);
        return undefined;
    }
  }

  /**
   * Replies can no longer be matched to requests (MONITOR, CLIENT REPLY OFF/SKIP, malformed traffic):
   * from now on AUTHs are judged by the gateway's own verdict, starting with those still waiting.
   */
  #loseTracking(): void {
    if (this.#untracked) return;
    this.#untracked = true;
    const waiting = this.#queue.splice(this.#head);
    this.#queue.length = 0;
    this.#head = 0;
    for (const p of waiting) if (p.auth) this.#push(p);
  }

  #push(p: Pending): void {
    if (!this.#untracked) {
      this.#queue.push(p);
      return;
    }
    // Replies can't be matched any more: judge an AUTH by the gateway's own verdict.
    if (p.auth)
      this.#settleAuth(p.auth, p.auth.check?.ok === true, {
        type: p.auth.check?.ok ? "+" : "-",
        line: p.auth.check?.ok ? "OK" : "WRONGPASS",
      });
  }

  #peek(): Pending | undefined {
    return this.#head < this.#queue.length ? this.#queue[this.#head] : undefined;
  }

  #shift(): Pending | undefined {
    if (this.#head >= this.#queue.length) return undefined;
    const p = this.#queue[this.#head++];
    if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue.splice(0, this.#head);
      this.#head = 0;
    }
    return p;
  }

  /** Checks a token and returns the password to forward (the backend one, or a wrong one). */
  #verdict(username: string, token: string): { check: TokenCheck; password: string } {
    const check = this.#ctx.issuer.check(token, username);
    if (!check.ok) return { check, password: this.#ctx.wrongPassword };
    const password = this.#ctx.passwordFor(username);
    if (password === undefined)
      return { check: { ok: false, reason: "unassigned" }, password: this.#ctx.wrongPassword };
    return { check, password };
  }

  #onAuth(req: ParsedRequest): Buffer | undefined {
    if (req.argc === 2) {
      // One-token AUTH (the default user): Azure needs a username, so Redis refuses it.
      this.#push({
        kind: K_AUTH,
        auth: { command: "AUTH", username: undefined, check: { ok: false, reason: "one-token-auth" } },
      });
      return encodeRequest([req.args[0], this.#ctx.wrongPassword]);
    }
    if (req.argc !== 3) {
      this.#push({ kind: K_AUTH, auth: { command: "AUTH", username: undefined, check: undefined } });
      return undefined;
    }
    const username = req.args[1].toString("utf8");
    const { check, password } = this.#verdict(username, req.args[2].toString("latin1"));
    this.#push({ kind: K_AUTH, auth: { command: "AUTH", username, check } });
    return encodeRequest([req.args[0], req.args[1], password]);
  }

  #onHello(req: ParsedRequest): Buffer | undefined {
    const proto = req.argc >= 2 ? Number(req.args[1].toString("latin1")) : undefined;
    let authAt = -1;
    for (let i = 2; i < Math.min(req.argc, req.args.length); i++) {
      const opt = lower(req.args[i]);
      if (opt === "auth") {
        authAt = i;
        i += 2;
      } else if (opt === "setname") i += 1;
    }
    const pending: Pending = { kind: K_HELLO };
    if (proto !== undefined && Number.isInteger(proto)) pending.proto = proto;
    if (authAt >= 0) this.#sawAuth = true;
    // AUTH beyond the exposed arguments (a malformed HELLO) is forwarded untouched: the raw token is never
    // a backend password, so Redis refuses it.
    if (authAt < 0 || authAt + 2 >= req.args.length || req.argc > req.args.length) {
      if (authAt >= 0) pending.auth = { command: "HELLO", username: undefined, check: undefined };
      this.#push(pending);
      return undefined;
    }
    const username = req.args[authAt + 1].toString("utf8");
    const { check, password } = this.#verdict(username, req.args[authAt + 2].toString("latin1"));
    pending.auth = { command: "HELLO", username, check };
    this.#push(pending);
    const args = req.args.slice(0, req.argc);
    args[authAt + 2] = Buffer.from(password);
    return encodeRequest(args);
  }

  // ---------------- replies ----------------

  /** Forwards a reply chunk and scans it; false when the client is full (the backend pauses). */
  #onBackendData(chunk: Buffer): boolean {
    if (!this.#open) return false;
    const more = this.#client.write(chunk);
    if (!this.#untracked) this.#scanner.feed(chunk);
    if (this.#scanner.broken && !this.#untracked) this.#loseTracking();
    return more;
  }

  #subscribed(): boolean {
    return this.#subs.channel.size + this.#subs.pattern.size + this.#subs.shard.size > 0;
  }

  #setFor(family: string): Set<string> {
    return family.startsWith("s")
      ? this.#subs.shard
      : family.startsWith("p")
        ? this.#subs.pattern
        : this.#subs.channel;
  }

  #onReply(r: ScannedReply): void {
    if (this.#untracked) return;
    const head = this.#peek();
    const frameKind = r.elements?.[0]?.toLowerCase();
    if (r.type === ">") {
      if (frameKind && SUB_FAMILY.has(frameKind)) this.#onSubscribeFrame(frameKind, r, head);
      return; // other pushes (messages, invalidations) are not replies
    }
    if (r.type === "*" && r.elements && frameKind !== undefined) {
      if (MESSAGES.has(frameKind) && this.#subscribed()) return;
      if (SUB_FAMILY.has(frameKind) && (this.#subscribed() || head?.kind === K_SUBS)) {
        this.#onSubscribeFrame(frameKind, r, head);
        return;
      }
    }
    const p = this.#shift();
    if (!p) {
      this.#loseTracking(); // more replies than requests: stop interpreting
      return;
    }
    switch (p.kind) {
      case K_AUTH:
        this.#settleAuth(p.auth!, r.type === "+" && r.line === "OK", r);
        return;
      case K_HELLO: {
        const ok = r.type === "%" || r.type === "*";
        if (ok && p.proto !== undefined) this.#proto = p.proto;
        if (p.auth) this.#settleAuth(p.auth, ok, r);
        return;
      }
      case K_RESET:
        if (r.type === "+") {
          this.#proto = 2;
          this.#subs.channel.clear();
          this.#subs.pattern.clear();
          this.#subs.shard.clear();
          this.#objectId = undefined;
          this.#setExpiry(undefined);
        }
        return;
      case K_MONITOR:
        if (r.type === "+") this.#loseTracking();
        return;
      default:
        return;
    }
  }

  #onSubscribeFrame(kind: string, r: ScannedReply, head: Pending | undefined): void {
    const set = this.#setFor(kind);
    const matches = head?.kind === K_SUBS && head.family === kind;
    if (matches && head.remaining === undefined) {
      head.remaining =
        kind.includes("unsubscribe") && head.channels === 0 ? Math.max(1, set.size) : head.channels!;
    }
    const name = r.elements?.[1];
    if (name !== null && name !== undefined) {
      if (kind.includes("unsubscribe")) set.delete(name);
      else set.add(name);
    }
    if (matches) {
      head.remaining! -= 1;
      if (head.remaining! <= 0) this.#shift();
    }
  }

  #settleAuth(a: AuthAttempt, redisAccepted: boolean, r: ScannedReply): void {
    if (r.type === "+" && r.line === "QUEUED") return; // inside MULTI: decided at EXEC (not tracked)
    const accepted = redisAccepted && a.check?.ok === true;
    const event: AuthEvent = { ...this.#eventBase(), command: a.command, accepted };
    if (a.username !== undefined) event.username = a.username;
    if (accepted && a.check?.ok) {
      this.#authAccepted++;
      this.#objectId = a.check.objectId;
      this.#setExpiry(a.check.expiresAt);
      event.objectId = a.check.objectId;
      event.expiresAt = a.check.expiresAt;
    } else {
      this.#authRefused++;
      const reason =
        a.check && !a.check.ok
          ? a.check.reason
          : r.type === "-" || r.type === "!"
            ? (r.line ?? "error")
            : "refused";
      event.reason = reason;
    }
    this.#ctx.onAuth(event);
  }

  #eventBase(): { id: number; node: number; remotePort: number; objectId?: string; expiresAt?: number } {
    const base: { id: number; node: number; remotePort: number; objectId?: string; expiresAt?: number } = {
      id: this.id,
      node: this.#ctx.node,
      remotePort: this.remotePort,
    };
    if (this.#objectId !== undefined) base.objectId = this.#objectId;
    if (this.#expiresAt !== undefined) base.expiresAt = this.#expiresAt;
    return base;
  }

  #setExpiry(expiresAt: number | undefined): void {
    this.#expiresAt = expiresAt;
    if (this.#expiryTimer) clearTimeout(this.#expiryTimer);
    this.#expiryTimer = undefined;
    if (expiresAt === undefined || !this.#open) return;
    const arm = (): void => {
      const wait = expiresAt + this.#ctx.graceMs - Date.now();
      if (wait > 0) {
        // Timers are capped at ~24.8 days; re-arm for long lifetimes.
        this.#expiryTimer = setTimeout(arm, Math.min(wait, 2 ** 31 - 1));
        this.#expiryTimer.unref();
        return;
      }
      if (!this.#open || this.#expiresAt !== expiresAt) return;
      this.#closedForExpiry = true;
      this.#ctx.onExpired({ ...this.info(), open: false });
      this.#destroy();
    };
    arm();
  }
}
