/**
 * A node-redis cluster that loses a node connection recovers at once instead of after node-redis's
 * own delay. node-redis (6.3) rediscovers the topology only on `MOVED`/`ASK` or 5 s after a node
 * connection started reconnecting (`topologyRefreshOnReconnectionAttemptStrategy`); until then every
 * command routed to the lost node waits in that connection's offline queue and fails when the command
 * timeout (5 s) passes or when the rediscovery drops the node (`DisconnectsClientError`). When a
 * migration's switch closes every connection and the old node addresses stop answering, that is 5 s
 * of failures on every shard.
 *
 * What the helpers' clusters do instead:
 * - **Rediscover at once.** The first time a node connection (a node's, or the cluster's pub/sub
 *   connection) starts reconnecting, the topology is asked from the root nodes (the cache's host name),
 *   not from the known nodes (the old topology may be what stopped answering). While connections keep
 *   failing, again at most every 0.5 s, doubling up to 5 s; a node connection that becomes ready resets
 *   the spacing. A connection whose `reconnectStrategy` gave up emits no `reconnecting`: nothing is done
 *   for it (the app asked for it to stay closed).
 * - **Route again what was never sent.** While that rediscovery runs, a command routed to a node
 *   connection that is not ready waits for it (at most {@link GATE_LIMIT_MS}) before node-redis gets
 *   it. If the rediscovery dropped that node, the command was never handed to its connection, so it is
 *   routed again on the new topology (at most {@link MAX_REROUTES} times): by its key, or, a keyless
 *   command node-redis sends to a node picked at random (`PUBLISH`, `PING`), to another one. Otherwise
 *   node-redis gets it as before (queued until the node reconnects).
 * - **Nothing written is sent twice.** A command already written when its connection closed rejects
 *   with `Socket closed unexpectedly` (or the socket's `ECONNRESET`), and one node-redis had accepted
 *   but not yet written when the connection closed rejects with `DisconnectsClientError` when the
 *   rediscovery drops the node: node-redis's own semantics (docs/client.md, fault matrix), since we
 *   can't tell it was not written. Blocking commands are the exception `node-redis-resend.ts` makes.
 *   Commands of a plan that fans out to several nodes (node-redis 6's request policies), clusters with
 *   `disableOfflineQueue`, and a cluster the app closed are left to node-redis.
 */
import {
  EXECUTE_FN,
  EXECUTE_PINNED,
  clusterRediscovery,
  pinnedToAnyNode,
  wrapClusterExecute,
  type ClusterExecute,
  type NodeClientState,
} from "./node-redis-internals.ts";

/** The spacing of rediscoveries while node connections keep failing: first, and at most. */
export const REDISCOVER_SPACING_MS = { first: 500, max: 5000 } as const;
/** How long a command bound for a node that is not ready waits for a running rediscovery. */
export const GATE_LIMIT_MS = 5000;
/** How many times one command is routed again after the node it was bound for was dropped. */
export const MAX_REROUTES = 3;

/** What we use of a node-redis cluster: its events `node-reconnecting`, `node-ready`; its nodes. */
interface PublicCluster {
  on(event: "node-reconnecting" | "node-ready", listener: () => void): unknown;
  readonly isOpen?: boolean;
  readonly isReady?: boolean;
  getRandomNode(): unknown;
  nodeClient(node: unknown): Promise<NodeClientState>;
}

/** Starts rediscoveries: at once after a quiet period, then spaced while connections keep failing. */
export class RediscoveryScheduler {
  /** The rediscovery this scheduler started and that is still running. */
  pending: Promise<void> | undefined;
  #spacing = 0;
  #lastStart = Number.NEGATIVE_INFINITY;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #run: () => Promise<void>;
  readonly #open: () => boolean;
  readonly #now: () => number;

  constructor(run: () => Promise<void>, open: () => boolean, now: () => number = Date.now) {
    this.#run = run;
    this.#open = open;
    this.#now = now;
  }

  /** A node connection was lost or failed to reconnect. */
  nodeLost(): void {
    if (this.pending || this.#timer || !this.#open()) return;
    const wait = this.#lastStart + this.#spacing - this.#now();
    if (wait <= 0) {
      this.#start();
      return;
    }
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (this.#open()) this.#start();
    }, wait);
    this.#timer.unref?.();
  }

  /** A node connection became ready: the next loss is rediscovered at once again. */
  nodeReady(): void {
    this.#spacing = 0;
  }

  #start(): void {
    this.#lastStart = this.#now();
    this.#spacing =
      this.#spacing === 0
        ? REDISCOVER_SPACING_MS.first
        : Math.min(REDISCOVER_SPACING_MS.max, this.#spacing * 2);
    const running = this.#run()
      .catch(() => undefined) // node-redis emitted it as the cluster's `error`
      .finally(() => {
        if (this.pending === running) this.pending = undefined;
      });
    this.pending = running;
  }
}

/** Thrown through node-redis's `_execute` (not an Error: it passes its redirect handling untouched). */
const REROUTE = Object.freeze({ reroute: true });

/** Resolves when `promise` settles or after `ms`, whichever comes first. */
function settledWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise.then(
      () => undefined,
      () => undefined,
    ),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
      timer.unref?.();
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Wraps a cluster's `_execute`: a command bound for a node connection that is not ready waits for the
 * running rediscovery, and is routed again if that node was dropped (see the module comment).
 */
export function reroutingClusterExecute(
  execute: ClusterExecute,
  scheduler: Pick<RediscoveryScheduler, "pending">,
  allowed: () => boolean,
  anyNode: () => Promise<NodeClientState>,
): ClusterExecute {
  return function (this: unknown, ...args: unknown[]) {
    // The common case, on every command: no rediscovery running, nothing to gate (a command whose
    // rediscovery starts while node-redis routes it is queued on its node, as node-redis does).
    if (scheduler.pending === undefined) return execute.apply(this, args);
    const fn = args[EXECUTE_FN];
    const pinned = args[EXECUTE_PINNED] !== undefined;
    // A command pinned to a node of a fan-out plan is left to node-redis (the plan is per topology).
    if (typeof fn !== "function" || (pinned && !pinnedToAnyNode(args))) return execute.apply(this, args);
    let reroutes = 0;
    const attempt = async (): Promise<unknown> => {
      const gated = async (client: NodeClientState, ...rest: unknown[]): Promise<unknown> => {
        const pending = scheduler.pending;
        if (pending && client.isOpen && !client.isReady && allowed()) {
          await settledWithin(pending, GATE_LIMIT_MS);
          // Dropped by the rediscovery: this command never reached the node's connection.
          if (!client.isOpen && reroutes < MAX_REROUTES && allowed()) throw REROUTE;
        }
        return (fn as (client: NodeClientState, ...rest: unknown[]) => Promise<unknown>)(client, ...rest);
      };
      const routed = [...args];
      routed[EXECUTE_FN] = gated;
      // Routed again: by key inside `_execute`, or (pinned to any node) to another node picked at random.
      if (pinned && reroutes > 0) routed[EXECUTE_PINNED] = await anyNode();
      return execute.apply(this, routed).catch((err: unknown) => {
        if (err !== REROUTE) throw err;
        reroutes += 1;
        return attempt();
      });
    };
    return attempt();
  };
}

/**
 * Makes `cluster` (created by node-redis's `createCluster`, connected or not) recover at once from a
 * lost node connection (see the module comment). Returns false when this node-redis offers no way to
 * rediscover (the cluster then recovers as node-redis does by itself).
 */
export function recoverClusterAtOnce(cluster: object, options: { disableOfflineQueue: boolean }): boolean {
  const rediscover = clusterRediscovery(cluster);
  const c = cluster as PublicCluster;
  if (!rediscover || typeof c.on !== "function") return false;
  const open = () => c.isOpen === true && c.isReady === true;
  const scheduler = new RediscoveryScheduler(rediscover, open);
  c.on("node-reconnecting", () => scheduler.nodeLost());
  c.on("node-ready", () => scheduler.nodeReady());
  return wrapClusterExecute(cluster, (execute, self) =>
    reroutingClusterExecute(
      execute,
      scheduler,
      () => !options.disableOfflineQueue && self.isOpen !== false,
      () => c.nodeClient(c.getRandomNode()),
    ),
  );
}
