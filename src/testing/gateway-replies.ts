/**
 * Reply matching for one gateway connection: every forwarded request is queued, and Redis's replies
 * (scanned as they are forwarded, untouched) are matched to them in order, skipping pub/sub messages and
 * RESP3 pushes, so that the gateway learns which AUTHs Redis accepted, which protocol HELLO chose and
 * when RESET took effect. After a request from which replies can no longer be matched (MONITOR,
 * CLIENT REPLY OFF/SKIP, a protocol error), the replies to everything before it are still matched;
 * then matching stops for good. Replies that cannot be read at all (malformed, more than requests)
 * stop it at once: an AUTH still waiting then has an outcome nobody knows, which the connection is told.
 */
import { MESSAGES, PubSubState, SUB_FAMILY, type SubscribeRequest } from "./gateway-pubsub.ts";
import { ReplyScanner, type ScannedReply } from "./resp-replies.ts";
import type { TokenCheck } from "./token-issuer.ts";

/** Request kinds the matcher interprets. */
export const K_OTHER = 0;
export const K_AUTH = 1;
export const K_HELLO = 2;
export const K_SUBS = 3;
export const K_RESET = 4;
/** Where matching ends (a request after which replies can't be matched); it has no reply of its own. */
export const K_END = 5;

/** An AUTH or HELLO ... AUTH as the gateway judged it. */
export interface AuthAttempt {
  command: "AUTH" | "HELLO";
  username: string | undefined;
  /** Gateway verdict; undefined when the request had no credentials to check. */
  check: TokenCheck | undefined;
}

/** A forwarded request waiting for its reply. */
export interface Pending extends Partial<SubscribeRequest> {
  kind: number;
  /** HELLO: requested protocol version. */
  proto?: number;
  auth?: AuthAttempt;
}

/** The shared entry of requests whose reply is only counted. */
export const OTHER: Pending = { kind: K_OTHER };

/** What the matcher reports to its connection. */
export interface ReplyHooks {
  /**
   * An AUTH was answered: `redisAccepted` is Redis's verdict (or, once replies can't be matched, the
   * gateway's own), `r` the reply.
   */
  settleAuth(a: AuthAttempt, redisAccepted: boolean, r: ScannedReply): void;
  /** Redis accepted a RESET: the connection is unauthenticated again. */
  reset(): void;
  /**
   * Matching stopped while an AUTH that Redis may accept was waiting for its reply: who the
   * connection is authenticated as is no longer known.
   */
  unknownOutcome(): void;
}

/** Matches replies to requests for one connection. */
export class ReplyMatcher {
  readonly #hooks: ReplyHooks;
  readonly #scanner: ReplyScanner;
  readonly #queue: Pending[] = [];
  #head = 0;
  /** Replies can no longer be matched to requests (MONITOR, CLIENT REPLY, malformed input). */
  #untracked = false;
  /** A K_END was queued: matching stops once the replies before it are in. */
  #ending = false;
  #proto = 2;
  readonly #pubsub = new PubSubState();

  constructor(hooks: ReplyHooks) {
    this.#hooks = hooks;
    this.#scanner = new ReplyScanner(
      (r) => this.#onReply(r),
      (type) =>
        type === ">" ||
        (type === "*" && this.#proto === 2 && (this.#pubsub.subscribed || this.#peek()?.kind === K_SUBS)),
    );
  }

  /** True once replies can no longer be matched to requests, or will not be after those queued. */
  get ending(): boolean {
    return this.#ending || this.#untracked;
  }

  /**
   * The request just queued is the last whose reply can be matched (MONITOR, CLIENT REPLY OFF/SKIP
   * and a protocol error come next): matching goes on for the replies to the requests before it, then
   * stops for good.
   */
  endAfterQueued(): void {
    if (this.ending) return;
    this.#ending = true;
    this.#queue.push({ kind: K_END });
    if (this.#peek()?.kind === K_END) this.loseTracking();
  }

  /** Scans a chunk of replies (already forwarded to the client). */
  feed(chunk: Buffer): void {
    if (this.#untracked) return;
    this.#scanner.feed(chunk);
    if (this.#scanner.broken) this.loseTracking();
  }

  /** Queues a forwarded request for matching (once untracked: settles an AUTH at once). */
  push(p: Pending): void {
    if (!this.#untracked) {
      this.#queue.push(p);
      return;
    }
    // Replies can't be matched any more: judge an AUTH by the gateway's own verdict.
    if (p.auth)
      this.#hooks.settleAuth(p.auth, p.auth.check?.ok === true, {
        type: p.auth.check?.ok ? "+" : "-",
        line: p.auth.check?.ok ? "OK" : "WRONGPASS",
      });
  }

  /**
   * Replies can no longer be matched to requests: from now on AUTHs are settled by the gateway's own
   * verdict (they are refused whatever their token by then, see gateway-connection.ts). An AUTH still
   * waiting that Redis may accept makes the outcome unknown.
   */
  loseTracking(): void {
    if (this.#untracked) return;
    this.#untracked = true;
    const waiting = this.#queue.splice(this.#head);
    this.#queue.length = 0;
    this.#head = 0;
    if (waiting.some((p) => p.auth?.check?.ok === true)) {
      this.#hooks.unknownOutcome();
      return;
    }
    for (const p of waiting) if (p.auth) this.push(p);
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

  #onReply(r: ScannedReply): void {
    if (this.#untracked) return;
    const head = this.#peek();
    if (head?.kind === K_END) {
      this.loseTracking(); // a reply after the end of matching
      return;
    }
    const frameKind = r.elements?.[0]?.toLowerCase();
    if (r.type === ">") {
      if (frameKind && SUB_FAMILY.has(frameKind)) this.#onSubscribeFrame(frameKind, r, head);
      return; // other pushes (messages, invalidations) are not replies
    }
    if (r.type === "*" && r.elements && frameKind !== undefined) {
      if (MESSAGES.has(frameKind) && this.#pubsub.subscribed) return;
      if (SUB_FAMILY.has(frameKind) && (this.#pubsub.subscribed || head?.kind === K_SUBS)) {
        this.#onSubscribeFrame(frameKind, r, head);
        return;
      }
    }
    const p = this.#shift();
    if (!p) {
      this.loseTracking(); // more replies than requests: stop interpreting
      return;
    }
    switch (p.kind) {
      case K_AUTH:
        this.#hooks.settleAuth(p.auth!, r.type === "+" && r.line === "OK", r);
        break;
      case K_HELLO: {
        const ok = r.type === "%" || r.type === "*";
        if (ok && p.proto !== undefined) this.#proto = p.proto;
        if (p.auth) this.#hooks.settleAuth(p.auth, ok, r);
        break;
      }
      case K_RESET:
        if (r.type === "+") {
          this.#proto = 2;
          this.#pubsub.clear();
          this.#hooks.reset();
        }
        break;
      default:
        break;
    }
    if (this.#peek()?.kind === K_END) this.loseTracking(); // every reply before the end is in
  }

  #onSubscribeFrame(kind: string, r: ScannedReply, head: Pending | undefined): void {
    const request = head?.kind === K_SUBS ? (head as SubscribeRequest) : undefined;
    if (!this.#pubsub.onFrame(kind, r, request)) return;
    this.#shift();
    if (this.#peek()?.kind === K_END) this.loseTracking();
  }
}
