/**
 * Recipe: Keyv with `@keyv/redis` on a node-redis client from this package (@keyv/redis 4+ speaks
 * node-redis only): values written and read back, with and without TTL, across 20 rotations.
 */
import assert from "node:assert/strict";
import Keyv from "keyv";
import KeyvRedis from "@keyv/redis";
import { acrossRotations, nodeRedisOn, recipeSuite } from "./recipe-kit.ts";

recipeSuite("Keyv (@keyv/redis) recipe", {
  async "node-redis"({ gw, auth, rotations, later, errors, t }) {
    const client = await nodeRedisOn(gw, auth, later, errors);
    const keyv = new Keyv({ store: new KeyvRedis(client as never), namespace: "cache" });
    keyv.on("error", (err: unknown) => errors.push(err));
    const run = await acrossRotations(rotations, async (i) => {
      await keyv.set(`k${i % 50}`, { i }, i % 2 ? 60_000 : undefined);
      assert.deepEqual(await keyv.get(`k${i % 50}`), { i });
    });
    assert.deepEqual(run.failures, []);
    assert.ok(run.steps > 100, `${run.steps} writes and reads`);
    t.diagnostic(`${run.steps} writes and reads`);
  },
});
