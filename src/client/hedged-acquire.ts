/**
 * Asking the credential for a token without being held up by a call that hangs (a stuck IMDS or
 * token endpoint). While a valid token exists, one getToken call at a time. Without one (expired,
 * or none yet), a call that hangs is not waited for alone: another starts alongside at growing
 * intervals ({@link hedgeDelay}), the first answer wins, so recovery follows the credential's within
 * one interval. At most {@link MAX_PARALLEL_ACQUISITIONS} calls are waited on at once (then the oldest
 * gives way), and every call is abandoned (aborted) after `acquireTimeoutMs`.
 */
import type { EntraClock } from "./clock.ts";
import type { EntraAccessToken, EntraTokenCredential } from "./credentials.ts";
import { EntraTokenAcquisitionError } from "./errors.ts";
import { hedgeDelay, MAX_PARALLEL_ACQUISITIONS, type BackoffPolicy } from "./token-timing.ts";

/** What one acquisition needs from the token core. */
export interface HedgeContext {
  credential: EntraTokenCredential;
  scope: string;
  /** Hedge intervals grow like the acquisition backoff. */
  policy: BackoffPolicy;
  acquireTimeoutMs: number;
  clock: EntraClock;
  /** True while the current token is valid: then no call is started alongside a pending one. */
  hasValidToken(): boolean;
  /** True once the token manager is closed: no more calls. */
  closed(): boolean;
}

/** Asks the credential for a token, hedging calls that hang; resolves with the first answer. */
export function acquireHedged(ctx: HedgeContext): Promise<EntraAccessToken | null> {
  type Answer = EntraAccessToken | null;
  return new Promise<Answer>((resolve, reject) => {
    // Calls in flight, oldest first, each with the function that ends it.
    const controllers = new Map<AbortController, (err: unknown) => void>();
    let settled = false;
    let outstanding = 0;
    let started = 0;
    let hedgeTimer: unknown;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      ctx.clock.clearTimeout(hedgeTimer);
      for (const c of controllers.keys()) c.abort();
      controllers.clear();
      fn();
    };
    const scheduleHedge = () => {
      const delay = hedgeDelay(ctx.policy, started);
      hedgeTimer = ctx.clock.setTimeout(() => {
        if (settled || ctx.closed()) return;
        if (ctx.hasValidToken()) scheduleHedge();
        else attempt();
      }, delay);
    };
    const attempt = () => {
      if (controllers.size >= MAX_PARALLEL_ACQUISITIONS) {
        // Rolling: the oldest call gives way to a new one.
        const [oldest, endOldest] = controllers.entries().next().value!;
        oldest.abort();
        endOldest(new Error("superseded by a newer getToken call"));
      }
      started += 1;
      outstanding += 1;
      const controller = new AbortController();
      let done = false;
      const end = (err: unknown, value?: Answer) => {
        if (done) return;
        done = true;
        ctx.clock.clearTimeout(timer);
        controllers.delete(controller);
        outstanding -= 1;
        if (err === undefined) finish(() => resolve(value ?? null));
        else if (outstanding === 0) finish(() => reject(err));
      };
      controllers.set(controller, end);
      const timer = ctx.clock.setTimeout(() => {
        controller.abort();
        end(
          new EntraTokenAcquisitionError(
            `getToken for scope "${ctx.scope}" did not answer within ${ctx.acquireTimeoutMs} ms (acquireTimeoutMs)`,
            "TimeoutError",
          ),
        );
      }, ctx.acquireTimeoutMs);
      Promise.resolve()
        .then(() => ctx.credential.getToken(ctx.scope, { abortSignal: controller.signal }))
        .then(
          (value) => end(undefined, value),
          (err: unknown) => end(err ?? new Error("getToken rejected")),
        );
      ctx.clock.clearTimeout(hedgeTimer);
      scheduleHedge();
    };
    attempt();
  });
}
