/**
 * Asking the credential for a token without being held up by a call that hangs (a stuck IMDS or
 * token endpoint), and without making the app wait longer than `acquireTimeoutMs`.
 *
 * - While a valid token exists, one getToken call at a time.
 * - Without one (expired, or none yet), a call that hangs is not waited for alone: another starts
 *   alongside at growing intervals ({@link hedgeDelay}) and the first answer wins, so recovery follows
 *   the credential's within one interval. At most {@link MAX_PARALLEL_ACQUISITIONS} calls are waited
 *   on at once (then the oldest is aborted and given up).
 * - One deadline for the whole acquisition: `acquireTimeoutMs` after it started it fails, whatever
 *   the hedging is doing, and every call still pending is aborted. Whoever waits for it (the app's
 *   getCredentials(), connect*(), a forced refresh) waits at most that long.
 * - A call counts as unanswered until its promise settles, aborted or not. A credential that ignores
 *   the abort signal (its calls never settle) gets no new call once {@link MAX_UNANSWERED_CALLS} are
 *   unanswered: the acquisition then fails at its deadline and says so.
 */
import type { EntraClock } from "./clock.ts";
import type { EntraAccessToken, EntraTokenCredential } from "./credentials.ts";
import { EntraTokenAcquisitionError } from "./errors.ts";
import { hedgeDelay, MAX_PARALLEL_ACQUISITIONS, type BackoffPolicy } from "./token-timing.ts";

/** At most this many getToken calls unanswered at once, across acquisitions (aborted ones included). */
export const MAX_UNANSWERED_CALLS = 16;

/** What one acquisition needs from the token core. */
export interface HedgeContext {
  credential: EntraTokenCredential;
  scope: string;
  /** Hedge intervals grow like the acquisition backoff. */
  policy: BackoffPolicy;
  /** The whole acquisition's deadline, from its start. */
  acquireTimeoutMs: number;
  clock: EntraClock;
  /** True while the current token is valid: then no call is started alongside a pending one. */
  hasValidToken(): boolean;
  /** True once the token manager is closed: no more calls. */
  closed(): boolean;
}

type Answer = EntraAccessToken | null;

/** Hedged acquisitions of one token manager (it counts the calls still unanswered across them). */
export class HedgedAcquirer {
  #unanswered = 0;

  /** getToken calls started and not settled yet (aborted ones included). */
  get unanswered(): number {
    return this.#unanswered;
  }

  /** Asks the credential for a token, hedging calls that hang; resolves with the first answer. */
  acquire(ctx: HedgeContext): Promise<Answer> {
    return new Promise<Answer>((resolve, reject) => {
      // Calls waited on, oldest first, each with the function that gives it up.
      const waiting = new Map<AbortController, (err: unknown) => void>();
      let settled = false;
      let started = 0;
      let hedgeTimer: unknown;
      const finish = (fn: () => void): void => {
        if (settled) return;
        settled = true;
        ctx.clock.clearTimeout(hedgeTimer);
        ctx.clock.clearTimeout(deadline);
        for (const c of waiting.keys()) c.abort();
        waiting.clear();
        fn();
      };
      const deadline = ctx.clock.setTimeout(() => {
        const blocked =
          this.#unanswered >= MAX_UNANSWERED_CALLS
            ? `; ${this.#unanswered} earlier getToken calls are still unanswered (they ignore their abort signal), so no new one was made`
            : "";
        finish(() =>
          reject(
            new EntraTokenAcquisitionError(
              `getToken for scope "${ctx.scope}" did not answer within ${ctx.acquireTimeoutMs} ms (acquireTimeoutMs; ${started} call${started === 1 ? "" : "s"} made${blocked})`,
              "TimeoutError",
            ),
          ),
        );
      }, ctx.acquireTimeoutMs);
      const scheduleHedge = (): void => {
        ctx.clock.clearTimeout(hedgeTimer);
        hedgeTimer = ctx.clock.setTimeout(
          () => {
            if (settled || ctx.closed()) return;
            if (ctx.hasValidToken() && waiting.size > 0) scheduleHedge();
            else attempt();
          },
          hedgeDelay(ctx.policy, Math.max(started, 1)),
        );
      };
      const attempt = (): void => {
        if (this.#unanswered >= MAX_UNANSWERED_CALLS) {
          scheduleHedge(); // try again later; the deadline ends the wait
          return;
        }
        if (waiting.size >= MAX_PARALLEL_ACQUISITIONS) {
          // Rolling: the oldest call gives way to a new one.
          const [oldest, giveUp] = waiting.entries().next().value!;
          oldest.abort();
          giveUp(new Error("superseded by a newer getToken call"));
        }
        started += 1;
        this.#unanswered += 1;
        const controller = new AbortController();
        let done = false;
        const end = (err: unknown, value?: Answer): void => {
          if (done) return;
          done = true;
          waiting.delete(controller);
          if (err === undefined) finish(() => resolve(value ?? null));
          // Every call waited on failed: fail now (the caller backs off) rather than at the deadline.
          else if (waiting.size === 0) finish(() => reject(err));
        };
        waiting.set(controller, end);
        Promise.resolve()
          .then(() => ctx.credential.getToken(ctx.scope, { abortSignal: controller.signal }))
          .then(
            (value) => end(undefined, value),
            (err: unknown) => end(err ?? new Error("getToken rejected")),
          )
          .finally(() => (this.#unanswered -= 1));
        scheduleHedge();
      };
      attempt();
    });
  }
}
