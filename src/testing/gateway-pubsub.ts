/**
 * Pub/sub state of one gateway connection, as learned from Redis's replies: which channels, patterns
 * and shard channels it is subscribed to. The reply matcher needs it to tell subscribe confirmations
 * and messages (which answer no request, or answer one request several times) from replies.
 */
import type { ScannedReply } from "./resp-replies.ts";

/** Commands of the subscribe family (lower case). */
export const SUB_FAMILY: ReadonlySet<string> = new Set([
  "subscribe",
  "psubscribe",
  "ssubscribe",
  "unsubscribe",
  "punsubscribe",
  "sunsubscribe",
]);

/** First elements of RESP2 message frames (not replies to a request). */
export const MESSAGES: ReadonlySet<string> = new Set(["message", "pmessage", "smessage"]);

/** A subscribe-family request waiting for its confirmations. */
export interface SubscribeRequest {
  /** Command name, lower case. */
  family: string;
  /** Number of channel arguments. */
  channels: number;
  /** Confirmations still expected (computed at the first one). */
  remaining?: number;
}

/** Subscriptions of one connection. */
export class PubSubState {
  readonly #channel = new Set<string>();
  readonly #pattern = new Set<string>();
  readonly #shard = new Set<string>();

  /** True while subscribed to anything (RESP2: the connection is in subscribe mode). */
  get subscribed(): boolean {
    return this.#channel.size + this.#pattern.size + this.#shard.size > 0;
  }

  /** Forgets every subscription (RESET). */
  clear(): void {
    this.#channel.clear();
    this.#pattern.clear();
    this.#shard.clear();
  }

  #setFor(family: string): Set<string> {
    return family.startsWith("s") ? this.#shard : family.startsWith("p") ? this.#pattern : this.#channel;
  }

  /**
   * Applies a subscribe-family confirmation frame `kind` to the subscriptions. When `head` (the oldest
   * request waiting for a reply) is the matching request, counts the frame against it; returns true
   * when that request has had all its confirmations.
   */
  onFrame(kind: string, r: ScannedReply, head: SubscribeRequest | undefined): boolean {
    const set = this.#setFor(kind);
    const matches = head !== undefined && head.family === kind;
    if (matches && head.remaining === undefined) {
      head.remaining =
        kind.includes("unsubscribe") && head.channels === 0 ? Math.max(1, set.size) : head.channels;
    }
    const name = r.elements?.[1];
    if (name !== null && name !== undefined) {
      if (kind.includes("unsubscribe")) set.delete(name);
      else set.add(name);
    }
    if (!matches) return false;
    head.remaining! -= 1;
    return head.remaining! <= 0;
  }
}
