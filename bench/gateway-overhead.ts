/**
 * Gateway overhead: redis-benchmark (a client nobody here wrote) through the local Entra gateway vs
 * directly against the same redis-server's own TLS port (the fair comparison: Azure terminates TLS
 * too), optionally its plain port. The gateway does TLS, checks the token at AUTH, parses requests
 * and matches replies in Node.js.
 *
 *   node bench/gateway-overhead.ts [--requests 20000] [--clients 50] [--rounds 5] [--tests set,get] [--plain]
 *
 * Rounds interleave the targets (the order alternates from round to round) so that load from other
 * work on the machine hits both alike; each cell reports the median over rounds and the spread
 * (min-max), and "gw/TLS" is the median of the per-round ratios. The gateway authenticates each
 * benchmark connection with a token from a long-lived credential (`--user <objectId> -a <token>`);
 * direct runs use an ACL user with a password.
 */
import { execFile } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { promisify } from "node:util";
import { startLocalEntraRedis } from "../src/testing/index.ts";
import { REDIS_TOKEN_SCOPE } from "../src/internal/token-scope.ts";
import { spread } from "./client-helpers.ts";

const run = promisify(execFile);

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`);
  return v;
}

const requests = arg("requests", 20_000);
const clients = arg("clients", 50);
const rounds = arg("rounds", 5);
const testsIndex = process.argv.indexOf("--tests");
const tests = testsIndex >= 0 ? process.argv[testsIndex + 1] : "set,get";
const withPlain = process.argv.includes("--plain");
const OBJECT_ID = "b3c1e0f2-0000-4000-8000-00000000be4c";

interface Row {
  test: string;
  rps: number;
  p50: number;
  p99: number;
}

/** Runs redis-benchmark and parses its CSV output (Redis 7: test, rps, avg, min, p50, p95, p99, max). */
async function benchmark(target: string[], pipeline: number): Promise<Row[]> {
  const args = [
    ...target,
    "-n",
    String(requests),
    "-c",
    String(clients),
    "-P",
    String(pipeline),
    "-t",
    tests,
    "--csv",
  ];
  const { stdout } = await run("redis-benchmark", args, { maxBuffer: 1 << 20 });
  const rows: Row[] = [];
  for (const line of stdout.trim().split("\n").slice(1)) {
    const cells = line.split(",").map((c) => c.replace(/"/g, ""));
    rows.push({ test: cells[0], rps: Number(cells[1]), p50: Number(cells[4]), p99: Number(cells[6]) });
  }
  if (rows.length === 0)
    throw new Error(
      `redis-benchmark printed no results for ${target.filter((a) => !a.startsWith("eyJ")).join(" ")}`,
    );
  return rows;
}

const gw = await startLocalEntraRedis({ backendTls: true });
try {
  await gw.assign(OBJECT_ID, "Data Owner");
  const credential = gw.credential(OBJECT_ID, { lifetimeMs: 24 * 60 * 60 * 1000 });
  const token = (await credential.getToken(REDIS_TOKEN_SCOPE))!.token;
  const b = gw.backend;
  const auth = (user: string, pass: string) => ["--user", user, "-a", pass];
  const tlsTo = (port: number) => ["-h", "127.0.0.1", "-p", String(port), "--tls", "--cacert", gw.caPath];
  const targets: [string, string[]][] = [
    ["TLS", [...tlsTo(b.tlsPort!), ...auth(b.username, b.password)]],
    ["gateway", [...tlsTo(gw.port), ...auth(OBJECT_ID, token)]],
  ];
  if (withPlain)
    targets.push(["plain", ["-h", "127.0.0.1", "-p", String(b.port), ...auth(b.username, b.password)]]);
  const load = [loadavg()[0]];
  /** key: target|pipeline|test -> one row per round */
  const results = new Map<string, Row[]>();
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? targets : [...targets].reverse();
    for (const pipeline of [1, 16]) {
      for (const [name, target] of order) {
        for (const row of await benchmark(target, pipeline)) {
          const key = `${name}|${pipeline}|${row.test}`;
          results.set(key, [...(results.get(key) ?? []), row]);
        }
      }
    }
    load.push(loadavg()[0]);
  }
  const s = gw.stats();
  console.log(
    `redis-benchmark -n ${requests} -c ${clients} -t ${tests}, ${rounds} interleaved round(s), median (min-max); ${new Date().toISOString()}`,
  );
  console.log(
    `load average (1 min) during the run: ${Math.min(...load).toFixed(1)}-${Math.max(...load).toFixed(1)} on ${cpus().length} CPUs`,
  );
  console.log(
    `gateway: ${s.connectionsOpened} connections, ${s.authAccepted} AUTHs accepted, ${s.authRefused} refused, ${s.commandsForwarded} commands forwarded`,
  );
  const header = [
    "test",
    "-P",
    "TLS rps",
    "gateway rps",
    "gw/TLS",
    "p50 TLS ms",
    "p50 gw ms",
    "p50 gw-TLS ms",
  ];
  if (withPlain) header.push("plain rps");
  const lines: string[][] = [header];
  const testNames = [...new Set([...results.keys()].map((k) => k.split("|")[2]))];
  for (const pipeline of [1, 16]) {
    for (const test of testNames) {
      const tls = results.get(`TLS|${pipeline}|${test}`);
      const via = results.get(`gateway|${pipeline}|${test}`);
      if (!tls || !via) continue;
      const ratios = via.map((r, i) => r.rps / tls[i].rps);
      const p50Gap = via.map((r, i) => r.p50 - tls[i].p50);
      const line = [
        test,
        String(pipeline),
        spread(
          tls.map((r) => r.rps),
          0,
        ),
        spread(
          via.map((r) => r.rps),
          0,
        ),
        spread(ratios, 2),
        spread(
          tls.map((r) => r.p50),
          2,
        ),
        spread(
          via.map((r) => r.p50),
          2,
        ),
        spread(p50Gap, 2),
      ];
      const plain = results.get(`plain|${pipeline}|${test}`);
      if (plain)
        line.push(
          spread(
            plain.map((r) => r.rps),
            0,
          ),
        );
      lines.push(line);
    }
  }
  const widths = header.map((_, i) => Math.max(...lines.map((l) => l[i].length)));
  for (const l of lines)
    console.log(l.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  "));
  console.log(
    "gw/TLS: gateway requests/s over redis-server's own TLS port, per round; p50 gw-TLS: the gateway's extra median latency, per round.",
  );
} finally {
  await gw.stop();
}
