/** Public types of `azure-redis-entra/testing`. */
import type { EventEmitter } from "node:events";
import type { EntraClock } from "../internal/clock.ts";

/** Options for {@link startLocalEntraRedis}. */
export interface LocalEntraRedisOptions {
  /** Path of the `redis-server` binary; default: `redis-server` from `PATH`. */
  redisServerPath?: string;
  /** A real Redis Cluster (one primary per shard) behind one gateway per node. */
  cluster?: { shards: number };
  /** Default token lifetime for `credential()`, in ms (default 60 minutes, like Entra). */
  tokenLifetimeMs?: number;
  /** Tenant id put into tokens (`tid`, `iss`); default a random GUID. */
  tenantId?: string;
  /**
   * How long after its token's `exp` a connection may live without a successful re-AUTH before the
   * gateway closes it, in ms (default 0: closed as soon as the token expires, within 1 s).
   */
  expiryGraceMs?: number;
  /**
   * Close a connection whose TLS handshake has not finished after this many ms (default 10 000).
   */
  tlsHandshakeTimeoutMs?: number;
  /**
   * Close a connection that has sent nothing for this many ms while not authenticated (default
   * 60 000). Authenticated connections are never closed for being idle; `RESET` makes one
   * unauthenticated again.
   */
  unauthenticatedIdleTimeoutMs?: number;
  /**
   * Also give each redis-server a TLS port (same throwaway CA) reachable directly, bypassing the gateway:
   * `backend.tlsPort`. For comparing the gateway with a TLS-terminating Redis in benchmarks.
   */
  backendTls?: boolean;
  /**
   * The clock the gateway checks tokens against (`nbf`, `exp`), closes connections for expiry on, and
   * mints `credential()` tokens with (`iat`, `nbf`, `exp`, the cache of `cacheWhileRemainingMs`); the same
   * shape as the client's `createEntraAuth({ clock })`. Default: the real clock (Date.now and unref'd
   * timers). Hand both the same fake clock to test token expiry without waiting for it. Latency and
   * outage faults (`setAuthDelay`, a credential's "slow" mode, `restartFrontEnd`'s `downForMs`) stay in
   * real time.
   */
  clock?: EntraClock;
}

/** A gateway endpoint. */
export interface LocalEndpoint {
  readonly host: string;
  readonly port: number;
}

/** Options for {@link LocalEntraRedis.credential}. */
export interface LocalCredentialOptions {
  /** Token lifetime in ms (default: the gateway's `tokenLifetimeMs`). */
  lifetimeMs?: number;
  /** `aud` claim (default `https://redis.azure.com`). */
  audience?: string;
  /** Mint tokens that have already expired. */
  expired?: boolean;
  /** `nbf` relative to issue time, in ms (positive: not yet valid). */
  notBeforeOffsetMs?: number;
  /** `appid`/`azp` claim (the client id); default a random GUID. */
  appId?: string;
  /** Sets `refreshAfterTimestamp` this many ms after issue. */
  refreshAfterMs?: number;
  /** Like @azure/identity's cache: hand back the same token while it has more than this many ms left. */
  cacheWhileRemainingMs?: number;
  /** Sign with a key the gateway does not trust. */
  signWithForeignKey?: boolean;
  /**
   * Mint for another tenant: `tid` and `iss` name it (signed by the gateway's own key: a token from a
   * tenant the cache does not belong to, which the gateway refuses as `wrong-tenant`).
   */
  tenantId?: string;
  /**
   * The `iss` claim as given (default Entra's v1 issuer for the tenant; the gateway also accepts the v2
   * one, `https://login.microsoftonline.com/<tenant>/v2.0`, and refuses any other as `wrong-issuer`).
   */
  issuer?: string;
}

/** Fault injection for a local credential. */
export interface CredentialBehaviour {
  /** ok: mint tokens; fail: reject; hang: never answer (honours abortSignal); slow: answer after delayMs. */
  mode: "ok" | "fail" | "hang" | "slow";
  /** Delay for "slow" (default 1000 ms). */
  delayMs?: number;
}

/** An access token as @azure/core-auth defines it. */
export interface LocalAccessToken {
  token: string;
  expiresOnTimestamp: number;
  refreshAfterTimestamp?: number;
  tokenType: "Bearer";
}

/** A credential structurally compatible with @azure/identity's `TokenCredential`. */
export interface LocalTokenCredential {
  readonly objectId: string;
  readonly appId: string;
  getToken(
    scopes: string | string[],
    options?: { abortSignal?: AbortSignal },
  ): Promise<LocalAccessToken | null>;
  setBehaviour(b: CredentialBehaviour): void;
  /** Number of tokens minted so far (cache hits not counted). */
  readonly tokensIssued: number;
}

/** Totals since start (or the last `resetStats()`), over all gateway nodes. */
export interface GatewayStats {
  connectionsOpened: number;
  connectionsOpen: number;
  authAccepted: number;
  authRefused: number;
  closedForExpiry: number;
  commandsForwarded: number;
}

/** One client connection to a gateway. */
export interface ConnectionInfo {
  id: number;
  /** Gateway node index (0 in single mode). */
  node: number;
  /** The object id of the last accepted AUTH. */
  objectId?: string;
  authAccepted: number;
  authRefused: number;
  /** Expiry (ms since epoch) of the currently accepted token. */
  expiresAt?: number;
  open: boolean;
  closedForExpiry: boolean;
  remotePort: number;
  /** Requests forwarded to Redis on this connection. */
  commandsForwarded: number;
  /**
   * The most bytes of incomplete requests the gateway held for this connection at once (before AUTH
   * bounded by Redis's unauthenticated limits: about 160 KiB plus one read).
   */
  pendingBytesPeak: number;
}

/** Payload of the "connection" and "close" events. */
export interface ConnectionEvent {
  id: number;
  node: number;
  remotePort: number;
  objectId?: string;
  expiresAt?: number;
}

/** Payload of the "auth" event. Carries no token. */
export interface AuthEvent extends ConnectionEvent {
  /** The AUTH username (object id) as sent. */
  username?: string;
  /** True when Redis accepted the AUTH (a valid token for an assigned object id). */
  accepted: boolean;
  /** Why the gateway refused the token, or why Redis refused the forwarded AUTH. */
  reason?: string;
  /** "AUTH" or "HELLO". */
  command: "AUTH" | "HELLO";
}

/** Admin access to the real Redis behind the gateway. */
export interface BackendAccess {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
  /** Direct TLS port of the redis-server (only with `backendTls: true`). */
  readonly tlsPort?: number;
}

/**
 * Events of {@link LocalEntraRedis} and their payloads (none carries a token):
 * `gw.on("auth", (e) => ...)` gets an {@link AuthEvent}.
 */
export interface LocalEntraRedisEvents {
  /** A client connection completed its TLS handshake. */
  connection: [event: ConnectionEvent];
  /** An AUTH or HELLO ... AUTH was answered (accepted or refused). */
  auth: [event: AuthEvent];
  /** A connection was closed because its token expired without a successful re-AUTH. */
  expired: [event: ConnectionEvent];
  /** A client connection closed (for any reason). */
  close: [event: ConnectionEvent];
}

/** Which gateway node(s) a fault applies to: one node index (cluster), or every node when omitted. */
export interface FaultTarget {
  /** Gateway / backend node index (0 in single mode); default: every node. */
  node?: number;
}

/** Options of {@link LocalEntraRedis.restartFrontEnd}. */
export interface FrontEndRestartOptions extends FaultTarget {
  /** How long the front end stays down before it listens again, in ms (default 0). */
  downForMs?: number;
}

/** A running local Entra gateway with real redis-server processes behind it. */
export interface LocalEntraRedis extends EventEmitter<LocalEntraRedisEvents> {
  /** "127.0.0.1". */
  readonly host: string;
  /** Gateway TLS port (cluster: the first node's gateway). */
  readonly port: number;
  /** All gateway endpoints (one in single mode). */
  readonly nodes: ReadonlyArray<LocalEndpoint>;
  /** PEM of the throwaway CA (use as `tls: { ca }`, certificate checks on). */
  readonly ca: string;
  /** The CA written to a temp file (for `redis-cli --cacert`). */
  readonly caPath: string;
  readonly tenantId: string;
  /** Default token lifetime of `credential()`, in ms. */
  readonly tokenLifetimeMs: number;
  /** A token credential for an object id. */
  credential(objectId: string, options?: LocalCredentialOptions): LocalTokenCredential;
  /** Gives an object id access: "Data Owner", "Data Contributor", "Data Reader" or a Redis ACL rule string. */
  assign(objectId: string, permissions: string): Promise<void>;
  /** Removes an object id's access (its connections are dropped by Redis). */
  unassign(objectId: string): Promise<void>;
  /** Admin access to the real Redis (cluster: the first node). */
  readonly backend: BackendAccess;
  /** Admin access to every real Redis node (one in single mode). */
  readonly backends: ReadonlyArray<BackendAccess>;
  stats(): GatewayStats;
  connections(): ConnectionInfo[];
  resetStats(): void;
  /** Kills and restarts the redis-server(s) on the same ports with the same users. */
  restartBackend(): Promise<void>;
  /**
   * Fault: takes the gateway front end down. Client connections are dropped (the client sees the
   * socket close) and new ones are refused (`ECONNREFUSED`) until {@link startFrontEnd}; the backend
   * keeps running and keeps its data. Resolves once nothing listens and every client is gone.
   */
  stopFrontEnd(target?: FaultTarget): Promise<void>;
  /** Brings the front end back on the same port(s) (no-op for nodes that are up). */
  startFrontEnd(target?: FaultTarget): Promise<void>;
  /** {@link stopFrontEnd}, wait `downForMs`, {@link startFrontEnd}: same port after. */
  restartFrontEnd(options?: FrontEndRestartOptions): Promise<void>;
  /** True while a node's front end is down (default node 0). */
  isFrontEndDown(node?: number): boolean;
  /**
   * Fault: holds every AUTH and HELLO ... AUTH (and whatever the client sent after it on that
   * connection, so order is kept) for `ms` before forwarding it, so its answer comes at least `ms`
   * late. Applies to requests received from now on; 0 turns it off. Any time, on every node.
   */
  setAuthDelay(ms: number): void;
  /** The current AUTH delay in ms (0: off). */
  readonly authDelayMs: number;
  /**
   * Fault: freezes the redis-server(s) (SIGSTOP): connections stay open, commands hang unanswered,
   * new connections reach the gateway but get no answer, while the gateway keeps running and still
   * closes connections whose token expires. In cluster mode, other nodes mark a node paused longer
   * than 5 s (`cluster-node-timeout`) as failing. {@link resumeBackend} thaws it; `stop()` and
   * `restartBackend()` work while paused.
   */
  pauseBackend(target?: FaultTarget): void;
  /** Thaws redis-server(s) frozen by {@link pauseBackend}: held commands are answered in order. */
  resumeBackend(target?: FaultTarget): void;
  /** True while a backend node is paused (default node 0). */
  isBackendPaused(node?: number): boolean;
  /** Ends everything it started. */
  stop(): Promise<void>;
}
