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
import { createEntraAuth, type EntraAuth } from "../../src/client/index.ts";
import { sleep, waitFor as waitForWithin } from "../support/time.ts";
import {
  startLocalMigration,
  type LocalMigration,
  type LocalMigrationOptions,
} from "../../src/testing/index.ts";

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
   * What happens to a command written before the switch closed its connection and not yet answered
   * (docs/client.md, fault table): ioredis resends it after reconnecting; node-redis rejects it with
   * `Socket closed unexpectedly` and resends nothing it wrote (the app retries); a node-redis cluster
   * also rejects what it routed to a node of the old topology until it rediscovered the new one
   * (`DisconnectsClientError`, the refused connect to an old node).
   */
  inFlightAtClose: "resent" | "rejected" | "rejectedUntilRediscovered";
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
  /** When each failed request was issued (ms since epoch). */
  readonly failedIssuedAt: number[] = [];
  /** When each succeeded command was issued. */
  readonly okIssuedAt: number[] = [];
  /** Messages Redis handed to at least one subscriber. */
  readonly delivered = new Set<string>();
  #running = true;
  readonly #loops: Promise<void>[];

  constructor(app: MigrationApp, keys: string[], channel: string) {
    const commands = async () => {
      for (let i = 0; this.#running; i++) {
        const key = keys[i % keys.length];
        const issued = Date.now();
        try {
          await app.set(key, String(i));
          assert.equal(await app.get(key), String(i));
          this.ok += 1;
          this.okIssuedAt.push(issued);
        } catch (err) {
          this.failedIssuedAt.push(issued);
          this.failures.push(`command ${i}: ${describeError(err)}`);
        }
        await sleep(2);
      }
    };
    const publishes = async () => {
      for (let i = 0; this.#running; i++) {
        const issued = Date.now();
        try {
          if ((await app.publish(channel, String(i))) > 0) this.delivered.add(String(i));
        } catch (err) {
          this.failedIssuedAt.push(issued);
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
    test("keeps working through the switch: no failed command, no lost message, the data moved", async (t) => {
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
      const switchStart = Date.now();
      const report = await m.migrate();
      const okAtSwitch = load.ok;
      const receivedAtSwitch = received.size;
      await waitFor("commands on the target", () => load.ok > okAtSwitch + 50);
      await waitFor("messages on the target", () => received.size > receivedAtSwitch + 10);
      await load.stop();
      await sleep(200); // the last delivered messages are on their way

      if (kit.inFlightAtClose === "resent") {
        assert.deepEqual(load.failures, [], "no command failed during the switch");
      } else if (kit.inFlightAtClose === "rejected") {
        // At most the command and the publish each loop had in flight when its connection closed.
        assert.ok(
          load.failures.length <= 2,
          `at most the 2 in-flight requests failed: ${load.failures.join("; ")}`,
        );
        for (const f of load.failures) assert.match(f, /Socket closed unexpectedly|ECONNRESET/);
      } else {
        // Only requests issued before the first command that succeeded after the switch began failed:
        // the cluster recovered once, by itself, and nothing failed after that.
        const recovered = Math.min(...load.okIssuedAt.filter((t) => t >= switchStart));
        assert.ok(
          load.failedIssuedAt.every((t) => t <= recovered),
          `failures after recovery: ${load.failures.join("; ")}`,
        );
        for (const f of load.failures) {
          assert.match(f, /Socket closed unexpectedly|ECONNRESET|ECONNREFUSED|Disconnects client|Error: $/);
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
