/**
 * The expiry clock of one gateway connection: fires once, `graceMs` after the accepted token's `exp`,
 * unless re-armed for a newer token (a successful re-AUTH) or cleared (RESET, close) first.
 */

/** Longest delay a Node.js timer takes (about 24.8 days); longer waits re-arm. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** A one-shot timer for a token's expiry. */
export class ExpiryTimer {
  readonly #graceMs: number;
  readonly #onExpired: () => void;
  #expiresAt: number | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(graceMs: number, onExpired: () => void) {
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
      const wait = expiresAt + this.#graceMs - Date.now();
      if (wait > 0) {
        this.#timer = setTimeout(arm, Math.min(wait, MAX_TIMER_MS));
        this.#timer.unref();
        return;
      }
      this.#timer = undefined;
      if (this.#expiresAt === expiresAt) this.#onExpired();
    };
    arm();
  }

  /** Stops the timer (the expiry stays readable). */
  clear(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
