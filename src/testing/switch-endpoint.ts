/**
 * The host name and port an application keeps through a migration: a TCP listener on loopback that
 * passes every connection through, untouched (TLS included), to the instance the "DNS name" currently
 * points at. `switchTo()` plays Azure's DNS switch: connections opened while it runs wait (bounded),
 * every connection to the old instance is closed, and new ones reach the new instance.
 */
import { createServer, connect, type Server, type Socket } from "node:net";

/** How long a connection opened during a switch waits for it to finish before it is closed. */
export const SWITCH_HOLD_LIMIT_MS = 30_000;

interface Pair {
  client: Socket;
  upstream: Socket;
  port: number;
  /** Stops the pair's close handlers (a switch then closes it itself, gracefully). */
  detach(): void;
}

/** A switch waits this long without data from the old instance before it closes a connection… */
const DRAIN_QUIET_MS = 50;
/** …and at most this long in all. */
const DRAIN_LIMIT_MS = 1000;

/** A loopback TCP endpoint whose target can be switched. */
export class SwitchEndpoint {
  readonly host = "127.0.0.1";
  #server: Server | undefined;
  #port = 0;
  #target: number;
  #switching: Promise<void> | undefined;
  readonly #pairs = new Set<Pair>();
  readonly #held = new Set<Socket>();

  constructor(targetPort: number) {
    this.#target = targetPort;
  }

  get port(): number {
    return this.#port;
  }

  /** The port connections currently reach. */
  get targetPort(): number {
    return this.#target;
  }

  async listen(): Promise<void> {
    const server = createServer((client) => this.#accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, this.host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    const address = server.address();
    if (address === null || typeof address === "string") throw new Error("switch endpoint: no TCP address");
    this.#port = address.port;
    this.#server = server;
  }

  #accept(client: Socket): void {
    client.on("error", () => undefined);
    if (!this.#switching) {
      this.#pipe(client);
      return;
    }
    // During a switch the name resolves to nothing yet: the connection waits, bounded.
    this.#held.add(client);
    client.pause();
    const timer = setTimeout(() => client.destroy(), SWITCH_HOLD_LIMIT_MS);
    void this.#switching.finally(() => {
      clearTimeout(timer);
      this.#held.delete(client);
      if (!client.destroyed) this.#pipe(client);
    });
  }

  #pipe(client: Socket): void {
    const port = this.#target;
    const upstream = connect({ host: this.host, port });
    upstream.setNoDelay(true);
    client.setNoDelay(true);
    const end = () => {
      this.#pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    const pair: Pair = {
      client,
      upstream,
      port,
      detach: () => {
        upstream.off("error", end);
        upstream.off("close", end);
        client.off("close", end);
        upstream.on("error", () => undefined);
      },
    };
    this.#pairs.add(pair);
    upstream.on("error", end);
    upstream.on("close", end);
    client.on("close", end);
    client.pipe(upstream);
    upstream.pipe(client);
    client.resume();
  }

  /**
   * Points the name at `port`. `during()` runs while new connections wait and after every connection
   * to the old target was closed (the moment a migration copies its last writes).
   */
  async switchTo(port: number, during: () => Promise<void> = async () => undefined): Promise<void> {
    if (this.#switching) throw new Error("switchTo(): a switch is already running");
    let done!: () => void;
    this.#switching = new Promise<void>((r) => (done = r));
    try {
      await this.#closeGracefully([...this.#pairs].filter((pair) => pair.port !== port));
      await during();
      this.#target = port;
    } finally {
      this.#switching = undefined;
      done();
    }
  }

  /**
   * Closes connections to the old instance as a server that stops serving does: first nothing more
   * reaches it (what clients send now is read and dropped: in flight at the close), then what it had
   * already sent (replies, messages Redis handed to a subscriber) is delivered, and the client sees
   * an orderly end after it. A migration stops the source taking writes before its last copy, and a
   * server's close delivers what it wrote before closing; an abrupt destroy here lost, now and then, a
   * message whose PUBLISH had already been answered. Bounded: DRAIN_QUIET_MS without data from the old
   * instance, DRAIN_LIMIT_MS at most.
   */
  async #closeGracefully(pairs: Pair[]): Promise<void> {
    let last = Date.now();
    for (const pair of pairs) {
      this.#pairs.delete(pair);
      pair.detach();
      pair.client.unpipe(pair.upstream);
      pair.client.on("data", () => undefined);
      pair.upstream.on("data", () => (last = Date.now()));
    }
    const start = Date.now();
    while (Date.now() - last < DRAIN_QUIET_MS && Date.now() - start < DRAIN_LIMIT_MS) {
      await new Promise((r) => setTimeout(r, 10));
    }
    await Promise.all(
      pairs.map(
        (pair) =>
          new Promise<void>((resolve) => {
            pair.upstream.unpipe(pair.client);
            pair.upstream.destroy();
            if (pair.client.destroyed) return resolve();
            const timer = setTimeout(() => {
              pair.client.destroy();
              resolve();
            }, DRAIN_LIMIT_MS);
            pair.client.once("close", () => {
              clearTimeout(timer);
              resolve();
            });
            pair.client.end(() => pair.client.destroy());
          }),
      ),
    );
  }

  /** Open pass-through connections. */
  get openConnections(): number {
    return this.#pairs.size;
  }

  async close(): Promise<void> {
    for (const socket of this.#held) socket.destroy();
    for (const pair of this.#pairs) {
      pair.client.destroy();
      pair.upstream.destroy();
    }
    this.#pairs.clear();
    const server = this.#server;
    this.#server = undefined;
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }
}
