/**
 * Reply matching for one gateway connection: every forwarded request is queued, and Redis's replies
 * (scanned as they are forwarded, untouched) are matched to them in order, skipping pub/sub messages and
 * RESP3 pushes, so that the gateway learns which AUTHs Redis accepted, which protocol HELLO chose and
 * when RESET took effect. When replies can no longer be matched (MONITOR, CLIENT REPLY OFF/SKIP,
 * malformed replies), matching stops for good and AUTHs are settled without Redis's answer.
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
}

/** Matches replies to requests for one connection. */
export class ReplyMatcher {
  readonly #hooks: ReplyHooks;
  readonly #scanner: ReplyScanner;
  readonly #queue: Pending[] = [];
  #head = 0;
  /** Replies can no longer be matched to requests (MONITOR, CLIENT REPLY, malformed input). */
  #untracked = false;
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

  /** True once replies can no longer be matched to requests. */
  get untracked(): boolean {
    return this.#untracked;
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
   * Replies can no longer be matched to requests (MONITOR, CLIENT REPLY OFF/SKIP, malformed traffic):
   * from now on AUTHs are judged by the gateway's own verdict, starting with those still waiting.
   */
  loseTracking(): void {
    if (this.#untracked) return;
    this.#untracked = true;
    const waiting = this.#queue.splice(this.#head);
    this.#queue.length = 0;
    this.#head = 0;
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
        return;
      case K_HELLO: {
        const ok = r.type === "%" || r.type === "*";
        if (ok && p.proto !== undefined) this.#proto = p.proto;
        if (p.auth) this.#hooks.settleAuth(p.auth, ok, r);
        return;
      }
      case K_RESET:
        if (r.type === "+") {
          this.#proto = 2;
          this.#pubsub.clear();
          this.#hooks.reset();
        }
        return;
      default:
        return;
    }
  }

  #onSubscribeFrame(kind: string, r: ScannedReply, head: Pending | undefined): void {
    const request = head?.kind === K_SUBS ? (head as SubscribeRequest) : undefined;
    if (this.#pubsub.onFrame(kind, r, request)) this.#shift();
  }
}
