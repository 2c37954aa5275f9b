/**
 * Time in tests: real-time waits, each bounded. One copy for every test folder (test/client,
 * test/testing, ...); a test that waits on a clock the code under test takes uses a fake clock instead.
 */

/** Resolves after `ms` of real time. */
export const sleep = (ms: number): Promise<void> => new Promise<void>((r) => setTimeout(r, ms));

/** Waits until `check()` is true (polling every `everyMs`), or fails after `timeoutMs`. */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  everyMs = 20,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** Waits for `work` at most `ms` (its failure ignored), leaving no timer behind. */
export async function settleWithinMs(work: () => unknown, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.resolve()
      .then(work)
      .catch(() => undefined),
    new Promise((r) => (timer = setTimeout(r, ms))),
  ]);
  clearTimeout(timer);
}

/** Waits for a graceful close (QUIT / close()) at most `ms`; the caller then forces the disconnect. */
export function closeWithin(close: () => Promise<unknown>, ms = 2000): Promise<void> {
  return settleWithinMs(close, ms);
}

/** The next `name` event of `emitter`, or a failure after `timeoutMs`. */
export function eventWithin(
  emitter: { once(name: string, fn: (...args: unknown[]) => void): unknown },
  name: string,
  timeoutMs = 10_000,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${name} event within ${timeoutMs} ms`)), timeoutMs);
    emitter.once(name, (arg) => {
      clearTimeout(timer);
      resolve(arg);
    });
  });
}
