/**
 * The flags keyspaceNotifications sends, against a real redis-server (ACLs on, loopback): Redis takes
 * every combination of classes and channels (a property test: CONFIG SET accepts it and CONFIG GET
 * reads back the same classes), and the events arrive where the argument says.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { Redis } from "ioredis";
import { findRedisServer } from "../../../../src/internal/redis-server.ts";
import { freePort, RedisServerProcess } from "../../../../src/testing/redis-process.ts";
import {
  KeyspaceChannel,
  KeyspaceEvent,
  keyspaceFlags,
  type KeyspaceNotificationsArgs,
} from "../../../../src/infra/parts/keyspace-notifications.ts";

const admin = { username: "admin", password: randomBytes(16).toString("hex") };
let server: RedisServerProcess;
let dir: string;
let port: number;
const clients: Redis[] = [];
const connect = () => {
  const c = new Redis({ port, host: "127.0.0.1", ...admin, lazyConnect: false, maxRetriesPerRequest: 1 });
  clients.push(c);
  return c;
};

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "keyspace-"));
  port = await freePort();
  server = new RedisServerProcess({ binary: findRedisServer(), dir, name: "keyspace", port, admin });
  await server.start();
});
after(async () => {
  await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The next message a subscriber gets, as [channel, message]; fails after `ms`. */
function nextMessage(sub: Redis, ms: number): Promise<[string, string]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no message within ${ms} ms`)), ms);
    sub.once("message", (channel: string, message: string) => {
      clearTimeout(timer);
      resolve([channel, message]);
    });
  });
}

/** The classes and channels a flag string turns on (Redis's `A` expanded to Redis 6's classes). */
function flagSet(flags: string): Set<string> {
  return new Set([...flags.replace("A", "g$lshzxet")].filter((f) => f !== "d"));
}

describe("keyspaceNotifications' flags on redis-server", () => {
  test("every combination of classes and channels is taken and read back as sent", async () => {
    const redis = connect();
    const events = fc.uniqueArray(fc.constantFrom(...Object.values(KeyspaceEvent)), { minLength: 1 });
    const channels = fc.uniqueArray(fc.constantFrom(...Object.values(KeyspaceChannel)), { minLength: 1 });
    await fc.assert(
      fc.asyncProperty(events, channels, async (e, c) => {
        const flags = keyspaceFlags(e, c);
        assert.equal(await redis.config("SET", "notify-keyspace-events", flags), "OK");
        const [, back] = (await redis.config("GET", "notify-keyspace-events")) as [string, string];
        assert.deepEqual(flagSet(back), flagSet(flags), `sent ${flags}, read back ${back}`);
      }),
      { numRuns: 60, seed: 1207 },
    );
  });

  const cases: [
    string,
    KeyspaceNotificationsArgs,
    string,
    (r: Redis, key: string) => Promise<unknown>,
    string,
  ][] = [
    [
      "an expiry, on the event's channel",
      { events: ["expired"] },
      "__keyevent@0__:expired",
      (r, k) => r.set(k, "v", "PX", 20),
      "key",
    ],
    [
      "a hash write, on the key's channel",
      { events: ["hash"], channels: ["keyspace"] },
      "__keyspace@0__:KEY",
      (r, k) => r.hset(k, "f", "v"),
      "hset",
    ],
    [
      "a miss, with 'all' beside it",
      { events: ["all", "keyMiss"] },
      "__keyevent@0__:keymiss",
      (r, k) => r.get(k),
      "key",
    ],
    [
      "a list push under 'all'",
      { events: ["all"] },
      "__keyevent@0__:lpush",
      (r, k) => r.lpush(k, "v"),
      "key",
    ],
  ];
  for (const [what, args, channelOf, act, expected] of cases) {
    test(`the event arrives: ${what}`, async () => {
      const redis = connect();
      const sub = connect();
      const key = `ks:${randomBytes(4).toString("hex")}`;
      await redis.config(
        "SET",
        "notify-keyspace-events",
        keyspaceFlags(args.events, args.channels ?? ["keyevent"]),
      );
      const channel = channelOf.replace("KEY", key);
      await sub.subscribe(channel);
      const message = nextMessage(sub, 5_000);
      await act(redis, key);
      const [got, body] = await message;
      assert.equal(got, channel);
      assert.equal(body, expected === "key" ? key : expected);
    });
  }
});
