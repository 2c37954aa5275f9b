/**
 * redis-server processes for the local gateway: free loopback ports, starting a
 * server from a generated config in a temp dir, waiting until it answers, and making sure it dies with
 * us (stop(), process exit, SIGINT/SIGTERM, and a watchdog for when the parent is killed outright).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { RedisServerError } from "../internal/redis-server.ts";
import { RespConnection } from "../internal/resp/connection.ts";

/** A free TCP port on 127.0.0.1 (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Whether a start failed because one of its ports was taken: between {@link freePort} and
 * redis-server's bind another socket may get the port (any process's outgoing connection draws from
 * the same range).
 */
export function portTaken(err: unknown): boolean {
  return err instanceof RedisServerError && /address already in use|EADDRINUSE/i.test(err.message);
}

/** How many times {@link startOnFreePorts} tries. */
const PORT_ATTEMPTS = 3;

/**
 * Starts the server that `make` builds on ports it draws from {@link freePort}, drawing new ones when
 * a port was taken meanwhile ({@link portTaken}): up to 3 attempts; any other failure is thrown.
 */
export async function startOnFreePorts<T extends { process: RedisServerProcess }>(
  make: () => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const made = await make();
    try {
      await made.process.start();
      return made;
    } catch (err) {
      if (attempt >= PORT_ATTEMPTS || !portTaken(err)) throw err;
    }
  }
}

// ---- process registry: everything we spawned dies with us ----
const live = new Set<ChildProcess>();
const exitCleanups = new Set<() => void>();
let hooksInstalled = false;

/** Registers a synchronous cleanup to run if the process exits; returns a function that unregisters it. */
export function onExitCleanup(fn: () => void): () => void {
  installExitHooks();
  exitCleanups.add(fn);
  return () => exitCleanups.delete(fn);
}

function killAllNow(): void {
  for (const fn of exitCleanups) {
    try {
      fn();
    } catch {
      // best effort while exiting
    }
  }
  exitCleanups.clear();
  for (const child of live) {
    try {
      if (child.spawnargs[0] === "/bin/sh" && child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      else child.kill("SIGKILL");
    } catch {
      // already gone
    }
  }
  live.clear();
}

function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on("exit", killAllNow);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    const handler = (): void => {
      killAllNow();
      process.off(signal, handler);
      // Keep the default behaviour (exit on the signal) unless the application handles it too.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.on(signal, handler);
  }
}

/** Registers a child process to be killed when this process exits. */
export function track(child: ChildProcess): void {
  installExitHooks();
  live.add(child);
  child.once("exit", () => live.delete(child));
}

/**
 * Starts a watchdog shell that kills the pids listed in `pidFiles` (and removes `dir`) if this process
 * dies without cleaning up (e.g. SIGKILL). Returns the watchdog child (kill it on a clean stop).
 */
export function startWatchdog(dir: string): ChildProcess {
  const script =
    `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; ` +
    `for f in "${dir}"/*.pid; do [ -f "$f" ] && kill -9 "$(cat "$f")" 2>/dev/null; done; rm -rf "${dir}"`;
  const child = spawn("/bin/sh", ["-c", script], { stdio: "ignore", detached: true });
  child.unref();
  track(child);
  return child;
}

/** Stops a watchdog and its `sleep` (it leads its own process group). */
export function stopWatchdog(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    child.kill("SIGKILL");
  }
}

/** Settings of one redis-server. */
export interface RedisNodeSettings {
  binary: string;
  /** Working directory (data, nodes.conf, pid file, config). */
  dir: string;
  name: string;
  port: number;
  admin: { username: string; password: string };
  cluster?: { busPort: number; announcePort: number };
  /** Also listen on this Unix socket (owner only). */
  unixSocket?: string;
  /** Also serve TLS on this port with these PEM files (for benchmarks against a TLS backend). */
  tls?: { port: number; certFile: string; keyFile: string };
}

function configText(s: RedisNodeSettings): string {
  const lines = [
    `port ${s.port}`,
    "bind 127.0.0.1",
    "protected-mode yes",
    'save ""',
    "appendonly no",
    "daemonize no",
    `dir ${s.dir}`,
    `pidfile ${join(s.dir, `${s.name}.pid`)}`,
    'logfile ""',
    "loglevel warning",
    // Azure Cache for Redis runs Redis 6 semantics: users get all channels unless a rule says otherwise.
    "acl-pubsub-default allchannels",
    "user default off resetpass nocommands",
    `user ${s.admin.username} on >${s.admin.password} ~* &* +@all`,
  ];
  if (s.unixSocket) lines.push(`unixsocket ${s.unixSocket}`, "unixsocketperm 700");
  if (s.tls) {
    lines.push(
      `tls-port ${s.tls.port}`,
      `tls-cert-file ${s.tls.certFile}`,
      `tls-key-file ${s.tls.keyFile}`,
      "tls-auth-clients no",
      'tls-protocols "TLSv1.2 TLSv1.3"',
    );
  }
  if (s.cluster) {
    lines.push(
      "cluster-enabled yes",
      `cluster-config-file ${join(s.dir, `${s.name}-nodes.conf`)}`,
      `cluster-port ${s.cluster.busPort}`,
      "cluster-announce-ip 127.0.0.1",
      `cluster-announce-port ${s.cluster.announcePort}`,
      `cluster-announce-bus-port ${s.cluster.busPort}`,
      "cluster-node-timeout 5000",
      "cluster-require-full-coverage yes",
    );
  }
  return `${lines.join("\n")}\n`;
}

/**
 * True when this server answers on `port`: AUTH with its own admin password, then PING, each within
 * 1 s. A bare connect is not enough: when another socket took the port, redis-server exits at its
 * bind while that socket may accept the connection.
 */
async function answersAsOurs(port: number, admin: RedisNodeSettings["admin"]): Promise<boolean> {
  let conn: RespConnection | undefined;
  try {
    conn = await RespConnection.connect({ port });
    const auth = await conn.command(["AUTH", admin.username, admin.password], 1000);
    return auth === "OK" && (await conn.command(["PING"], 1000)) === "PONG";
  } catch {
    return false;
  } finally {
    conn?.close();
  }
}

/** One redis-server child process, restartable on the same port. */
export class RedisServerProcess {
  readonly settings: RedisNodeSettings;
  #child: ChildProcess | undefined;
  #output: string[] = [];
  #paused = false;

  constructor(settings: RedisNodeSettings) {
    this.settings = settings;
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /** True while the server is stopped by {@link pause}. */
  get paused(): boolean {
    return this.#paused;
  }

  /**
   * Freezes the server (SIGSTOP): it keeps its port and connections but answers nothing, and the
   * kernel still completes new TCP connections into its backlog. {@link resume} (SIGCONT) thaws it.
   */
  pause(): void {
    const child = this.#running();
    if (!child || this.#paused) return;
    child.kill("SIGSTOP");
    this.#paused = true;
  }

  /** Thaws a server frozen by {@link pause}. */
  resume(): void {
    const child = this.#running();
    if (!child || !this.#paused) return;
    child.kill("SIGCONT");
    this.#paused = false;
  }

  #running(): ChildProcess | undefined {
    const child = this.#child;
    return child && child.exitCode === null && child.signalCode === null ? child : undefined;
  }

  /** Starts the server and waits until it accepts connections. */
  async start(): Promise<void> {
    const conf = join(this.settings.dir, `${this.settings.name}.conf`);
    writeFileSync(conf, configText(this.settings), { mode: 0o600 });
    this.#output = [];
    const child = spawn(this.settings.binary, [conf], {
      stdio: ["ignore", "pipe", "pipe"],
      cwd: this.settings.dir,
    });
    track(child);
    this.#child = child;
    const keep = (chunk: Buffer) => {
      this.#output.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      if (this.#output.length > 30) this.#output.splice(0, this.#output.length - 30);
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    let exited = false;
    child.once("exit", () => (exited = true));
    const deadline = Date.now() + 15_000;
    while (!(await answersAsOurs(this.settings.port, this.settings.admin))) {
      if (exited) {
        throw new RedisServerError(
          `redis-server (${this.settings.binary}) exited while starting on 127.0.0.1:${this.settings.port}: ${this.#output.slice(-5).join(" | ") || "no output"}`,
        );
      }
      if (Date.now() > deadline) {
        await this.stop();
        throw new RedisServerError(
          `redis-server did not accept connections on 127.0.0.1:${this.settings.port} within 15 s`,
        );
      }
      await new Promise((r) => setTimeout(r, 15));
    }
  }

  /** Kills the server (SIGKILL, like a crash) and waits for it to exit and release its port. */
  async stop(): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    this.#paused = false; // SIGKILL ends a stopped process too
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.kill("SIGKILL");
    });
  }
}
