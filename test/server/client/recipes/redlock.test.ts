/**
 * Recipe: Redlock over a list of three ioredis clients from this package (Redlock 4 speaks ioredis's
 * callback API; node-redis 4+ is not supported by it): locks acquired, work done under them, and
 * released, across 20 rotations.
 */
import assert from "node:assert/strict";
import Redlock from "redlock";
import { acrossRotations, ioredisOn, recipeSuite } from "./recipe-kit.ts";

recipeSuite("Redlock recipe", {
  async ioredis({ gw, auth, rotations, later, errors, t }) {
    // Redlock wants independent Redis instances (a lock needs a majority of them): three databases of
    // one server stand in for them here.
    const clients = await Promise.all([0, 1, 2].map((db) => ioredisOn(gw, auth, later, errors, { db })));
    const redlock = new Redlock(clients, { retryCount: 20, retryDelay: 20, retryJitter: 10 });
    redlock.on("clientError", (err: unknown) => errors.push(err));
    let acquired = 0;
    let released = 0;
    const run = await acrossRotations(rotations, async (i) => {
      const lock = await redlock.lock(`locks:r${i % 3}`, 2000);
      acquired += 1;
      await clients[0].incr(`locked-work:r${i % 3}`);
      await lock.unlock();
      released += 1;
    });
    assert.deepEqual(errors, [], "no client error");
    assert.deepEqual(run.failures, []);
    assert.ok(acquired > 50, `${acquired} locks`);
    assert.equal(released, acquired, "every lock released");
    const work = await Promise.all([0, 1, 2].map((r) => clients[0].get(`locked-work:r${r}`)));
    assert.equal(
      work.reduce((sum, n) => sum + Number(n), 0),
      acquired,
      "every piece of work done under a lock",
    );
    t.diagnostic(`${acquired} locks acquired and released`);
  },
});
