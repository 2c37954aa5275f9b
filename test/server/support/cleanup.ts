/** Clean-up after a test, whether it passed or not. */
import { settleWithinMs } from "./time.ts";

/** Registers a clean-up function for the test. */
export type Cleanup = (fn: () => unknown) => void;

/**
 * Registers clean-ups that run after the test `t`, whether it passed or not: in reverse order, each
 * bounded (at most `ms`), failures ignored.
 */
export function cleanupsFor(t: { after(fn: () => Promise<void>): void }, ms = 5000): Cleanup {
  const fns: (() => unknown)[] = [];
  t.after(async () => {
    for (const fn of fns.reverse()) await settleWithinMs(fn, ms);
  });
  return (fn) => fns.push(fn);
}
