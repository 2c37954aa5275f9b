/**
 * Connections derived from the ioredis clients we return stay bound to the token manager.
 *
 * ioredis `Redis#duplicate(override)` is `new Redis({ ...this.options, ...override })`, and
 * `Cluster#duplicate(nodes, options)` is the same for a cluster: a copy of the options, with the token
 * of that moment, that nothing keeps fresh. Libraries derive their connections this way (BullMQ's
 * worker, blocking and QueueEvents connections; the Socket.IO adapter's subscriber; `monitor()`), so
 * each copy would be closed by the server when that token expires. `bindRedisDuplicates` and
 * `bindClusterDuplicates` replace `duplicate` on an instance (an own property: the prototype and
 * other clients are untouched) so that every copy is bound like the original, and so are the copies'
 * own copies.
 */
import type { Cluster, ClusterOptions, Redis, RedisOptions } from "ioredis";
import type { EntraAuth } from "./entra-auth.ts";
import { applyCredentials, bindConnection, labelOf } from "./ioredis-binding.ts";
import { guardConnection } from "./ioredis-guard.ts";
import { replaceMethod, wrapFatalHandler, type FatalHandler } from "./ioredis-internals.ts";
import { hideToken } from "./ioredis-secrecy.ts";
import { scrubCommandArgs } from "./redact.ts";
import { isAuthRefusal } from "./refusal.ts";

type RedisDuplicate = (override?: Partial<RedisOptions>) => Redis;
type ClusterDuplicate = (
  nodes?: ConstructorParameters<typeof Cluster>[0],
  options?: Partial<ClusterOptions>,
) => Cluster;

/**
 * A copy connects by itself, and the library that made it queues commands on it at once (the
 * Socket.IO adapter's SUBSCRIBE, BullMQ's blocking reads). ioredis treats a refused handshake as
 * fatal: it fails every queued command, emits `error` and reconnects. So, like the helpers' own
 * connect, a copy whose first handshake is refused forces one token refresh and reconnects with the
 * result instead, its queued commands kept (they are sent once it is ready). A second refusal, or
 * one after the copy was ready once, goes the ioredis way.
 */
function retryFirstRefusal(auth: EntraAuth, copy: Redis): void {
  let settled = false;
  const wrapped = wrapFatalHandler(
    copy,
    (fatal): FatalHandler =>
      function (this: unknown, commandError, err, options) {
        if (settled || !isAuthRefusal(err) || auth.closed)
          return fatal.call(this, commandError, err, options);
        settled = true;
        scrubCommandArgs(err);
        void auth
          .refresh()
          .catch(() => undefined)
          .then(() => {
            const fresh = auth.current();
            if (fresh) applyCredentials(copy, fresh);
            if (copy.status === "connect") copy.disconnect(true);
          });
      },
  );
  if (wrapped) copy.once("ready", () => (settled = true));
}

/**
 * Makes `redis.duplicate()` return bound copies: the copy connects with the current token (a refused
 * first handshake is refreshed and retried, see retryFirstRefusal), keeps its options current,
 * re-AUTHs after each refresh (staggered, never inside an open MULTI), masks secrets in its errors and
 * in util.inspect, and binds its own duplicates in turn. `defaults` go under the caller's override:
 * our helpers connect with `lazyConnect: true` themselves, while a duplicate should connect by itself
 * as ioredis's own do (`{ lazyConnect: false }`).
 */
export function bindRedisDuplicates(
  auth: EntraAuth,
  redis: Redis,
  defaults: Partial<RedisOptions> = {},
): void {
  const original = redis.duplicate;
  const duplicate: RedisDuplicate = (override) => {
    // ioredis takes the AUTH arguments from the options when connect() starts, in the constructor.
    const fresh = auth.current();
    const creds = fresh ? { username: fresh.username, password: fresh.password } : {};
    const copy = original.call(redis, { ...defaults, ...override, ...creds });
    retryFirstRefusal(auth, copy);
    hideToken(auth, copy);
    guardConnection(auth, copy);
    bindConnection(auth, copy, labelOf(copy, "duplicate"));
    bindRedisDuplicates(auth, copy);
    return copy;
  };
  replaceMethod(redis, "duplicate", duplicate);
}

/**
 * Makes `cluster.duplicate()` return bound clusters: `bind(copy)` is the same binding the original got
 * (every node connection, nodes discovered later, the cluster's subscriber), and the copy's own
 * duplicates are bound in turn.
 */
export function bindClusterDuplicates(
  cluster: Cluster,
  bind: (copy: Cluster) => void,
  defaults: Partial<ClusterOptions> = {},
): void {
  const original = cluster.duplicate;
  const duplicate: ClusterDuplicate = (nodes, options) => {
    const copy = original.call(cluster, nodes ?? [], { ...defaults, ...options });
    bind(copy);
    bindClusterDuplicates(copy, bind);
    return copy;
  };
  replaceMethod(cluster, "duplicate", duplicate);
}
