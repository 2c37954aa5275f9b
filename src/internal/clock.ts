/**
 * Time source and timers, injectable so that tests can drive time deterministically: one shape for the
 * client's token manager (`createEntraAuth({ clock })`) and the testing kit's gateway
 * (`startLocalEntraRedis({ clock })`), so a test can hand both the same fake clock.
 */
export interface EntraClock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs `fn` after `ms`; the timer must not keep the process alive. */
  setTimeout(fn: () => void, ms: number): unknown;
  /** Cancels a timer returned by `setTimeout`. */
  clearTimeout(handle: unknown): void;
}

/** The real clock: Date.now and unref'd Node.js timers. */
export const systemClock: EntraClock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const timer = setTimeout(fn, Math.max(0, ms));
    timer.unref();
    return timer;
  },
  clearTimeout(handle) {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};
