/**
 * Gateway overhead: redis-benchmark (a client nobody here wrote) through the local Entra gateway vs
 * directly against the same redis-server, in the same run: plain TCP, the backend's own TLS port
 * (the fair comparison: Azure terminates TLS too), and the gateway (TLS + token check at AUTH +
 * RESP parsing and reply matching in Node.js). PING, SET, GET, without and with pipelining (-P 16).
 *
 *   node bench/gateway-overhead.ts [--requests 100000] [--clients 50] [--rounds 1]
 *
 * The gateway authenticates each benchmark connection with a token minted by a long-lived
 * credential (`--user <objectId> -a <token>`); direct runs use an ACL user with a password.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { startLocalEntraRedis } from "../src/testing/index.ts";
import { REDIS_TOKEN_SCOPE } from "../src/internal/token-scope.ts";

const run = promisify(execFile);

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`);
  return v;
}

const requests = arg("requests", 100_000);
const clients = arg("clients", 50);
const rounds = arg("rounds", 1);
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
    "ping,set,get",
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

function medianRow(rows: Row[]): Row {
  const pick = (k: "rps" | "p50" | "p99") => {
    const s = rows.map((r) => r[k]).sort((a, b) => a - b);
    return s[Math.floor(s.length / 2)];
  };
  return { test: rows[0].test, rps: pick("rps"), p50: pick("p50"), p99: pick("p99") };
}

const gw = await startLocalEntraRedis({ backendTls: true });
try {
  await gw.assign(OBJECT_ID, "Data Owner");
  const credential = gw.credential(OBJECT_ID, { lifetimeMs: 24 * 60 * 60 * 1000 });
  const token = (await credential.getToken(REDIS_TOKEN_SCOPE))!.token;
  const b = gw.backend;
  const auth = (user: string, pass: string) => ["--user", user, "-a", pass];
  const targets: [string, string[]][] = [
    ["direct plain", ["-h", "127.0.0.1", "-p", String(b.port), ...auth(b.username, b.password)]],
    [
      "direct TLS",
      [
        "-h",
        "127.0.0.1",
        "-p",
        String(b.tlsPort),
        "--tls",
        "--cacert",
        gw.caPath,
        ...auth(b.username, b.password),
      ],
    ],
    [
      "gateway",
      ["-h", "127.0.0.1", "-p", String(gw.port), "--tls", "--cacert", gw.caPath, ...auth(OBJECT_ID, token)],
    ],
  ];
  const results = new Map<string, Row[]>(); // key: target|pipeline|test
  for (let round = 0; round < rounds; round++) {
    for (const pipeline of [1, 16]) {
      for (const [name, target] of targets) {
        for (const row of await benchmark(target, pipeline)) {
          const key = `${name}|${pipeline}|${row.test}`;
          results.set(key, [...(results.get(key) ?? []), row]);
        }
      }
    }
  }
  const s = gw.stats();
  console.log(
    `redis-benchmark -n ${requests} -c ${clients} -t ping,set,get, ${rounds} round(s); median per cell; ${new Date().toISOString()}`,
  );
  console.log(
    `gateway: ${s.connectionsOpened} connections, ${s.authAccepted} AUTHs accepted, ${s.authRefused} refused, ${s.commandsForwarded} commands forwarded`,
  );
  const header = [
    "test",
    "-P",
    "plain rps",
    "TLS rps",
    "gateway rps",
    "vs TLS",
    "vs plain",
    "p50 TLS/gw ms",
    "p99 TLS/gw ms",
  ];
  const lines: string[][] = [header];
  for (const pipeline of [1, 16]) {
    for (const test of ["PING_INLINE", "PING_MBULK", "SET", "GET"]) {
      const get = (name: string) => {
        const rows = results.get(`${name}|${pipeline}|${test}`);
        return rows ? medianRow(rows) : undefined;
      };
      const plain = get("direct plain");
      const tls = get("direct TLS");
      const via = get("gateway");
      if (!plain || !tls || !via) continue;
      const pct = (a: number, ref: number) => `${(((a - ref) / ref) * 100).toFixed(0)}%`;
      lines.push([
        test,
        String(pipeline),
        plain.rps.toFixed(0),
        tls.rps.toFixed(0),
        via.rps.toFixed(0),
        pct(via.rps, tls.rps),
        pct(via.rps, plain.rps),
        `${tls.p50.toFixed(3)}/${via.p50.toFixed(3)}`,
        `${tls.p99.toFixed(3)}/${via.p99.toFixed(3)}`,
      ]);
    }
  }
  const widths = header.map((_, i) => Math.max(...lines.map((l) => l[i].length)));
  for (const l of lines)
    console.log(l.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  "));
  console.log(
    "vs TLS / vs plain: gateway requests/s relative to redis-server's own TLS port / plain port (negative = slower).",
  );
} finally {
  await gw.stop();
}
