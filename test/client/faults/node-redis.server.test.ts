/**
 * Fault matrix, node-redis (`connectNodeRedis`, RESP3) against the local Entra gateway with 2.5 s
 * tokens: outages that queue re-AUTHs, a credential hang past expiry, the front end down and back,
 * and a blocking command across expiry.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { connectNodeRedis, type EntraAuth } from "../../../src/client/index.ts";
import {
  Capture,
  LIFETIME_MS,
  OBJECT_ID,
  closeWithin,
  nextEvent,
  startGateway,
  type ClientKit,
  type Gateway,
} from "../integration.ts";
import { authOn, cleanupsFor, eventsOf, isExpiredError, recovers, settleWithin, sleep } from "./kit.ts";

const KIT = { name: "node-redis faults", gateway: {}, connectionsPerClient: 1 } as ClientKit;

type Client = Awaited<ReturnType<typeof connectNodeRedis>>;

describe("fault matrix: node-redis", { timeout: 180_000 }, () => {
  let gw: Gateway;
  const capture = new Capture();
  before(async () => {
    gw = await startGateway(KIT);
  });
  after(async () => {
    await gw?.stop();
  });

  async function connect(auth: EntraAuth, cleanup: (fn: () => unknown) => void): Promise<Client> {
    const client = await connectNodeRedis(auth, {
      socket: { host: gw.host, port: gw.port, tls: true, ca: gw.ca, reconnectStrategy: () => 100 },
    });
    client.on("error", () => undefined);
    cleanup(async () => {
      await closeWithin(() => client.close());
      try {
        client.destroy();
      } catch {
        // already closed
      }
    });
    return client;
  }

  const roundTrip = async (client: Client) => {
    const key = `k:${randomUUID()}`;
    await client.set(key, "v");
    assert.equal(await client.get(key), "v");
  };

  test("outage past expiry: no AUTH with an expired token is sent, nor explained as a missing assignment (fault 5)", async (t) => {
    const cleanup = cleanupsFor(t);
    const auth = authOn(gw.credential(OBJECT_ID), capture);
    cleanup(() => auth.close());
    const client = await connect(auth, cleanup);
    await roundTrip(client);
    const from = capture.things.length;
    // Down across two token lives while refreshes go on: re-AUTHs fall due while disconnected.
    await gw.restartFrontEnd({ downForMs: LIFETIME_MS * 2 });
    await recovers("commands after the outage", () => roundTrip(client));
    await nextEvent(auth, "token");
    await sleep(600);
    await roundTrip(client);
    const failures = eventsOf(capture, "reauthFailed", from) as { message: string }[];
    for (const f of failures) {
      assert.doesNotMatch(f.message, /no data access policy assignment/, "explained from the token sent");
    }
    assert.deepEqual(
      failures.map((f) => f.message),
      [],
      "no re-AUTH was refused: none went out with an expired token",
    );
  });

  test("credential hang (8 s, acquireTimeoutMs 30 s) past expiry: EntraTokenExpiredError meanwhile, prompt recovery (fault 6)", async (t) => {
    const cleanup = cleanupsFor(t);
    const credential = gw.credential(OBJECT_ID);
    const auth = authOn(credential, capture, { acquireTimeoutMs: 30_000 });
    cleanup(() => auth.close());
    const client = await connect(auth, cleanup);
    await roundTrip(client);
    credential.setBehaviour({ mode: "hang" });
    const hangStart = Date.now();
    await nextEvent(auth, "expired", 10_000);
    const errors: unknown[] = [];
    while (Date.now() - hangStart < 8000) {
      const r = await settleWithin(client.get("k"), 12_000);
      assert.ok(!("hung" in r), "no command hangs");
      if ("ok" in r && !r.ok) errors.push(r.error);
    }
    credential.setBehaviour({ mode: "ok" });
    const healthy = Date.now();
    await recovers("commands after the credential recovered", () => roundTrip(client), 10_000);
    const recoveredIn = Date.now() - healthy;
    t.diagnostic(
      `recovered ${recoveredIn} ms after the credential; ${errors.length} commands failed meanwhile`,
    );
    assert.ok(errors.length > 0);
    for (const e of errors) {
      assert.ok(isExpiredError(e), `expected EntraTokenExpiredError (or as cause), got ${String(e)}`);
      assert.ok((e as Error).message.length > 0, "never an empty message");
    }
  });

  test("gateway front end down and back on the same port: every command settles, then succeeds", async (t) => {
    const cleanup = cleanupsFor(t);
    const auth = authOn(gw.credential(OBJECT_ID), capture);
    cleanup(() => auth.close());
    const client = await connect(auth, cleanup);
    await roundTrip(client);
    const down = gw.restartFrontEnd({ downForMs: 1500 });
    const during = await Promise.all(
      [...Array(20).keys()].map(async (i) => {
        await sleep(i * 50);
        return settleWithin(client.set(`fe:${i}`, String(i)), 20_000);
      }),
    );
    await down;
    assert.ok(
      during.every((r) => !("hung" in r)),
      "no command was lost silently",
    );
    await recovers("commands after the front end came back", () => roundTrip(client));
  });

  test("BLPOP 0 across expiry: rejected with an error (node-redis does not resend), never lost silently; the client recovers (fault 8, documented)", async (t) => {
    const cleanup = cleanupsFor(t);
    const auth = authOn(gw.credential(OBJECT_ID), capture);
    cleanup(() => auth.close());
    const blocker = await connect(auth, cleanup);
    const pusher = await connect(auth, cleanup);
    const key = `q:${randomUUID()}`;
    const popped = settleWithin(blocker.blPop(key, 0), 20_000);
    await sleep(LIFETIME_MS * 2);
    await pusher.lPush(key, "job");
    const r = await popped;
    assert.ok(!("hung" in r), "BLPOP settled");
    t.diagnostic(
      "ok" in r && r.ok
        ? `value: ${JSON.stringify(r.value)}`
        : `rejected: ${String((r as { error: unknown }).error)}`,
    );
    if ("ok" in r && !r.ok) {
      assert.match(String(r.error), /Socket closed unexpectedly|closed/i, "the documented rejection");
      // The pushed value was not consumed: the app's retry gets it.
      assert.deepEqual(await blocker.blPop(key, 1), { key, element: "job" });
    } else assert.deepEqual((r as { value: unknown }).value, { key, element: "job" });
  });

  after(() => capture.assertNoToken());
});
