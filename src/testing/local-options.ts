/**
 * The checks of `startLocalEntraRedis()`'s options: each bad value is refused, naming the option, the
 * value and the fix, before anything starts.
 */
import { checkTimeouts } from "./gateway-timeouts.ts";
import type { LocalEntraRedisOptions } from "./types.ts";

/** Throws a RangeError/TypeError for the first bad option. */
export function checkOptions(o: LocalEntraRedisOptions): void {
  if (o.cluster !== undefined) {
    const shards = o.cluster?.shards;
    if (!Number.isInteger(shards) || shards < 1 || shards > 16) {
      throw new RangeError(
        `startLocalEntraRedis(): cluster.shards must be a whole number from 1 to 16 (got ${String(shards)})`,
      );
    }
  }
  if (o.tokenLifetimeMs !== undefined && !(Number.isFinite(o.tokenLifetimeMs) && o.tokenLifetimeMs > 0)) {
    throw new RangeError(
      `startLocalEntraRedis(): tokenLifetimeMs must be a positive number of milliseconds (got ${String(o.tokenLifetimeMs)})`,
    );
  }
  if (o.expiryGraceMs !== undefined && !(Number.isFinite(o.expiryGraceMs) && o.expiryGraceMs >= 0)) {
    throw new RangeError(
      `startLocalEntraRedis(): expiryGraceMs must be 0 or more milliseconds (got ${String(o.expiryGraceMs)})`,
    );
  }
  const clock = o.clock as Partial<Record<"now" | "setTimeout" | "clearTimeout", unknown>> | undefined;
  if (
    clock !== undefined &&
    (clock === null ||
      typeof clock !== "object" ||
      !(["now", "setTimeout", "clearTimeout"] as const).every((k) => typeof clock[k] === "function"))
  ) {
    throw new TypeError(
      `startLocalEntraRedis(): clock must have now(), setTimeout(fn, ms) and clearTimeout(handle) (got ${clock === null ? "null" : typeof clock}); leave it out for the real clock`,
    );
  }
  checkTimeouts(o);
}
