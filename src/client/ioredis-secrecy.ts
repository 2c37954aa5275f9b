/**
 * Keeping the token out of what ioredis prints: its errors (the failed command's arguments carry the
 * token), `util.inspect()` of a client (options, connector and handshake state hold it), and its
 * debug log (`DEBUG=ioredis:*` prints AUTH's arguments).
 */
import type { Redis } from "ioredis";
import { inspect, type InspectOptions } from "node:util";
import { internalsOf } from "./auth-internals.ts";
import type { EntraAuth } from "./entra-auth.ts";
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

const inspectable = new WeakSet<object>();

/**
 * `util.inspect()` of an ioredis client shows its options, connector and handshake state, all of
 * which hold the token: print it with every token masked instead.
 */
export function hideTokenFromInspect(auth: EntraAuth, target: object): void {
  if (inspectable.has(target)) return;
  inspectable.add(target);
  const { redact: mask } = internalsOf(auth);
  Object.defineProperty(target, inspect.custom, {
    configurable: true,
    enumerable: false,
    value(this: object, _depth: number, options: InspectOptions, show: typeof inspect = inspect) {
      return mask(show(this, { ...options, customInspect: false }));
    },
  });
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
