/**
 * Copies the data of one local instance into another, redis-server to redis-server (SCAN on every
 * source node, then MIGRATE ... COPY REPLACE in batches to the target node that owns each key's slot;
 * from a clustered source, one slot per batch),
 * as Azure's migration copies database 0 of the cache into the Managed Redis instance. The data never
 * passes through this process, so values stay byte for byte what they were.
 */
import { RespConnection } from "../internal/resp/connection.ts";
import type { BackendAccess, LocalEntraRedis } from "./types.ts";

const SCAN_COUNT = "1000";
const BATCH = 100;
/** MIGRATE's own timeout for one batch (the command fails, nothing hangs). */
const MIGRATE_TIMEOUT_MS = "10000";

async function admin(b: BackendAccess): Promise<RespConnection> {
  return RespConnection.connect({ port: b.port, user: { username: b.username, password: b.password } });
}

/** Keys of one source node (database 0), all of them. */
async function scanKeys(conn: RespConnection): Promise<string[]> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const reply = await conn.call("SCAN", cursor, "COUNT", SCAN_COUNT);
    if (!Array.isArray(reply) || reply.length !== 2 || !Array.isArray(reply[1])) {
      throw new Error("migration copy: unexpected SCAN reply");
    }
    cursor = String(reply[0]);
    for (const k of reply[1]) keys.push(String(k));
  } while (cursor !== "0");
  return keys;
}

/** Which target backend owns each key: one backend, or by cluster slot. */
async function ownerOf(target: LocalEntraRedis, keys: string[]): Promise<number[]> {
  if (target.backends.length === 1) return keys.map(() => 0);
  const conn = await admin(target.backends[0]);
  try {
    const slots = await conn.call("CLUSTER", "SLOTS");
    if (!Array.isArray(slots)) throw new Error("migration copy: unexpected CLUSTER SLOTS reply");
    // Cluster nodes announce their gateway's port: map it back to the backend behind it.
    const byGatewayPort = new Map(target.nodes.map((n, i) => [n.port, i]));
    const ranges = slots.map((row) => {
      if (!Array.isArray(row) || !Array.isArray(row[2])) throw new Error("migration copy: bad slot row");
      const owner = byGatewayPort.get(Number(row[2][1]));
      if (owner === undefined) throw new Error("migration copy: a slot owner is not a target node");
      return { from: Number(row[0]), to: Number(row[1]), owner };
    });
    const slotOf = await Promise.all(keys.map((k) => conn.call("CLUSTER", "KEYSLOT", k)));
    return slotOf.map((s) => {
      const range = ranges.find((r) => Number(s) >= r.from && Number(s) <= r.to);
      if (!range) throw new Error(`migration copy: no target node serves slot ${String(s)}`);
      return range.owner;
    });
  } finally {
    conn.close();
  }
}

/** Copies every key of database 0 from `source` to `target`; returns how many keys were copied. */
export async function copyData(source: LocalEntraRedis, target: LocalEntraRedis): Promise<number> {
  let copied = 0;
  for (const from of source.backends) {
    const conn = await admin(from);
    try {
      const keys = await scanKeys(conn);
      const owners = await ownerOf(target, keys);
      // A clustered source refuses MIGRATE with keys of several slots (CROSSSLOT): one slot per batch.
      const slots =
        source.backends.length > 1
          ? await Promise.all(keys.map((k) => conn.call("CLUSTER", "KEYSLOT", k)))
          : undefined;
      const groups = new Map<string, { owner: number; keys: string[] }>();
      keys.forEach((key, i) => {
        const id = `${owners[i]}/${slots ? String(slots[i]) : ""}`;
        const group = groups.get(id) ?? { owner: owners[i], keys: [] };
        group.keys.push(key);
        groups.set(id, group);
      });
      for (const { owner, keys: mine } of groups.values()) {
        const to = target.backends[owner];
        for (let i = 0; i < mine.length; i += BATCH) {
          const batch = mine.slice(i, i + BATCH);
          const reply = await conn.call(
            "MIGRATE",
            to.host,
            String(to.port),
            "",
            "0",
            MIGRATE_TIMEOUT_MS,
            "COPY",
            "REPLACE",
            "AUTH2",
            to.username,
            to.password,
            "KEYS",
            ...batch,
          );
          // NOKEY: every key of the batch expired or was deleted since the SCAN.
          if (reply !== "OK" && reply !== "NOKEY")
            throw new Error("migration copy: unexpected MIGRATE reply");
          copied += batch.length;
        }
      }
    } finally {
      conn.close();
    }
  }
  return copied;
}
