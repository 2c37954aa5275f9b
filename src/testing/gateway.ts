/**
 * One gateway node: a TLS listener (TLS 1.2 minimum, the throwaway CA's server certificate) on a free
 * loopback port, creating a {@link GatewayConnection} to its backend redis-server per client.
 * Plain-text clients fail the TLS handshake and are dropped. The listener can be taken down and brought
 * back on the same port (a front-end outage, for fault tests).
 */
import type { Socket } from "node:net";
import { createServer, type Server, type TLSSocket } from "node:tls";
import { GatewayConnection, type ConnectionContext } from "./gateway-connection.ts";

/** Shared by all connections of one gateway node, except the backend port (known after start). */
export type NodeContext = Omit<ConnectionContext, "backend">;

/** A TLS listener in front of one redis-server. */
export class GatewayNode {
  readonly index: number;
  readonly #server: Server;
  readonly #connections = new Set<GatewayConnection>();
  readonly #ctx: NodeContext;
  readonly #nextId: () => number;
  readonly #onOpen: (conn: GatewayConnection) => void;
  #port = 0;
  #closing = false;
  /** Front end taken down by {@link down} (not listening, every connection dropped). */
  #down = false;
  /** The last down()/up() transition, so that they run one after the other. */
  #transition: Promise<void> = Promise.resolve();
  /** Every accepted TCP socket, including those still in the TLS handshake. */
  readonly #sockets = new Set<Socket>();
  /** Port of the redis-server behind this node. */
  backendPort = 0;
  /** Unix socket of the redis-server behind this node, when it has one (preferred: cheaper than TCP). */
  backendPath: string | undefined;

  constructor(
    index: number,
    tls: { cert: string; key: string; handshakeTimeoutMs: number },
    ctx: NodeContext,
    nextId: () => number,
    onOpen: (conn: GatewayConnection) => void,
  ) {
    this.index = index;
    this.#ctx = ctx;
    this.#nextId = nextId;
    this.#onOpen = onOpen;
    this.#server = createServer(
      {
        cert: tls.cert,
        key: tls.key,
        minVersion: "TLSv1.2",
        handshakeTimeout: tls.handshakeTimeoutMs,
      },
      (socket) => this.#accept(socket),
    );
    // Handshake failures (plain-text clients, untrusted CA, no handshake within handshakeTimeoutMs)
    // just drop the socket.
    this.#server.on("tlsClientError", (_err, socket) => socket.destroy());
    this.#server.on("connection", (socket: Socket) => {
      if (this.#closing || this.#down) {
        socket.destroy();
        return;
      }
      this.#sockets.add(socket);
      socket.once("close", () => this.#sockets.delete(socket));
    });
  }

  get port(): number {
    return this.#port;
  }

  /** Starts listening on 127.0.0.1 (a free port, or `port`). */
  listen(port = 0): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#server.once("error", reject);
      this.#server.listen(port, "127.0.0.1", () => {
        this.#server.off("error", reject);
        const addr = this.#server.address();
        this.#port = typeof addr === "object" && addr ? addr.port : 0;
        resolve(this.#port);
      });
    });
  }

  /** True while the front end is down. */
  get isDown(): boolean {
    return this.#down;
  }

  /**
   * Takes the front end down: stops listening (new connections are refused) and drops every client
   * connection, including those still in the TLS handshake. The port is kept for {@link up}.
   */
  down(): Promise<void> {
    return this.#serial(async () => {
      if (this.#down || this.#closing) return;
      this.#down = true;
      await this.#closeListener();
    });
  }

  /** Brings the front end back on the same port. */
  up(): Promise<void> {
    return this.#serial(async () => {
      if (!this.#down || this.#closing) return;
      try {
        await this.listen(this.#port);
      } catch (err) {
        throw new Error(
          `the gateway front end could not listen on 127.0.0.1:${this.#port} again (${(err as Error).message})`,
          { cause: err },
        );
      }
      this.#down = false;
    });
  }

  #serial(step: () => Promise<void>): Promise<void> {
    const next = this.#transition.catch(() => undefined).then(step);
    this.#transition = next;
    return next;
  }

  #closeListener(): Promise<void> {
    return new Promise((resolve) => {
      // Called once every connection is gone (or at once, with an error, when not listening).
      this.#server.close(() => resolve());
      this.dropAll();
      for (const s of this.#sockets) s.destroy();
    });
  }

  #accept(socket: TLSSocket): void {
    if (this.#closing || this.#down) {
      socket.destroy();
      return;
    }
    const id = this.#nextId();
    const conn = new GatewayConnection(id, socket, {
      ...this.#ctx,
      backend: this.backendPath !== undefined ? { path: this.backendPath } : { port: this.backendPort },
      onClose: (info) => {
        this.#connections.delete(conn);
        this.#ctx.onClose(info);
      },
    });
    this.#connections.add(conn);
    this.#onOpen(conn);
  }

  /** Drops every client connection. */
  dropAll(): void {
    for (const c of this.#connections) c.close();
  }

  /** Stops listening and drops every connection. */
  async close(): Promise<void> {
    this.#closing = true;
    await this.#transition.catch(() => undefined);
    await this.#closeListener();
  }
}
