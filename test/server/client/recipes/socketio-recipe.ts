/**
 * The Socket.IO recipe, shared by socketio.test.ts (classic adapter) and socketio-sharded.test.ts
 * (sharded adapter): two socket.io servers on loopback, each with its own EntraAuth (as two app
 * instances would have) and a pub/sub pair from this package (`pub.duplicate()` for the subscriber,
 * as the adapter's README does). Server A broadcasts sequence numbers; a client of server B must
 * receive every one, once, in order, across 20 token rotations.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { io as connectClient } from "socket.io-client";
import { createAdapter, createShardedAdapter } from "@socket.io/redis-adapter";
import type { Redis } from "ioredis";
import { connectIoredis, connectNodeRedis, type EntraAuth } from "../../../../src/client/index.ts";
import {
  Capture,
  ROTATIONS,
  acrossRotations,
  assertQuiet,
  cleanups,
  assertAuthenticatedThroughout,
  closeIoredis,
  closeNodeRedis,
  recipeGateway,
  recipeIdentity,
  until,
  type Gateway,
} from "./recipe-kit.ts";

type Adapter = ReturnType<typeof createAdapter> | ReturnType<typeof createShardedAdapter>;
type Later = (fn: () => unknown) => void;

/**
 * Builds the adapter for one server from a fresh pub/sub pair; `key` keeps the variants that run
 * concurrently on one gateway apart; connection errors go to `onError`.
 */
type AdapterFor = (
  gw: Gateway,
  auth: EntraAuth,
  later: Later,
  key: string,
  onError: (err: unknown) => void,
) => Promise<Adapter>;

export const classic: Record<string, AdapterFor> = {
  async ioredis(gw, auth, later, key, onError) {
    const pub = await connectIoredis(auth, { host: gw.host, port: gw.port, tls: { ca: gw.ca } });
    const sub = pub.duplicate();
    pub.on("error", onError);
    sub.on("error", onError);
    later(() => closeIoredis(pub));
    later(() => closeIoredis(sub));
    return createAdapter(pub, sub, { key });
  },
  async "node-redis"(gw, auth, later, key, onError) {
    const pub = await connectNodeRedis(auth, { socket: { host: gw.host, port: gw.port, ca: gw.ca } });
    const sub = pub.duplicate();
    pub.on("error", onError);
    sub.on("error", onError);
    await sub.connect();
    later(() => closeNodeRedis(pub));
    later(() => closeNodeRedis(sub));
    return createAdapter(pub, sub, { key });
  },
};

/** Asserts that an ioredis connection negotiated RESP3 (waits for it to be ready). */
async function assertIoredisResp3(redis: Redis, role: string): Promise<void> {
  if (redis.status !== "ready") await new Promise((resolve) => redis.once("ready", resolve));
  const condition = (redis as unknown as { condition?: { protocol?: number } | null }).condition;
  assert.equal(condition?.protocol, 3, `the ${role} speaks RESP3`);
}

export const sharded: Record<string, AdapterFor> = {
  async ioredis(gw, auth, later, key, onError) {
    const pub = await connectIoredis(auth, { host: gw.host, port: gw.port, tls: { ca: gw.ca } });
    const sub = pub.duplicate();
    pub.on("error", onError);
    sub.on("error", onError);
    later(() => closeIoredis(pub));
    later(() => closeIoredis(sub));
    await assertIoredisResp3(pub, "publisher");
    await assertIoredisResp3(sub, "subscriber");
    return createShardedAdapter(pub, sub, { channelPrefix: key });
  },
  async "node-redis"(gw, auth, later, key, onError) {
    const pub = await connectNodeRedis(auth, { socket: { host: gw.host, port: gw.port, ca: gw.ca } });
    const sub = pub.duplicate();
    pub.on("error", onError);
    sub.on("error", onError);
    await sub.connect();
    later(() => closeNodeRedis(pub));
    later(() => closeNodeRedis(sub));
    for (const [role, client] of [
      ["publisher", pub],
      ["subscriber", sub],
    ] as const)
      assert.equal(client.options?.RESP ?? 2, 3, `the ${role} speaks RESP3`);
    return createShardedAdapter(pub, sub, { channelPrefix: key });
  },
};

async function listen(adapter: Adapter, later: Later): Promise<{ io: Server; url: string }> {
  const http = createServer();
  const io = new Server(http, { adapter });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  later(() => new Promise((r) => io.close(() => r(undefined))));
  return { io, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` };
}

export function defineSocketIoRecipe(title: string, variants: Record<string, AdapterFor>): void {
  describe(title, { timeout: 180_000, concurrency: true }, () => {
    const capture = new Capture();
    test.before(() => capture.hookConsole());
    test.after(() => capture.restore());

    for (const [name, adapterFor] of Object.entries(variants)) {
      test(`${name}: every broadcast reaches the other server across ${ROTATIONS} rotations`, async (t) => {
        const later = cleanups(t);
        const recipe = await recipeGateway(later);
        const { gw } = recipe;
        const a = await recipeIdentity(recipe, capture);
        const b = await recipeIdentity(recipe, capture);
        later(() => a.auth.close());
        later(() => b.auth.close());
        const errors: unknown[] = [];
        const onError = (err: unknown) => errors.push(err);
        const key = `sio-${title.length}-${name}`;
        const serverA = await listen(await adapterFor(gw, a.auth, later, key, onError), later);
        const serverB = await listen(await adapterFor(gw, b.auth, later, key, onError), later);

        const client = connectClient(serverB.url, { transports: ["websocket"] });
        later(() => client.close());
        const received: number[] = [];
        client.on("seq", (n: number) => received.push(n));
        await new Promise<void>((resolve, reject) => {
          client.once("connect", resolve);
          client.once("connect_error", reject);
        });
        // The adapters subscribe asynchronously: broadcast until one gets through before counting.
        let probe = 0;
        const probeSeen = new Promise<void>((resolve) => client.once("probe", () => resolve()));
        const probing = setInterval(() => serverA.io.emit("probe", probe++), 50);
        await probeSeen;
        clearInterval(probing);

        let sent = 0;
        // Both app instances' tokens rotate, one after the other in token time, while A broadcasts.
        const run = await acrossRotations(
          [a.rotations, b.rotations],
          async () => {
            serverA.io.emit("seq", sent++);
            await Promise.resolve();
          },
          { stepsPerRotation: 30 },
        );
        await until("every broadcast received", () => received.length >= sent, 15_000);
        assertAuthenticatedThroughout(a.gateway, t);
        assertAuthenticatedThroughout(b.gateway, t);
        assert.deepEqual(run.failures, []);
        assert.deepEqual(errors, [], "no connection error");
        assert.ok(sent > 500, `broadcasts sent: ${sent}`);
        assert.deepEqual(received, [...Array(sent).keys()], "every broadcast, once, in order");
        assert.ok(a.rotations.count >= ROTATIONS, "server A's token rotated");
        assert.ok(b.rotations.count >= ROTATIONS, "server B's token rotated too");
      });
    }

    test.after(() => assertQuiet(capture));
  });
}
