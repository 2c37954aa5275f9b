/**
 * Typed events of LocalEntraRedis: listeners get the payload type of their event (checked by the
 * typecheck: the `@ts-expect-error` lines fail it if the event map stops being enforced), and the
 * events arrive with those payloads, in order, at runtime.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  startLocalEntraRedis,
  type AuthEvent,
  type ConnectionEvent,
  type LocalEntraRedisEvents,
} from "../../../src/testing/index.ts";
import { OID, RawClient, errorOf, tokenFor, waitFor } from "./helpers.ts";

test("LocalEntraRedis events are typed and carry their payloads", async () => {
  const gw = await startLocalEntraRedis();
  try {
    await gw.assign(OID, "Data Owner");
    const seen: string[] = [];
    const auths: AuthEvent[] = [];
    gw.on("connection", (e) => seen.push(`connection:${e.id}`));
    gw.on("auth", (e) => {
      // e is an AuthEvent: these properties exist only there.
      const accepted: boolean = e.accepted;
      const command: "AUTH" | "HELLO" = e.command;
      seen.push(`auth:${e.id}:${String(accepted)}:${command}`);
      auths.push(e);
    });
    gw.once("close", (e: ConnectionEvent) => seen.push(`close:${e.id}`));
    // @ts-expect-error "expired" gets a ConnectionEvent, which has no `accepted`
    gw.on("expired", (e) => e.accepted);
    // @ts-expect-error not an event of LocalEntraRedis
    gw.on("authenticated", () => undefined);
    const payload: LocalEntraRedisEvents["auth"] = [
      { id: 1, node: 0, remotePort: 1, accepted: false, command: "AUTH" },
    ];
    assert.equal(payload.length, 1);

    const c = await RawClient.tls(gw);
    assert.equal(await c.call("AUTH", OID, await tokenFor(gw, OID)), "OK");
    assert.match(errorOf(await c.call("AUTH", OID, "bad")) ?? "", /WRONGPASS/);
    c.close();
    await waitFor("close event", () => seen.some((s) => s.startsWith("close:")));
    const id = auths[0].id;
    assert.deepEqual(seen, [
      `connection:${id}`,
      `auth:${id}:true:AUTH`,
      `auth:${id}:false:AUTH`,
      `close:${id}`,
    ]);
    assert.equal(auths[0].objectId, OID);
    assert.ok(!JSON.stringify(auths).includes("eyJ"), "no token in events");
  } finally {
    await gw.stop();
  }
});
