/**
 * A fake clock for tests: the shape of the client's and the testing kit's clock (EntraClock), whose
 * time moves only when the test says so. One copy for every test folder; hand the same instance to
 * `createEntraAuth({ clock })` and `startLocalEntraRedis({ clock })` to share it.
 */
import type { EntraClock } from "../../src/internal/clock.ts";

/** A clock whose time moves only when the test says so. */
export class FakeClock implements EntraClock {
  t: number;
  #id = 0;
  readonly timers = new Map<number, { at: number; fn: () => void }>();

  /** @param start the clock's time to begin with (ms since the epoch; default 2026-01-01) */
  constructor(start = Date.UTC(2026, 0, 1)) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.#id;
    this.timers.set(id, { at: this.t + Math.max(0, ms), fn });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  /**
   * Moves time forward at once, synchronously, where no timer falls due (throws otherwise): for a
   * listener that must age something before the code under test sees the next event.
   */
  jump(ms: number): void {
    for (const { at } of this.timers.values()) {
      if (at <= this.t + ms)
        throw new Error(`jump(${ms}): a timer falls due ${at - this.t} ms from now; use advance()`);
    }
    this.t += ms;
  }
  /** Moves time forward, running due timers in order and letting promises settle in between. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      await settle();
      let next: [number, { at: number; fn: () => void }] | undefined;
      for (const entry of this.timers)
        if (entry[1].at <= end && (!next || entry[1].at < next[1].at)) next = entry;
      if (!next) break;
      this.timers.delete(next[0]);
      this.t = Math.max(this.t, next[1].at);
      next[1].fn();
    }
    this.t = end;
    await settle();
  }
}

/** Lets pending promise chains run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}
