/**
 * Forms a real Redis Cluster out of freshly started nodes: slots split evenly (CLUSTER ADDSLOTSRANGE),
 * CLUSTER MEET from the first node, then waits until every node reports `cluster_state:ok` and knows
 * every other node. Nodes announce their gateway's port, so CLUSTER SLOTS / NODES / MOVED point at
 * the gateways.
 */
import { RespConnection } from "../internal/resp/connection.ts";
import type { RespReply } from "../internal/resp/decode.ts";

/** Admin access to one node. */
export interface ClusterNodeAccess {
  port: number;
  busPort: number;
  admin: { username: string; password: string };
}

const SLOTS = 16384;

/** Slot ranges [start, end] for `shards` primaries. */
export function slotRanges(shards: number): [number, number][] {
  const ranges: [number, number][] = [];
  for (let i = 0; i < shards; i++) {
    const start = Math.floor((i * SLOTS) / shards);
    const end = Math.floor(((i + 1) * SLOTS) / shards) - 1;
    ranges.push([start, end]);
  }
  return ranges;
}

async function withAdmin<T>(node: ClusterNodeAccess, fn: (a: RespConnection) => Promise<T>): Promise<T> {
  const admin = await RespConnection.connect({ port: node.port, user: node.admin });
  try {
    return await fn(admin);
  } finally {
    admin.close();
  }
}

/** Assigns slots and introduces the nodes to each other. */
export async function formCluster(nodes: ClusterNodeAccess[]): Promise<void> {
  const ranges = slotRanges(nodes.length);
  await Promise.all(
    nodes.map((node, i) =>
      withAdmin(node, (a) => a.call("CLUSTER", "ADDSLOTSRANGE", String(ranges[i][0]), String(ranges[i][1]))),
    ),
  );
  const first = nodes[0];
  await withAdmin(first, async (a) => {
    for (const other of nodes.slice(1)) {
      await a.call("CLUSTER", "MEET", "127.0.0.1", String(other.port), String(other.busPort));
    }
  });
  await waitForClusterOk(nodes);
}

/** Waits until every node says `cluster_state:ok` and lists all nodes as connected. */
export async function waitForClusterOk(nodes: ClusterNodeAccess[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    let ready = true;
    for (const node of nodes) {
      try {
        const [info, list] = await withAdmin(
          node,
          async (a) => [await a.call("CLUSTER", "INFO"), await a.call("CLUSTER", "NODES")] as RespReply[],
        );
        const infoText = String(info);
        const lines = String(list).trim().split("\n").filter(Boolean);
        const healthy = lines.filter((l) => / connected/.test(l) && !/handshake|fail|noaddr/.test(l));
        if (!infoText.includes("cluster_state:ok") || healthy.length !== nodes.length) {
          ready = false;
          last = `node ${node.port}: ${/cluster_state:\w+/.exec(infoText)?.[0] ?? "?"}, ${healthy.length}/${nodes.length} nodes connected`;
          break;
        }
      } catch (err) {
        ready = false;
        last = `node ${node.port}: ${err instanceof Error ? err.message : String(err)}`;
        break;
      }
    }
    if (ready) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Redis Cluster did not reach cluster_state:ok within ${timeoutMs} ms (${last})`);
}
