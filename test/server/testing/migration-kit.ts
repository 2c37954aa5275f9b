/**
 * The migration rehearsal as one scenario, run per client kind (ioredis, ioredis Cluster, node-redis,
 * node-redis cluster) from separate test files: an application writes, reads, publishes and listens
 * through the cache's host name while `migrate()` switches it to the Managed Redis-style target. No
 * command may fail, every message Redis handed to a subscriber must arrive, and the same client
 * objects must end up on the target with the data written before the switch.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { createEntraAuth, type EntraAuth } from "../../../src/client/index.ts";
import { sleep, waitFor as waitForWithin } from "../support/time.ts";
import {
  startLocalMigration,
  type LocalMigration,
  type LocalMigrationOptions,
} from "../../../src/testing/index.ts";

export const MIGRATION_OID = "5b0c9e1f-2222-4c3d-8e4f-6a7b8c9d0e1f";

/** One application client as the scenario uses it. */
export interface MigrationApp {
  set(key: string, value: string): Promise<void>;
  get(key: string): Promise<string | null>;
  /** PUBLISH; resolves to the number of subscribers Redis handed the message to. */
  publish(channel: string, message: string): Promise<number>;
  close(): Promise<void>;
}

export interface MigrationSubscriber {
  close(): Promise<void>;
}

/** How to use one client kind against the cache's host name. */
export interface MigrationKit {
  name: string;
  options: LocalMigrationOptions;
  /**
   * What happens to a request the app had issued and not yet got an answer for when the switch closed
   * its connection (docs/client.md, fault matrix): ioredis resends it after reconnecting; node-redis
   * rejects it and resends nothing it wrote (the app retries). A node-redis cluster from
   * `connectNodeRedisCluster` rediscovers the topology through the host name as soon as a node
   * connection is lost and routes again what it had not handed to a lost node, so it rejects no more
   * than node-redis: the written ones (`Socket closed unexpectedly`, `ECONNRESET`) and the ones
   * node-redis had accepted but not yet written when the connection closed (`Disconnects client`, when
   * the rediscovery drops the old node).
   */
  inFlightAtClose: "resent" | "rejected";
  /** With `rejected`: the errors such a request rejects with. */
  inFlightErrors?: RegExp;
  /** Keys of the scenario (hash tags that reach every shard of a cluster). */
  keys: string[];
  connect(m: LocalMigration, auth: EntraAuth): Promise<MigrationApp>;
  subscribe(
    m: LocalMigration,
    auth: EntraAuth,
    channel: string,
    onMessage: (message: string) => void,
  ): Promise<MigrationSubscriber>;
}

/** The migration steps' waits: 20 s unless a step says otherwise. */
const waitFor = (what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> =>
  waitForWithin(what, check, timeoutMs);

function describeError(err: unknown): string {
  const e = err as Error & { code?: string; errors?: unknown[] };
  const inner = Array.isArray(e.errors) ? ` [${e.errors.map(describeError).join(", ")}]` : "";
  return `${e.name}${e.code ? ` ${e.code}` : ""}: ${e.message}${inner}`;
}

/** Commands and publishes in a loop until stopped; every failure is kept. */
class AppLoad {
  ok = 0;
  readonly failures: string[] = [];
  /** Failed requests per loop: each loop has one request outstanding at a time. */
  readonly failed = { command: 0, publish: 0 };
  /** Messages Redis handed to at least one subscriber. */
  readonly delivered = new Set<string>();
  #running = true;
  readonly #loops: Promise<void>[];

  constructor(app: MigrationApp, keys: string[], channel: string) {
    const commands = async () => {
      for (let i = 0; this.#running; i++) {
        const key = keys[i % keys.length];
        try {
          await app.set(key, String(i));
          assert.equal(await app.get(key), String(i));
          this.ok += 1;
        } catch (err) {
          this.failed.command += 1;
          this.failures.push(`command ${i}: ${describeError(err)}`);
        }
        await sleep(2);
      }
    };
    const publishes = async () => {
      for (let i = 0; this.#running; i++) {
        try {
          if ((await app.publish(channel, String(i))) > 0) this.delivered.add(String(i));
        } catch (err) {
          this.failed.publish += 1;
          this.failures.push(`publish ${i}: ${describeError(err)}`);
        }
        await sleep(5);
      }
    };
    this.#loops = [commands(), publishes()];
  }

  async stop(): Promise<void> {
    this.#running = false;
    await Promise.all(this.#loops);
  }
}

export function defineMigrationScenario(kit: MigrationKit): void {
  describe(`${kit.name} through a local migration`, { timeout: 120_000 }, () => {
    test("keeps working through the switch: no failed command beyond those in flight at the close, no lost message, the data moved", async (t) => {
      const m = await startLocalMigration(kit.options);
      t.after(() => m.stop());
      await m.assign(MIGRATION_OID, "Data Contributor");
      const auth = createEntraAuth({ credential: m.credential(MIGRATION_OID) });
      t.after(() => auth.close());
      const app = await kit.connect(m, auth);
      t.after(() => app.close());
      const channel = `migration:${randomUUID()}`;
      const received = new Set<string>();
      const sub = await kit.subscribe(m, auth, channel, (message) => received.add(message));
      t.after(() => sub.close());
      const written = kit.keys.map((k) => `before:${k}`);
      for (const key of written) await app.set(key, key);

      const load = new AppLoad(app, kit.keys, channel);
      await waitFor("messages before the switch", () => received.size > 5);
      const report = await m.migrate();
      const okAtSwitch = load.ok;
      const receivedAtSwitch = received.size;
      await waitFor("commands on the target", () => load.ok > okAtSwitch + 50);
      await waitFor("messages on the target", () => received.size > receivedAtSwitch + 10);
      await load.stop();
      await sleep(200); // the last delivered messages are on their way

      if (kit.inFlightAtClose === "resent") {
        assert.deepEqual(load.failures, [], "no command failed during the switch");
      } else {
        // At most the request each loop had in flight when the switch closed its connection.
        assert.ok(
          load.failed.command <= 1 && load.failed.publish <= 1,
          `at most the in-flight command and publish failed: ${load.failures.join("; ")}`,
        );
        for (const f of load.failures) {
          assert.match(f, kit.inFlightErrors ?? /Socket closed unexpectedly|ECONNRESET/);
        }
      }
      const lost = [...load.delivered].filter((message) => !received.has(message));
      assert.deepEqual(lost, [], "every message Redis handed to the subscriber arrived");
      assert.equal(m.state, "Succeeded");
      assert.ok(report.connectionsClosed > 0, "the switch closed the application's connections");
      assert.ok(report.keysCopied >= written.length, `copied ${report.keysCopied} keys`);
      for (const key of written) assert.equal(await app.get(key), key, `${key} was copied`);
      assert.ok(m.target.stats().authAccepted > 0, "the application authenticated on the target");
      assert.equal(m.source.stats().connectionsOpen, 0, "nothing talks to the source any more");
    });
  });
}
