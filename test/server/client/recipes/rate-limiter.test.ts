/**
 * Recipe: rate-limiter-flexible's RateLimiterRedis with `storeClient` from this package, on ioredis
 * and on node-redis (`useRedisPackage: true`): every consume() is counted, across 20 rotations.
 */
import assert from "node:assert/strict";
import { RateLimiterRedis, type RateLimiterRes } from "rate-limiter-flexible";
import { acrossRotations, ioredisOn, nodeRedisOn, recipeSuite } from "./recipe-kit.ts";

async function countEveryConsume(
  limiter: RateLimiterRedis,
  rotations: { readonly count: number },
): Promise<{ steps: number; failures: unknown[] }> {
  return acrossRotations(rotations, async (i) => {
    const res: RateLimiterRes = await limiter.consume(`user${i % 3}`, 1);
    assert.equal(res.consumedPoints, Math.floor(i / 3) + 1, "every consume counted once");
  });
}

recipeSuite("rate-limiter-flexible (RateLimiterRedis) recipe", {
  async ioredis({ gw, auth, rotations, later, errors, t }) {
    const redis = await ioredisOn(gw, auth, later, errors);
    const limiter = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: "rl-ioredis",
      points: 1_000_000,
      duration: 600,
    });
    const run = await countEveryConsume(limiter, rotations);
    assert.deepEqual(run.failures, []);
    assert.ok(run.steps > 100, `${run.steps} consumes`);
    t.diagnostic(`${run.steps} consumes`);
  },
  async "node-redis"({ gw, auth, rotations, later, errors, t }) {
    const client = await nodeRedisOn(gw, auth, later, errors);
    const limiter = new RateLimiterRedis({
      storeClient: client,
      useRedisPackage: true,
      keyPrefix: "rl-node-redis",
      points: 1_000_000,
      duration: 600,
    });
    const run = await countEveryConsume(limiter, rotations);
    assert.deepEqual(run.failures, []);
    assert.ok(run.steps > 100, `${run.steps} consumes`);
    t.diagnostic(`${run.steps} consumes`);
  },
});
