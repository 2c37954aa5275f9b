/**
 * BullMQ job throughput with rotating Entra tokens vs a static password, side by side in one run,
 * through the local Entra gateway (same gateway, same TLS path; only the authentication differs):
 *   - rotating: one connection from `connectIoredis` / `connectNodeRedis` (tokens live 4 s, a new one
 *     every ~1.3 s), handed to Queue, Worker and QueueEvents as docs/client.md's recipe does (BullMQ
 *     duplicates it for the worker's blocking connection and for QueueEvents);
 *   - static: the same workload on a plain `new Redis(...)` / `createClient(...)` whose password is
 *     one long-lived token.
 * BullMQ 6 takes both ioredis and node-redis instances; both are measured.
 *
 * Workload: `inFlight` producers, each adds a job, waits until QueueEvents reports it completed and
 * adds the next (a closed loop, so latency doesn't grow with a backlog); a Worker (concurrency 8)
 * returns the job's data. Reported per scenario: jobs completed/s, p50/p99 of add→completed, failed
 * jobs (add errors, `failed` events), error events (connections, Queue, Worker, QueueEvents), lost jobs (added but never seen completed within
 * 15 s after the run), jobs processed more than once, token rotations and connections the gateway
 * closed for an expired token.
 *
 *   node bench/bullmq-throughput.ts [seconds=6] [rounds=3] [inFlight=32] [variants=ioredis,node-redis] [--control]
 *
 * Rounds interleave rotating and static (the order alternates from round to round) so that load
 * from other work on the machine hits both alike; "rot/static" is the median (min-max) of the
 * per-round ratios. `--control` adds a second static arm to each round: its ratio to the first
 * ("control/static") is the noise floor of the run, what two identical arms differ by.
 */
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { Queue, QueueEvents, Worker, type ConnectionOptions } from "bullmq";
import { percentile } from "./client-helpers.ts";
import {
  bounded,
  unhandled,
  closeIoredis,
  within,
  closeNodeRedis,
  identity,
  ioredisFor,
  nodeRedisFor,
  positional,
  printArmsTable,
  finishRun,
  runRounds,
  selectVariants,
  LIFETIME_MS,
  type Gateway,
  type Identity,
  flag,
  type Mode,
} from "./library-helpers.ts";

const seconds = positional(0, 6, "seconds");
const rounds = positional(1, 3, "rounds");
const inFlight = positional(2, 32, "inFlight");
const WARMUP_S = 1;
const DRAIN_MS = 15_000;
/** Blocking reads (drainDelay, QueueEvents blockingTimeout) end well within the token's margin. */
const BLOCK_S = 0.3;

type Connect = (
  gw: Gateway,
  id: Identity,
  onError: (err: unknown) => void,
) => Promise<{ connection: ConnectionOptions; close(): Promise<void> }>;

const variants: Record<string, Connect> = {
  async ioredis(gw, id, onError) {
    const redis = await ioredisFor(gw, id, onError, { maxRetriesPerRequest: null }); // BullMQ requires it
    return { connection: redis, close: () => closeIoredis(redis) };
  },
  async "node-redis"(gw, id, onError) {
    const client = await nodeRedisFor(gw, id, onError);
    return { connection: client as unknown as ConnectionOptions, close: () => closeNodeRedis(client) };
  },
};

interface Sample {
  jobsPerS: number;
  p50: number;
  p99: number;
  added: number;
  failed: number;
  errors: number;
  lost: number;
  duplicates: number;
  rotations: number;
  expiryCloses: number;
  refusedAuths: number;
}

async function scenario(gw: Gateway, connect: Connect, mode: Mode): Promise<Sample> {
  const id = await identity(gw, mode);
  let failed = 0;
  let errors = 0;
  const onError = () => void (errors += 1);
  const unhandledBefore = unhandled.count;
  const { connection, close } = await connect(gw, id, onError);
  const name = `bench-${randomUUID()}`;
  const common = { connection, skipVersionCheck: true }; // Data Contributor may not run INFO
  const queue = new Queue(name, { ...common, defaultJobOptions: { removeOnComplete: true } });
  const events = new QueueEvents(name, { ...common, blockingTimeout: BLOCK_S * 1000 });
  const waiting = new Map<string, () => void>();
  events.on("completed", ({ jobId }) => {
    const done = waiting.get(jobId);
    waiting.delete(jobId);
    done?.();
  });
  events.on("error", onError);
  queue.on("error", onError);
  await events.waitUntilReady();
  const processed = new Map<string, number>();
  const worker = new Worker(
    name,
    async (job) => {
      processed.set(job.id!, (processed.get(job.id!) ?? 0) + 1);
      return job.data as unknown;
    },
    { ...common, concurrency: 8, drainDelay: BLOCK_S },
  );
  worker.on("error", onError);
  worker.on("failed", () => void (failed += 1));
  await worker.waitUntilReady();

  const latencies: number[] = [];
  let measuring = false;
  let completedInWindow = 0;
  let added = 0;
  let seq = 0;
  let stop = false;
  const lost = new Set<string>();
  const producer = async () => {
    while (!stop) {
      const jobId = `j${seq++}`;
      const t0 = performance.now();
      const counted = measuring;
      const completed = new Promise<void>((resolve) => waiting.set(jobId, resolve));
      // An add that never returns (a connection that can't authenticate retries forever with
      // maxRetriesPerRequest: null) counts as failed after DRAIN_MS.
      const outcome = await within(
        queue.add("job", { t0 }, { jobId }).then(
          () => "added",
          () => "refused",
        ),
        DRAIN_MS,
      );
      if (outcome !== "added") {
        failed += 1;
        waiting.delete(jobId);
        continue;
      }
      added += 1;
      if (
        (await within(
          completed.then(() => "done"),
          DRAIN_MS,
        )) !== "done"
      ) {
        lost.add(jobId);
        continue;
      }
      if (counted && measuring) {
        latencies.push(performance.now() - t0);
        completedInWindow += 1;
      }
    }
  };
  const producers = [...Array(inFlight).keys()].map(() => producer());
  await new Promise((r) => setTimeout(r, WARMUP_S * 1000));
  const rotationsBefore = id.rotations;
  measuring = true;
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  measuring = false;
  const elapsed = performance.now() - t0;
  const rotations = id.rotations - rotationsBefore;
  stop = true;
  await Promise.all(producers); // each waits for its last job (at most DRAIN_MS)

  await bounded(() => worker.close());
  await bounded(() => events.close());
  await bounded(() => queue.close());
  await close();
  id.close();
  return {
    jobsPerS: (completedInWindow / elapsed) * 1000,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    added,
    failed,
    errors: errors + unhandled.count - unhandledBefore,
    lost: lost.size,
    duplicates: [...processed.values()].filter((n) => n > 1).length,
    rotations,
    expiryCloses: id.expiryCloses,
    refusedAuths: id.refusedAuths,
  };
}

const selected = selectVariants(variants, 3);
const control = flag("control");
const { results, load } = await runRounds({
  variants: selected,
  rounds,
  control,
  scenario,
  describe: (sample) =>
    `${Math.round(sample.jobsPerS)} jobs/s, p99 ${sample.p99.toFixed(2)} ms, ` +
    `${sample.failed} failed, ${sample.errors} errors, ${sample.lost} lost, ${sample.rotations} rotations`,
});
console.log(
  `BullMQ through the local Entra gateway: ${inFlight} jobs in flight (closed loop), Worker concurrency 8, ` +
    `${seconds} s per scenario after a ${WARMUP_S} s warm-up, ${rounds} interleaved round(s), median (min-max); ` +
    `rotating tokens live ${LIFETIME_MS} ms; ${new Date().toISOString()}`,
);
console.log(load);
printArmsTable<Sample>({
  first: "client",
  rate: { header: "jobs/s", key: "jobsPerS" },
  totals: [
    { header: "jobs added", key: "added" },
    { header: "failed", key: "failed" },
    { header: "errors", key: "errors" },
    { header: "lost", key: "lost" },
    { header: "dup", key: "duplicates" },
    { header: "rotations", key: "rotations" },
    { header: "expiry closes", key: "expiryCloses" },
    { header: "AUTH refused", key: "refusedAuths" },
  ],
  variants: selected.map(([v]) => v),
  control,
  results,
});
console.log(
  "rot/static: per-round ratio rotating over static (jobs/s above 1 and latencies below 1 favour rotation); " +
    "control/static (with --control): a second static arm over the first, the run's noise floor. " +
    "failed (add errors, failed jobs), errors (error events of the connections, Queue, Worker, QueueEvents; unhandled rejections), lost, dup (jobs processed more than once), rotations, expiry closes and AUTH refused: totals over all rounds.",
);
finishRun(
  [...results.values()].flat().some((s) => s.failed > 0 || s.errors > 0 || s.lost > 0 || s.expiryCloses > 0),
  "a job failed or was lost, an error was emitted, or a connection was closed for an expired token",
);
