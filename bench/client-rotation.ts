/**
 * Throughput and latency under token rotation, in one run, through the local Entra gateway:
 *   - ioredis and node-redis with our runtime, tokens rotating every ~2 s (3 s lifetime);
 *   - the same clients with a static password (a token that outlives the run);
 *   - node-redis with @redis/entraid (the node-redis team's package) on the same rotating tokens;
 * plus the cold import time of azure-redis-entra/client. Not a test: numbers only.
 * Run: `node bench/client-rotation.ts [seconds-per-scenario] [concurrency] [rounds]`.
 */
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { startLocalEntraRedis } from "../src/testing/index.ts";
import { connectIoredis, createEntraAuth, connectNodeRedis, type EntraAuth } from "../src/client/index.ts";
import { measureImports } from "./client-import.ts";
import { percentile } from "./client-helpers.ts";

const seconds = Number(process.argv[2] ?? 8);
const concurrency = Number(process.argv[3] ?? 32);
const rounds = Number(process.argv[4] ?? 3);
const OID = "0b5f0a3e-2222-4c3d-8e9f-000000000001";
const ROTATING_MS = 3000;

interface Op {
  (i: number): Promise<unknown>;
}

interface Result {
  scenario: string;
  "ops/s": number;
  "p50 ms": number;
  "p99 ms": number;
  "max ms": number;
  errors: number;
  rotations: number;
  "closed for expiry": number;
}

async function drive(
  op: Op,
  runSeconds = seconds,
): Promise<{ latencies: number[]; errors: number; elapsedMs: number }> {
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + runSeconds * 1000;
  const t0 = performance.now();
  await Promise.all(
    [...Array(concurrency).keys()].map(async (w) => {
      for (let i = w; performance.now() < end; i += concurrency) {
        const s = performance.now();
        try {
          await op(i);
          latencies.push(performance.now() - s);
        } catch {
          errors += 1;
        }
      }
    }),
  );
  return { latencies, errors, elapsedMs: performance.now() - t0 };
}

async function main(): Promise<void> {
  const gw = await startLocalEntraRedis({ tokenLifetimeMs: ROTATING_MS });
  await gw.assign(OID, "Data Owner");
  const results: Result[] = [];
  const key = `bench:${randomUUID()}`;

  type Runner = (
    auth: EntraAuth | undefined,
    credential: ReturnType<typeof gw.credential>,
  ) => Promise<{ op: Op; close(): Promise<void> }>;
  const samples = new Map<string, Result[]>();

  async function scenario(name: string, rotating: boolean, run: Runner) {
    const credential = gw.credential(OID, { lifetimeMs: rotating ? ROTATING_MS : 3_600_000 });
    const auth = createEntraAuth({
      credential,
      refreshMarginMs: 1000,
      refreshJitterMs: 300,
      reauthSpreadMs: 250,
      logger: { warn: () => undefined },
    });
    let rotations = 0;
    auth.on("token", (e) => {
      if (e.rotation) rotations += 1;
    });
    const target = await run(auth, credential);
    await drive(target.op, 1); // warm-up
    const before = gw.stats().closedForExpiry;
    const issuedBefore = credential.tokensIssued;
    const rotationsBefore = rotations;
    const { latencies, errors, elapsedMs } = await drive(target.op);
    await target.close();
    auth.close();
    const list = samples.get(name) ?? [];
    list.push({
      scenario: name,
      "ops/s": Math.round((latencies.length / elapsedMs) * 1000),
      "p50 ms": Number(percentile(latencies, 50).toFixed(2)),
      "p99 ms": Number(percentile(latencies, 99).toFixed(2)),
      "max ms": Number(percentile(latencies, 100).toFixed(1)),
      errors,
      rotations: name.includes("@redis/entraid")
        ? credential.tokensIssued - issuedBefore
        : rotations - rotationsBefore,
      "closed for expiry": gw.stats().closedForExpiry - before,
    });
    samples.set(name, list);
  }

  const ioredisRun = async (auth: EntraAuth | undefined) => {
    const redis = await connectIoredis(auth!, { host: gw.host, port: gw.port, tls: { ca: gw.ca } });
    redis.on("error", () => undefined);
    return {
      op: (i: number) => (i % 2 ? redis.get(key) : redis.set(key, String(i))),
      close: async () => void (await redis.quit()),
    };
  };
  const nodeRedisRun = async (auth: EntraAuth | undefined) => {
    const client = await connectNodeRedis(auth!, {
      socket: { host: gw.host, port: gw.port, tls: true, ca: gw.ca },
    });
    client.on("error", () => undefined);
    return {
      op: (i: number) => (i % 2 ? client.get(key) : client.set(key, String(i))),
      close: async () => void (await client.close()),
    };
  };
  const entraidRun = async (_auth: EntraAuth | undefined, credential: ReturnType<typeof gw.credential>) => {
    const { EntraIdCredentialsProviderFactory } = await import("@redis/entraid");
    const { createClient } = await import("redis");
    const provider = EntraIdCredentialsProviderFactory.createForDefaultAzureCredential({
      credential: credential,
      scopes: ["https://redis.azure.com/.default"],
      tokenManagerConfig: { expirationRefreshRatio: 0.6 },
    });
    const client = createClient({
      socket: { host: gw.host, port: gw.port, tls: true, ca: gw.ca },
      credentialsProvider: provider,
      RESP: 3,
    });
    client.on("error", () => undefined);
    await client.connect();
    return {
      op: (i: number) => (i % 2 ? client.get(key) : client.set(key, String(i))),
      close: async () => void (await client.close()),
    };
  };

  const plan: [string, boolean, Runner][] = [
    ["ioredis, static password", false, ioredisRun],
    ["ioredis, rotating (azure-redis-entra)", true, ioredisRun],
    ["node-redis, static password", false, nodeRedisRun],
    ["node-redis, rotating (azure-redis-entra)", true, nodeRedisRun],
    ["node-redis, rotating (@redis/entraid)", true, entraidRun],
  ];
  // Interleaved rounds, so that background noise on a shared machine hits every scenario alike.
  for (let round = 0; round < rounds; round++) {
    for (const [name, rotating, run] of plan) await scenario(name, rotating, run);
  }
  for (const [name] of plan) {
    const list = samples.get(name)!;
    const med = (k: "ops/s" | "p50 ms" | "p99 ms") =>
      percentile(
        list.map((r) => r[k]),
        50,
      );
    results.push({
      scenario: name,
      "ops/s": med("ops/s"),
      "p50 ms": med("p50 ms"),
      "p99 ms": med("p99 ms"),
      "max ms": Math.max(...list.map((r) => r["max ms"])),
      errors: list.reduce((a, r) => a + r.errors, 0),
      rotations: list.reduce((a, r) => a + r.rotations, 0),
      "closed for expiry": list.reduce((a, r) => a + r["closed for expiry"], 0),
    });
  }
  await gw.stop();

  console.log(
    `Through the local Entra gateway: ${concurrency} commands in flight, GET/SET alternating, ${seconds} s per scenario after a 1 s warm-up, ` +
      `${rounds} interleaved rounds (medians of ops/s and latencies; max, errors, rotations and expiry closes over all rounds); rotating tokens live ${ROTATING_MS} ms.`,
  );
  console.table(results);
  console.log("Cold import (median of 7 fresh processes):");
  console.table(measureImports(7));
}

await main();
