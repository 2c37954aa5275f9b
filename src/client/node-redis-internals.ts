/**
 * Every access to node-redis's non-public fields, in one file (node-redis has no public hook for
 * what we do: wrap each command of a client or cluster, and rediscover a cluster's topology at a
 * moment of our choosing). Checked against node-redis (`@redis/client`) 6.3.1, the version the tests
 * run; the shapes read here were also compared with node-redis 5's published sources (`_self`,
 * `sendCommand`, `_execute(…, fn)` and `_slots.rediscover(startWith)` are there too; some early 5.0
 * releases kept the slots in a `#private` field: there {@link clusterRediscovery} returns undefined
 * and the cluster recovers the way node-redis does by itself). Everything here is optional at run
 * time: a release that moves a field turns the wrap off instead of failing the app.
 */

/** `RedisClient#sendCommand(args, options)`, on the client's `_self` (createClient returns a proxy of it). */
export type ClientSendCommand = (this: unknown, args: unknown[], options?: unknown) => Promise<unknown>;

/**
 * `RedisCluster#_execute(parser, isReadonly, options, fn, pinnedClient?, served?)`: every keyed
 * command's path to a node client; it routes by the parser's first key (unless pinned), calls
 * `fn(client, options)` and follows MOVED/ASK. node-redis 5: `_execute(firstKey, isReadonly, options, fn)`.
 */
export type ClusterExecute = (this: unknown, ...args: unknown[]) => Promise<unknown>;

/** Position of `fn(client, options)` in {@link ClusterExecute}'s arguments (node-redis 5 and 6). */
export const EXECUTE_FN = 3;
/** Position of the pinned client (plans of node-redis 6's request policies); undefined when routed by key. */
export const EXECUTE_PINNED = 4;
/** Position of `served` (node-redis 6): given only when the plan has a single target. */
export const EXECUTE_SERVED = 5;

/**
 * True for a command node-redis 6 pinned to one node picked at random: a keyless command (the parser
 * has no `firstKey`) of a single-target plan (`served` given), e.g. `PUBLISH`, `PING` (request policy
 * `default-keyless`). Any node serves it.
 */
export function pinnedToAnyNode(args: readonly unknown[]): boolean {
  if (args[EXECUTE_PINNED] === undefined || args[EXECUTE_SERVED] === undefined) return false;
  const parser = args[0] as { firstKey?: unknown } | null | undefined;
  return typeof parser === "object" && parser !== null && parser.firstKey === undefined;
}

/** What we read of a node connection of a cluster (public getters of `RedisClient`). */
export interface NodeClientState {
  readonly isReady: boolean;
  readonly isOpen: boolean;
}

/** The object a node-redis client or cluster runs its commands on (`_self`), else the object itself. */
function selfOf(target: object): object {
  return (target as { _self?: object })._self ?? target;
}

function replace(target: object, name: string, value: unknown): void {
  Object.defineProperty(target, name, { configurable: true, writable: true, value });
}

/** Replaces a client's `sendCommand` with `wrap(original)`; false when the client has none. */
export function wrapClientSendCommand(
  client: object,
  wrap: (original: ClientSendCommand, self: { isOpen?: boolean }) => ClientSendCommand,
): boolean {
  const self = selfOf(client) as { sendCommand?: ClientSendCommand; isOpen?: boolean };
  const original = self.sendCommand;
  if (typeof original !== "function") return false;
  replace(self, "sendCommand", wrap(original, self));
  return true;
}

/** Replaces a cluster's `_execute` with `wrap(original)`; false when the cluster has none. */
export function wrapClusterExecute(
  cluster: object,
  wrap: (original: ClusterExecute, self: { isOpen?: boolean }) => ClusterExecute,
): boolean {
  const self = selfOf(cluster) as { _execute?: ClusterExecute; isOpen?: boolean };
  const original = self._execute;
  if (typeof original !== "function") return false;
  replace(self, "_execute", wrap(original, self));
  return true;
}

interface ClusterSlots {
  rediscover?: (startWith: { options: unknown }, excludedAddresses?: ReadonlySet<string>) => Promise<void>;
  nodeByAddress?: Map<string, unknown>;
}

/**
 * A function that rediscovers the cluster's topology through its root nodes (the seed addresses the
 * app gave: the cache's host name), or undefined when this node-redis has no reachable
 * `_slots.rediscover`. It calls `_slots.rediscover({ options: rootNode })` with a root node chosen at
 * random: node-redis 5 and 6 first ask `startWith.options` for the topology (the way they ask a root
 * node: `defaults` applied, reconnects off), then fall back to the root nodes; node-redis 6 tries the
 * known nodes in between, except `excludedAddresses`: we exclude them all (the node that was lost and
 * its neighbours may be the old topology that stopped answering). Concurrent calls share node-redis's
 * one running rediscovery. node-redis applies the new topology itself: nodes no longer listed are
 * destroyed (their queued commands reject with `DisconnectsClientError`), new ones connected, the
 * cluster's pub/sub connection moved with its listeners.
 */
export function clusterRediscovery(cluster: object): (() => Promise<void>) | undefined {
  const self = selfOf(cluster) as { _slots?: ClusterSlots; _options?: { rootNodes?: unknown[] } };
  const slots = self._slots;
  const rediscover = slots?.rediscover;
  if (typeof rediscover !== "function") return undefined;
  return () => {
    const roots = self._options?.rootNodes ?? [];
    if (roots.length === 0) return Promise.resolve();
    const root = roots[Math.floor(Math.random() * roots.length)];
    const known = new Set(slots?.nodeByAddress?.keys() ?? []);
    return rediscover.call(slots, { options: root }, known);
  };
}
