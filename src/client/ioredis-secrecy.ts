/**
 * Keeping the token out of what ioredis prints: its errors (the failed command's arguments carry the
 * token), `util.inspect()` and `JSON.stringify()` of a client, its options and its handshake state
 * (all of which hold it), and its debug log (`DEBUG=ioredis:*` prints AUTH's arguments).
 */
import type { Cluster, Redis } from "ioredis";
import { inspect, type InspectOptions } from "node:util";
import { internalsOf } from "./auth-internals.ts";
import type { EntraAuth } from "./entra-auth.ts";
import { credentialHolders, shieldCondition } from "./ioredis-internals.ts";
import { redact, scrubCommandArgs } from "./redact.ts";

const scrubbed = new WeakSet<object>();

/**
 * Installs an error listener that runs first and masks secrets in ioredis errors. When nobody else
 * listens, it prints a redacted line (ioredis would otherwise print the error, args included).
 */
export function installScrubber(emitter: Redis, label: string): void {
  if (scrubbed.has(emitter)) return;
  scrubbed.add(emitter);
  emitter.prependListener("error", (err: unknown) => {
    scrubCommandArgs(err);
    if (emitter.listenerCount("error") === 1) {
      const message = err instanceof Error ? err.message : String(err);
      console.error(`[azure-redis-entra] ioredis error on ${label}: ${redact(message)}`);
    }
  });
}

const shielded = new WeakSet<object>();

/**
 * Makes `util.inspect()` and `JSON.stringify()` of `target` show it with every token masked (the
 * current and the previous one, and anything JWT-shaped): the methods are own, non-enumerable
 * properties, so ioredis's copies of an options object (`duplicate()`, a Cluster's node options) don't
 * carry them; each copy we hand out gets its own.
 */
function maskSerialisations(target: object, mask: (text: string) => string): void {
  if (shielded.has(target)) return;
  shielded.add(target);
  let busy = false;
  Object.defineProperty(target, inspect.custom, {
    configurable: true,
    enumerable: false,
    value(this: object, _depth: number, options: InspectOptions, show: typeof inspect = inspect) {
      return mask(show(this, { ...options, customInspect: false }));
    },
  });
  Object.defineProperty(target, "toJSON", {
    configurable: true,
    enumerable: false,
    value(this: object): unknown {
      if (busy) return "[circular]";
      busy = true;
      try {
        const text = JSON.stringify({ ...this });
        return text === undefined ? undefined : (JSON.parse(mask(text)) as unknown);
      } finally {
        busy = false;
      }
    },
  });
}

/**
 * Keeps the token out of every serialisation of an ioredis client or Cluster we hand out:
 * `util.inspect()` and `JSON.stringify()` of the instance, of its `options` (a Cluster's
 * `redisOptions` and the pool's copy too) and of its handshake state (`condition`, which ioredis
 * replaces at each connect). Idempotent.
 */
export function hideToken(auth: EntraAuth, target: Redis | Cluster): void {
  const { redact: mask } = internalsOf(auth);
  if (shielded.has(target)) return;
  maskSerialisations(target, mask);
  for (const holder of credentialHolders(target)) maskSerialisations(holder, mask);
  shieldCondition(target as Redis, (condition) => maskSerialisations(condition, mask));
}

/**
 * True when the `DEBUG` environment variable enables one of ioredis's debug namespaces (`ioredis:*`,
 * `ioredis:redis`, `*`, ...; `-pattern` excludes), the way the `debug` package reads it.
 */
export function ioredisDebugEnabled(env: string | undefined): boolean {
  if (!env) return false;
  const toRegex = (p: string) =>
    new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*?")}$`);
  let enabled = false;
  for (const raw of env.split(/[\s,]+/)) {
    if (!raw) continue;
    const negated = raw.startsWith("-");
    const re = toRegex(negated ? raw.slice(1) : raw);
    const hits = ["ioredis:redis", "ioredis:cluster", "ioredis:connection"].some((ns) => re.test(ns));
    if (hits && negated) return false;
    if (hits) enabled = true;
  }
  return enabled;
}

/** Warns once when `DEBUG` makes ioredis log command arguments (AUTH's include the token). */
export function warnIfIoredisDebug(auth: EntraAuth): void {
  if (ioredisDebugEnabled(process.env.DEBUG)) {
    internalsOf(auth).warnOnce(
      "ioredis-debug",
      `DEBUG=${process.env.DEBUG} enables ioredis's debug log, which prints command arguments, including the first 200 characters of every AUTH's token: don't enable it where logs are kept`,
    );
  }
}
