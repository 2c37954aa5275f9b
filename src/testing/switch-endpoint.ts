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
}

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
    const pair: Pair = { client, upstream, port };
    this.#pairs.add(pair);
    const end = () => {
      this.#pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
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
      for (const pair of [...this.#pairs]) {
        if (pair.port === port) continue;
        pair.client.destroy();
        pair.upstream.destroy();
        this.#pairs.delete(pair);
      }
      await during();
      this.#target = port;
    } finally {
      this.#switching = undefined;
      done();
    }
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
