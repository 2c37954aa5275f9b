/**
 * The expiry clock of one gateway connection: fires once, `graceMs` after the accepted token's `exp`,
 * unless re-armed for a newer token (a successful re-AUTH) or cleared (RESET, close) first.
 *
 * Time is the gateway's clock (`startLocalEntraRedis({ clock })`): with a fake clock, the connection is
 * closed when the test moves the clock past the expiry.
 */
import type { EntraClock } from "../internal/clock.ts";

/** Longest delay a Node.js timer takes (about 24.8 days); longer waits re-arm. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** A one-shot timer for a token's expiry. */
export class ExpiryTimer {
  readonly #graceMs: number;
  readonly #onExpired: () => void;
  readonly #clock: EntraClock;
  #expiresAt: number | undefined;
  #timer: unknown;

  constructor(clock: EntraClock, graceMs: number, onExpired: () => void) {
    this.#clock = clock;
    this.#graceMs = graceMs;
    this.#onExpired = onExpired;
  }

  /** Expiry (ms since the epoch) being enforced, if any. */
  get expiresAt(): number | undefined {
    return this.#expiresAt;
  }

  /** Enforces `expiresAt` from now on (undefined: nothing to enforce). */
  set(expiresAt: number | undefined): void {
    this.#expiresAt = expiresAt;
    this.clear();
    if (expiresAt === undefined) return;
    const arm = (): void => {
      const wait = expiresAt + this.#graceMs - this.#clock.now();
      if (wait > 0) {
        this.#timer = this.#clock.setTimeout(arm, Math.min(wait, MAX_TIMER_MS));
        return;
      }
      this.#timer = undefined;
      if (this.#expiresAt === expiresAt) this.#onExpired();
    };
    arm();
  }

  /** Stops the timer (the expiry stays readable). */
  clear(): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
