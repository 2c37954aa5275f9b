/**
 * Recipe: BullMQ (Queue, Worker, QueueEvents, FlowProducer) on one connection from this package,
 * across 20 token rotations: every job added is processed once, every completion is seen by
 * QueueEvents, no operation fails, and no connection BullMQ derived is closed for an expired token.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { FlowProducer, Queue, QueueEvents, Worker, type ConnectionOptions } from "bullmq";
import { connectIoredis, connectNodeRedis, type EntraAuth } from "../../../../src/client/index.ts";
import {
  BLOCK_S,
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

type Connect = (gw: Gateway, auth: EntraAuth) => Promise<{ connection: ConnectionOptions; close(): unknown }>;

const variants: Record<string, Connect> = {
  async ioredis(gw, auth) {
    const redis = await connectIoredis(auth, {
      host: gw.host,
      port: gw.port,
      tls: { ca: gw.ca },
      maxRetriesPerRequest: null, // BullMQ requires it
    });
    return { connection: redis, close: () => closeIoredis(redis) };
  },
  async "node-redis"(gw, auth) {
    const client = await connectNodeRedis(auth, { socket: { host: gw.host, port: gw.port, ca: gw.ca } });
    return { connection: client, close: () => closeNodeRedis(client) };
  },
};

describe("BullMQ recipe", { timeout: 180_000, concurrency: true }, () => {
  const capture = new Capture();
  test.before(() => capture.hookConsole());
  test.after(() => capture.restore());

  for (const [name, connect] of Object.entries(variants)) {
    test(`${name}: every job processed and every completion seen across ${ROTATIONS} rotations`, async (t) => {
      const later = cleanups(t);
      const recipe = await recipeGateway(later);
      const { gw } = recipe;
      const { auth, rotations, gateway } = await recipeIdentity(recipe, capture);
      later(() => auth.close());
      const { connection, close } = await connect(gw, auth);
      later(close);
      const queueName = `jobs-${name}`;
      // Data Contributor may not run INFO (a @dangerous command): skip BullMQ's version check.
      const common = { connection, skipVersionCheck: true };
      const queue = new Queue(queueName, common);
      later(() => queue.close());
      const flows = new FlowProducer(common);
      later(() => flows.close());
      const events = new QueueEvents(queueName, { ...common, blockingTimeout: BLOCK_S * 1000 });
      later(() => events.close());
      const errors: unknown[] = [];
      const processed = new Map<string, number>();
      const completed = new Set<string>();
      const failed: unknown[] = [];
      events.on("completed", ({ jobId }) => completed.add(jobId));
      events.on("error", (err) => errors.push(err));
      await events.waitUntilReady();
      const worker = new Worker(
        queueName,
        async (job) => {
          processed.set(job.id ?? "?", (processed.get(job.id ?? "?") ?? 0) + 1);
          return job.data as unknown;
        },
        { ...common, drainDelay: BLOCK_S, concurrency: 4 },
      );
      later(() => worker.close());
      worker.on("error", (err) => errors.push(err));
      worker.on("failed", (_job, err) => failed.push(err));
      queue.on("error", (err) => errors.push(err));
      flows.on("error", (err) => errors.push(err));
      await worker.waitUntilReady();

      const added: string[] = [];
      const run = await acrossRotations(rotations, async (i) => {
        if (i % 5 === 4) {
          const flow = await flows.add({
            name: "parent",
            queueName,
            data: { i },
            opts: { jobId: `f${i}` },
            children: [
              { name: "child", queueName, data: { i, c: 1 }, opts: { jobId: `f${i}c1` } },
              { name: "child", queueName, data: { i, c: 2 }, opts: { jobId: `f${i}c2` } },
            ],
          });
          added.push(flow.job.id ?? "?", `f${i}c1`, `f${i}c2`);
        } else {
          const job = await queue.add("job", { i }, { jobId: `j${i}` });
          added.push(job.id ?? "?");
        }
      });
      await until(
        "every job completed and its event seen",
        () => added.every((id) => processed.has(id) && completed.has(id)),
        20_000,
      );
      assertAuthenticatedThroughout(gateway, t);
      assert.deepEqual(run.failures, [], "no add failed");
      assert.deepEqual(errors, [], "no error event from Queue, Worker, QueueEvents or FlowProducer");
      assert.deepEqual(failed, [], "no job failed");
      assert.ok(added.length > 100, `jobs added: ${added.length}`);
      assert.deepEqual(
        added.filter((id) => processed.get(id) !== 1),
        [],
        "every job processed exactly once",
      );
      assert.ok(rotations.count >= ROTATIONS);
    });
  }

  test.after(() => assertQuiet(capture));
});
