/**
 * `startLocalEntraRedis()`: real redis-server processes (one, or a Redis Cluster) behind TLS gateways
 * that check Entra tokens like Azure's Redis front end, plus a token issuer and access policies.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { systemClock, type EntraClock } from "../internal/clock.ts";
import { createGatewayCertificates, type GatewayCertificates } from "./ca.ts";
import { formCluster, waitForClusterOk, type ClusterNodeAccess } from "./cluster-setup.ts";
import { LocalCredential } from "./credential.ts";
import type { GatewayConnection } from "./gateway-connection.ts";
import { GatewayNode, type NodeContext } from "./gateway.ts";
import { gatewayTimeouts } from "./gateway-timeouts.ts";
import { checkOptions } from "./local-options.ts";
import { policyRules } from "./policies.ts";
import { RespConnection } from "../internal/resp/connection.ts";
import { findRedisServer } from "../internal/redis-server.ts";
import {
  RedisServerProcess,
  freePort,
  onExitCleanup,
  startOnFreePorts,
  startWatchdog,
  stopWatchdog,
} from "./redis-process.ts";
import { TokenIssuer } from "./token-issuer.ts";
import type {
  AuthEvent,
  BackendAccess,
  ConnectionEvent,
  ConnectionInfo,
  FaultTarget,
  FrontEndRestartOptions,
  GatewayStats,
  LocalCredentialOptions,
  LocalEndpoint,
  LocalEntraRedis,
  LocalEntraRedisEvents,
  LocalEntraRedisOptions,
  LocalTokenCredential,
} from "./types.ts";

const DEFAULT_LIFETIME_MS = 60 * 60 * 1000;
const ADMIN_USER = "local-gateway-admin";
/** Connections remembered for `connections()` (open ones always; closed ones up to this many). */
const MAX_CLOSED_REMEMBERED = 10_000;

function emptyStats(): Omit<GatewayStats, "connectionsOpen"> {
  return { connectionsOpened: 0, authAccepted: 0, authRefused: 0, closedForExpiry: 0, commandsForwarded: 0 };
}

/**
 * What a companion instance (`startCompanionEntraRedis`) shares with the instance it was started
 * from: one token issuer and one CA, as two Azure caches share one Entra tenant and one public CA.
 */
interface SharedTrust {
  issuer: TokenIssuer;
  certs: GatewayCertificates;
}
const sharedTrust = new WeakMap<LocalEntraRedis, SharedTrust>();

interface BackendNode {
  process: RedisServerProcess;
  access: ClusterNodeAccess;
}

class LocalEntraRedisImpl extends EventEmitter<LocalEntraRedisEvents> implements LocalEntraRedis {
  readonly host = "127.0.0.1";
  readonly tenantId: string;
  readonly tokenLifetimeMs: number;
  readonly #clock: EntraClock;
  ca = "";
  caPath = "";
  readonly #options: LocalEntraRedisOptions;
  readonly #dir: string;
  readonly #adminPassword = randomBytes(24).toString("hex");
  #issuer: TokenIssuer | undefined;
  readonly #gateways: GatewayNode[] = [];
  readonly #backends: BackendNode[] = [];
  /** objectId -> { backend password, ACL rules } */
  readonly #users = new Map<string, { password: string; rules: string[] }>();
  readonly #wrongPassword = `wrong-${randomBytes(16).toString("hex")}`;
  #stats = emptyStats();
  readonly #open = new Map<number, GatewayConnection>();
  readonly #closed = new Map<number, ConnectionInfo>();
  #nextId = 1;
  #authDelayMs = 0;
  #stopped = false;
  #stopping: Promise<void> | undefined;
  #unregisterExit: (() => void) | undefined;
  #watchdog: ReturnType<typeof startWatchdog> | undefined;

  constructor(options: LocalEntraRedisOptions) {
    super();
    this.#options = options;
    this.tenantId = options.tenantId ?? randomUUID();
    this.tokenLifetimeMs = options.tokenLifetimeMs ?? DEFAULT_LIFETIME_MS;
    this.#clock = options.clock ?? systemClock;
    this.#dir = mkdtempSync(join(tmpdir(), "azure-redis-entra-local-"));
  }

  get port(): number {
    return this.#gateways[0]?.port ?? 0;
  }

  get nodes(): ReadonlyArray<LocalEndpoint> {
    return this.#gateways.map((g) => ({ host: this.host, port: g.port }));
  }

  get backend(): BackendAccess {
    return this.backends[0];
  }

  get backends(): ReadonlyArray<BackendAccess> {
    return this.#backends.map((b) => {
      const access: { host: string; port: number; username: string; password: string; tlsPort?: number } = {
        host: "127.0.0.1",
        port: b.access.port,
        username: ADMIN_USER,
        password: this.#adminPassword,
      };
      const tlsPort = b.process.settings.tls?.port;
      if (tlsPort !== undefined) access.tlsPort = tlsPort;
      return access;
    });
  }

  async start(shared?: SharedTrust): Promise<void> {
    const binary = findRedisServer(this.#options.redisServerPath);
    this.#unregisterExit = onExitCleanup(() => rmSync(this.#dir, { recursive: true, force: true }));
    this.#watchdog = startWatchdog(this.#dir);
    const [certs, issuer] = shared
      ? [shared.certs, shared.issuer]
      : await Promise.all([createGatewayCertificates(), TokenIssuer.create(this.tenantId)]);
    this.#issuer = issuer;
    sharedTrust.set(this, { issuer, certs });
    this.ca = certs.caPem;
    this.caPath = join(this.#dir, "ca.pem");
    writeFileSync(this.caPath, certs.caPem);

    const count = this.#options.cluster?.shards ?? 1;
    const ctx: NodeContext = {
      node: 0,
      issuer,
      clock: this.#clock,
      passwordFor: (objectId) => this.#users.get(objectId)?.password,
      wrongPassword: this.#wrongPassword,
      graceMs: this.#options.expiryGraceMs ?? 0,
      unauthenticatedIdleTimeoutMs: gatewayTimeouts(this.#options).unauthenticatedIdleMs,
      authDelayMs: () => this.#authDelayMs,
      onForwarded: (n) => (this.#stats.commandsForwarded += n),
      onAuth: (e) => this.#onAuth(e),
      onExpired: (info) => this.#onExpired(info),
      onClose: (info) => this.#onClose(info),
    };
    // Gateway listeners first: cluster nodes announce their gateway's port.
    for (let i = 0; i < count; i++) {
      const gw = new GatewayNode(
        i,
        {
          cert: certs.certPem,
          key: certs.keyPem,
          handshakeTimeoutMs: gatewayTimeouts(this.#options).tlsHandshakeMs,
        },
        { ...ctx, node: i },
        () => this.#nextId++,
        (c) => this.#onOpen(c),
      );
      this.#gateways.push(gw);
      await gw.listen();
    }
    const admin = { username: ADMIN_USER, password: this.#adminPassword };
    const tlsFiles = this.#options.backendTls
      ? { certFile: join(this.#dir, "server.crt"), keyFile: join(this.#dir, "server.key") }
      : undefined;
    if (tlsFiles) {
      writeFileSync(tlsFiles.certFile, certs.certPem, { mode: 0o600 });
      writeFileSync(tlsFiles.keyFile, certs.keyPem, { mode: 0o600 });
    }
    // Each node on free ports, drawn again when one was taken before redis-server bound it.
    const backend = async (i: number): Promise<BackendNode> => {
      const port = await freePort();
      const busPort = this.#options.cluster ? await freePort() : 0;
      const gw = this.#gateways[i];
      gw.backendPort = port;
      // The gateway reaches its redis-server over a Unix socket where it can (cheaper than loopback TCP
      // for both); the TCP port stays for admin access, the cluster bus and redis-cli. Socket paths are
      // limited to about 104 bytes (macOS), so a long temp dir keeps TCP.
      const socketPath = join(this.#dir, `node-${i}.sock`);
      const unixSocket =
        process.platform === "win32" || Buffer.byteLength(socketPath) > 100 ? undefined : socketPath;
      gw.backendPath = unixSocket;
      const server = new RedisServerProcess({
        binary,
        dir: this.#dir,
        name: `node-${i}`,
        port,
        admin,
        ...(unixSocket ? { unixSocket } : {}),
        ...(this.#options.cluster ? { cluster: { busPort, announcePort: gw.port } } : {}),
        ...(tlsFiles ? { tls: { port: await freePort(), ...tlsFiles } } : {}),
      });
      return { process: server, access: { port, busPort, admin } };
    };
    // Every start settles before a failure is thrown, so stop() finds each server that did start.
    const started = await Promise.allSettled(
      Array.from({ length: count }, (_, i) => startOnFreePorts(() => backend(i))),
    );
    for (const s of started) if (s.status === "fulfilled") this.#backends.push(s.value);
    const failed = started.find((s) => s.status === "rejected");
    if (failed) throw failed.reason;
    if (this.#options.cluster) await formCluster(this.#backends.map((b) => b.access));
  }

  // ---- events and counters ----
  #onOpen(conn: GatewayConnection): void {
    this.#stats.connectionsOpened++;
    this.#open.set(conn.id, conn);
    const e: ConnectionEvent = { id: conn.id, node: conn.info().node, remotePort: conn.remotePort };
    this.emit("connection", e);
  }

  #onAuth(e: AuthEvent): void {
    if (e.accepted) this.#stats.authAccepted++;
    else this.#stats.authRefused++;
    this.emit("auth", e);
  }

  #onExpired(info: ConnectionInfo): void {
    this.#stats.closedForExpiry++;
    this.emit("expired", toEvent(info));
  }

  #onClose(info: ConnectionInfo): void {
    this.#open.delete(info.id);
    this.#closed.set(info.id, info);
    if (this.#closed.size > MAX_CLOSED_REMEMBERED) {
      const oldest = this.#closed.keys().next().value;
      if (oldest !== undefined) this.#closed.delete(oldest);
    }
    this.emit("close", toEvent(info));
  }

  stats(): GatewayStats {
    return { ...this.#stats, connectionsOpen: this.#open.size };
  }

  connections(): ConnectionInfo[] {
    const all = [...this.#closed.values(), ...[...this.#open.values()].map((c) => c.info())];
    return all.sort((a, b) => a.id - b.id);
  }

  resetStats(): void {
    this.#stats = emptyStats();
    this.#closed.clear();
  }

  // ---- identities ----
  credential(objectId: string, options?: LocalCredentialOptions): LocalTokenCredential {
    if (!this.#issuer) throw new Error("credential(): the local gateway is not started");
    return new LocalCredential(this.#issuer, this.#clock, objectId, this.tokenLifetimeMs, options);
  }

  async assign(objectId: string, permissions: string): Promise<void> {
    checkObjectId(objectId, "assign");
    const rules = policyRules(permissions);
    const password = this.#users.get(objectId)?.password ?? randomBytes(24).toString("hex");
    this.#users.set(objectId, { password, rules });
    await Promise.all(this.#backends.map((b) => this.#setUser(b, objectId)));
  }

  async #setUser(b: BackendNode, objectId: string): Promise<void> {
    const user = this.#users.get(objectId);
    if (!user) return;
    const admin = await RespConnection.connect({ port: b.access.port, user: b.access.admin });
    try {
      await admin.call("ACL", "SETUSER", objectId, "reset", "on", `>${user.password}`, ...user.rules);
    } finally {
      admin.close();
    }
  }

  async unassign(objectId: string): Promise<void> {
    checkObjectId(objectId, "unassign");
    this.#users.delete(objectId);
    await Promise.all(
      this.#backends.map(async (b) => {
        const admin = await RespConnection.connect({ port: b.access.port, user: b.access.admin });
        try {
          await admin.call("ACL", "DELUSER", objectId);
        } finally {
          admin.close();
        }
      }),
    );
  }

  // ---- lifecycle ----
  async restartBackend(): Promise<void> {
    if (this.#stopped) throw new Error("restartBackend(): the local gateway is stopped");
    await Promise.all(this.#backends.map((b) => b.process.stop()));
    await Promise.all(this.#backends.map((b) => b.process.start()));
    if (this.#options.cluster) await waitForClusterOk(this.#backends.map((b) => b.access));
    for (const objectId of this.#users.keys()) {
      await Promise.all(this.#backends.map((b) => this.#setUser(b, objectId)));
    }
  }

  // ---- fault injection ----
  /** The nodes a fault applies to (checked: a bad index is an error naming it). */
  #targets<T>(list: readonly T[], fn: string, target: FaultTarget | undefined): T[] {
    if (this.#stopped) throw new Error(`${fn}(): the local gateway is stopped`);
    const node = target?.node;
    if (node === undefined) return [...list];
    if (!Number.isInteger(node) || node < 0 || node >= list.length) {
      throw new RangeError(
        `${fn}(): node must be a node index from 0 to ${list.length - 1} (got ${String(node)})`,
      );
    }
    return [list[node]];
  }

  async stopFrontEnd(target?: FaultTarget): Promise<void> {
    await Promise.all(this.#targets(this.#gateways, "stopFrontEnd", target).map((g) => g.down()));
  }

  async startFrontEnd(target?: FaultTarget): Promise<void> {
    await Promise.all(this.#targets(this.#gateways, "startFrontEnd", target).map((g) => g.up()));
  }

  async restartFrontEnd(options: FrontEndRestartOptions = {}): Promise<void> {
    const downForMs = options.downForMs ?? 0;
    if (!(Number.isFinite(downForMs) && downForMs >= 0)) {
      throw new RangeError(
        `restartFrontEnd(): downForMs must be 0 or more milliseconds (got ${String(downForMs)})`,
      );
    }
    await this.stopFrontEnd(options);
    await new Promise((r) => setTimeout(r, downForMs));
    await this.startFrontEnd(options);
  }

  isFrontEndDown(node = 0): boolean {
    return this.#gateways[node]?.isDown ?? false;
  }

  setAuthDelay(ms: number): void {
    if (!(Number.isFinite(ms) && ms >= 0)) {
      throw new RangeError(`setAuthDelay(ms): ms must be 0 or more milliseconds (got ${String(ms)})`);
    }
    this.#authDelayMs = ms;
  }

  get authDelayMs(): number {
    return this.#authDelayMs;
  }

  pauseBackend(target?: FaultTarget): void {
    for (const b of this.#targets(this.#backends, "pauseBackend", target)) b.process.pause();
  }

  resumeBackend(target?: FaultTarget): void {
    for (const b of this.#targets(this.#backends, "resumeBackend", target)) b.process.resume();
  }

  isBackendPaused(node = 0): boolean {
    return this.#backends[node]?.process.paused ?? false;
  }

  stop(): Promise<void> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<void> {
    this.#stopped = true;
    await Promise.all(this.#gateways.map((g) => g.close()));
    await Promise.all(this.#backends.map((b) => b.process.stop()));
    if (this.#watchdog) stopWatchdog(this.#watchdog);
    rmSync(this.#dir, { recursive: true, force: true });
    this.#unregisterExit?.();
  }
}

function toEvent(info: ConnectionInfo): ConnectionEvent {
  const e: ConnectionEvent = { id: info.id, node: info.node, remotePort: info.remotePort };
  if (info.objectId !== undefined) e.objectId = info.objectId;
  if (info.expiresAt !== undefined) e.expiresAt = info.expiresAt;
  return e;
}

function checkObjectId(objectId: string, fn: string): void {
  if (
    typeof objectId !== "string" ||
    objectId.length === 0 ||
    /\s/.test(objectId) ||
    objectId === ADMIN_USER ||
    objectId === "default"
  ) {
    throw new TypeError(
      `${fn}(objectId): objectId must be a non-empty string without spaces, like an Entra object id GUID (got ${JSON.stringify(objectId)})`,
    );
  }
}

/**
 * Starts redis-server (or a Redis Cluster with `cluster: { shards }`) on free loopback ports behind
 * TLS gateways that check Entra tokens like Azure. Call `stop()` when done (it also stops with the process).
 */
export async function startLocalEntraRedis(options: LocalEntraRedisOptions = {}): Promise<LocalEntraRedis> {
  return start(options, undefined);
}

/**
 * A second instance that trusts the same tokens and presents a certificate of the same CA as `of`
 * (same tenant): what the local migration rehearsal uses for its Managed Redis-style target.
 */
export async function startCompanionEntraRedis(
  of: LocalEntraRedis,
  options: Omit<LocalEntraRedisOptions, "tenantId" | "tokenLifetimeMs"> = {},
): Promise<LocalEntraRedis> {
  const shared = sharedTrust.get(of);
  if (!shared) throw new Error("startCompanionEntraRedis(of): `of` is not a started local Entra Redis");
  return start({ ...options, tenantId: of.tenantId, tokenLifetimeMs: of.tokenLifetimeMs }, shared);
}

async function start(
  options: LocalEntraRedisOptions,
  shared: SharedTrust | undefined,
): Promise<LocalEntraRedis> {
  checkOptions(options);
  const instance = new LocalEntraRedisImpl(options);
  try {
    await instance.start(shared);
  } catch (err) {
    await instance.stop().catch(() => undefined);
    throw err;
  }
  return instance;
}
