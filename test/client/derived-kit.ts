/**
 * What the derived-connection tests (`derived*.server.test.ts`) share: a TCP relay that can hold a
 * connection back (a slow network or a starved process: the TLS handshake, and so the HELLO, arrive
 * late), and the app's three ways of using a derived connection (subscribed, blocked, in a
 * transaction) run across token expiry with sequence numbers counted end to end.
 */
import assert from "node:assert/strict";
import { createServer, connect as netConnect, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import type { Gateway } from "./integration.ts";

/**
 * A TCP relay on 127.0.0.1 in front of a gateway node: connection number n (0-based) is forwarded
 * after `holdMs(n)` ms; until then the client's bytes (its TLS ClientHello) wait unread.
 */
export async function startRelay(
  target: { host: string; port: number },
  holdMs: (n: number) => number,
): Promise<{ port: number; connections: number; stop(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let n = 0;
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    client.on("error", () => undefined);
    const hold = holdMs(n++);
    const timer = setTimeout(() => {
      if (client.destroyed) return;
      const upstream = netConnect(target.port, target.host);
      sockets.add(upstream);
      upstream.on("close", () => {
        sockets.delete(upstream);
        client.destroy();
      });
      upstream.on("error", () => undefined);
      client.on("close", () => upstream.destroy());
      client.pipe(upstream);
      upstream.pipe(client);
    }, hold);
    client.on("close", () => clearTimeout(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const relay = {
    port: (server.address() as AddressInfo).port,
    get connections() {
      return n;
    },
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return relay;
}

/** The gateway's view of one identity: AUTHs refused and connections closed for expiry. */
export function watchIdentity(gw: Gateway, objectId: string): { refused: string[]; expired: number[] } {
  const seen = { refused: [] as string[], expired: [] as number[] };
  gw.on("auth", (e) => {
    if (!e.accepted && e.username === objectId)
      seen.refused.push(`${e.command} #${e.id}: ${e.reason ?? "?"}`);
  });
  gw.on("expired", (e) => {
    if (e.objectId === objectId) seen.expired.push(e.id);
  });
  return seen;
}

/** Asserts `received` is exactly 0..sent-1, in order. */
export function assertSequence(received: number[], sent: number, what: string): void {
  assert.ok(sent > 0, `${what}: something was sent`);
  assert.deepEqual(received, [...Array(sent).keys()], `${what}: every one of ${sent}, once, in order`);
}
