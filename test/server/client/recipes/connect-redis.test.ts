/**
 * Recipe: connect-redis as the express-session store (node-redis: connect-redis 8+ speaks node-redis
 * only). Three browsers keep incrementing a counter in their session across 20 rotations: every
 * request succeeds and every session reads back what the previous request wrote.
 */
import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import express from "express";
import session from "express-session";
import { RedisStore } from "connect-redis";
import { acrossRotations, nodeRedisOn, recipeSuite } from "./recipe-kit.ts";

declare module "express-session" {
  interface SessionData {
    n?: number;
  }
}

recipeSuite("connect-redis (express-session) recipe", {
  async "node-redis"({ gw, auth, rotations, later, errors, t }) {
    const client = await nodeRedisOn(gw, auth, later, errors);
    const app = express();
    app.use(
      session({
        store: new RedisStore({ client, prefix: "sess:" }),
        secret: "a test secret, not a credential",
        resave: false,
        saveUninitialized: false,
      }),
    );
    app.get("/inc", (req, res) => {
      req.session.n = (req.session.n ?? 0) + 1;
      res.json({ n: req.session.n });
    });
    const server = app.listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    later(() => new Promise((r) => server.close(r)));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/inc`;

    const cookies: (string | undefined)[] = [undefined, undefined, undefined];
    const counts = [0, 0, 0];
    const run = await acrossRotations(rotations, async (i) => {
      const who = i % cookies.length;
      const res = await fetch(url, { headers: cookies[who] ? { cookie: cookies[who] } : {} });
      assert.equal(res.status, 200);
      cookies[who] ??= res.headers.get("set-cookie")?.split(";")[0];
      const { n } = (await res.json()) as { n: number };
      counts[who] += 1;
      assert.equal(n, counts[who], "the session read back what the last request wrote");
    });
    assert.deepEqual(run.failures, []);
    assert.ok(run.steps > 100, `${run.steps} requests`);
    t.diagnostic(`${run.steps} requests, sessions at ${counts.join(", ")}`);
  },
});
