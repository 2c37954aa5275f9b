/**
 * The contract of `src/client/ioredis-internals.ts` (every ioredis private field we touch), checked
 * against each supported ioredis major (5 through the `ioredis5` alias, 6) with a real redis-server:
 * if an ioredis release moves a field, this fails before any adapter misbehaves.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { connect as tcpConnect } from "node:net";
import type { Cluster, Redis } from "ioredis";
import {
  addressOf,
  clearManualClose,
  clusterRedisOptions,
  clusterSubscriber,
  inHandshake,
  inSubscriberMode,
  negotiatedProtocol,
  onClusterSubscriberSelected,
  rejectQueuedCommands,
  setAuthOptions,
  setClusterAuthOptions,
  setHandshakeAuth,
  setReadyCheck,
  wrapFatalHandler,
  wrapSendCommand,
} from "../../../src/client/ioredis-internals.ts";
import { makeCredentials } from "../../../src/client/credentials.ts";
import { freePort } from "../../../src/testing/redis-process.ts";

const USER = "contract";
const PASSWORD = "contract-password-1";
const creds = makeCredentials(USER, PASSWORD, Date.now() + 3_600_000);

type RedisCtor = new (options: Record<string, unknown>) => Redis;
type ClusterCtor = new (nodes: unknown[], options: Record<string, unknown>) => Cluster;

const majors: [
  string,
  () => Promise<{ Redis: RedisCtor; Cluster: ClusterCtor; protocol: number | undefined }>,
][] = [
  [
    "ioredis 5",
    async () => {
      const m = (await import("ioredis5")) as unknown as { Redis: RedisCtor; Cluster: ClusterCtor };
      return { Redis: m.Redis, Cluster: m.Cluster, protocol: undefined };
    },
  ],
  [
    "ioredis 6",
    async () => {
      const m = (await import("ioredis")) as unknown as { Redis: RedisCtor; Cluster: ClusterCtor };
      return { Redis: m.Redis, Cluster: m.Cluster, protocol: 3 };
    },
  ],
];

let server: ChildProcess;
let port: number;

function accepts(p: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = tcpConnect({ host: "127.0.0.1", port: p });
    s.once("connect", () => (s.destroy(), resolve(true)));
    s.once("error", () => resolve(false));
  });
}

before(async () => {
  port = await freePort();
  server = spawn(
    "redis-server",
    [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--save",
      "",
      "--appendonly",
      "no",
      "--user",
      "default",
      "off",
      "--user",
      USER,
      "on",
      `>${PASSWORD}`,
      "~*",
      "&*",
      "+@all",
    ],
    { stdio: "ignore" },
  );
  for (let i = 0; i < 500 && !(await accepts(port)); i++) await new Promise((r) => setTimeout(r, 10));
});

after(() => {
  server.kill("SIGKILL");
});

for (const [name, load] of majors) {
  describe(name, () => {
    test("the handshake reads options.username/password at connect; inHandshake holds while it is sent", async () => {
      const { Redis, protocol } = await load();
      const redis = new Redis({
        host: "127.0.0.1",
        port,
        username: USER,
        password: "wrong",
        lazyConnect: true,
        enableReadyCheck: false,
        retryStrategy: () => null,
      });
      const seen: { name: string; handshake: boolean }[] = [];
      wrapSendCommand(redis, (send) => (command, stream, node) => {
        seen.push({ name: String(command.name).toLowerCase(), handshake: inHandshake(redis) });
        if (inHandshake(redis)) setHandshakeAuth(redis, creds);
        return send(command, stream, node);
      });
      setAuthOptions(redis, creds);
      assert.equal(addressOf(redis), `127.0.0.1:${port}`);
      await redis.connect();
      assert.equal(await redis.ping(), "PONG");
      const auth = seen.find((c) => c.name === "auth" || c.name === "hello");
      assert.equal(auth?.handshake, true, "the handshake's AUTH/HELLO is sent while inHandshake() holds");
      assert.equal(seen.find((c) => c.name === "ping")?.handshake, false, "later commands are not");
      assert.equal(negotiatedProtocol(redis), protocol);
      assert.equal(inSubscriberMode(redis), false);
      await redis.subscribe("contract");
      assert.equal(inSubscriberMode(redis), true);
      redis.disconnect();
    });

    test("a refused handshake goes through recoverFromFatalError, which can be wrapped per instance", async () => {
      const { Redis } = await load();
      const redis = new Redis({
        host: "127.0.0.1",
        port,
        username: USER,
        password: "wrong",
        lazyConnect: true,
        enableReadyCheck: false,
        retryStrategy: () => null,
      });
      redis.on("error", () => undefined);
      let refused: unknown;
      const wrapped = wrapFatalHandler(
        redis,
        (fatal) =>
          function (this: unknown, commandError, err, options) {
            refused = err;
            return fatal.call(this, commandError, err, options);
          },
      );
      assert.equal(wrapped, true);
      await redis.connect().catch(() => undefined);
      assert.match(String(refused), /WRONGPASS/);
      const ended = redis.status === "end" ? Promise.resolve() : once(redis, "end");
      redis.disconnect();
      await ended;
      assert.equal(typeof (redis as unknown as { manuallyClosing: unknown }).manuallyClosing, "boolean");
      clearManualClose(redis);
      assert.equal((redis as unknown as { manuallyClosing: unknown }).manuallyClosing, false);
    });

    test("commands queued while not connected are in the queues rejectQueuedCommands empties", async () => {
      const { Redis } = await load();
      const closed = await freePort();
      const redis = new Redis({
        host: "127.0.0.1",
        port: closed,
        lazyConnect: true,
        retryStrategy: () => 60_000,
        maxRetriesPerRequest: null,
      });
      redis.on("error", () => undefined);
      const pending = redis.get("k");
      await new Promise((r) => setTimeout(r, 50));
      rejectQueuedCommands(redis, () => new Error("contract: token expired"));
      await assert.rejects(pending, /contract: token expired/);
      redis.disconnect();
    });

    test("Cluster: redisOptions, the pool's copy, the ready check and the subscriber holder", async () => {
      const { Cluster, Redis } = await load();
      const cluster = new Cluster([{ host: "127.0.0.1", port }], {
        lazyConnect: true,
        redisOptions: { username: USER, password: "old", enableReadyCheck: true },
      });
      setClusterAuthOptions(cluster, creds);
      const c = cluster as unknown as {
        options: { redisOptions: { password: string } };
        connectionPool: { redisOptions: { password: string } };
      };
      assert.equal(c.options.redisOptions.password, PASSWORD);
      assert.equal(
        c.connectionPool.redisOptions.password,
        PASSWORD,
        "new node connections copy the pool's options",
      );
      assert.equal(clusterRedisOptions(cluster)?.enableReadyCheck, true);
      assert.equal(clusterSubscriber(cluster), undefined, "no subscriber before a node is known");
      assert.equal(
        onClusterSubscriberSelected(cluster, () => undefined),
        true,
        "the subscriber holder can be hooked",
      );
      const node = new Redis({ lazyConnect: true, enableReadyCheck: true });
      setReadyCheck(node, false);
      assert.equal((node.options as { enableReadyCheck?: boolean }).enableReadyCheck, false);
      cluster.disconnect();
      node.disconnect();
    });
  });
}
