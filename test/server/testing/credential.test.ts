/**
 * The local credential: an @azure/identity-shaped TokenCredential minting Entra-shaped RS256 JWTs,
 * rejecting other scopes, and failing, hanging or answering slowly on demand.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { decodeJwt, decodeProtectedHeader } from "jose";
import type { TokenCredential } from "@azure/core-auth";
import { startLocalEntraRedis, type LocalEntraRedis } from "../../../src/testing/index.ts";
import { OID, SCOPE } from "./helpers.ts";

describe("local credential", () => {
  let gw: LocalEntraRedis;
  before(async () => {
    gw = await startLocalEntraRedis({
      tenantId: "72f988bf-0000-4000-8000-00000000cafe",
      tokenLifetimeMs: 90_000,
    });
  });
  after(async () => {
    await gw.stop();
  });

  test("is structurally an @azure/identity TokenCredential", () => {
    const cred: TokenCredential = gw.credential(OID);
    assert.equal(typeof cred.getToken, "function");
  });

  test("mints RS256 JWTs with Entra's claims", async () => {
    const cred = gw.credential(OID, {
      appId: "11111111-aaaa-4bbb-8ccc-222222222222",
      refreshAfterMs: 30_000,
    });
    const before = Date.now();
    const t = await cred.getToken(SCOPE);
    assert.ok(t);
    assert.equal(t.tokenType, "Bearer");
    const header = decodeProtectedHeader(t.token);
    assert.equal(header.alg, "RS256");
    assert.equal(typeof header.kid, "string");
    const c = decodeJwt(t.token);
    assert.equal(c.oid, OID);
    assert.equal(c.tid, "72f988bf-0000-4000-8000-00000000cafe");
    assert.equal(c.aud, "https://redis.azure.com");
    assert.equal(c.iss, "https://sts.windows.net/72f988bf-0000-4000-8000-00000000cafe/");
    assert.equal(c.appid, "11111111-aaaa-4bbb-8ccc-222222222222");
    assert.equal(c.azp, "11111111-aaaa-4bbb-8ccc-222222222222");
    assert.equal(c.ver, "1.0");
    assert.equal((c.exp as number) * 1000, t.expiresOnTimestamp);
    assert.ok(t.expiresOnTimestamp >= before + 90_000 && t.expiresOnTimestamp <= Date.now() + 90_000);
    assert.ok((c.nbf as number) <= (c.iat as number) + 0.001);
    assert.equal(t.refreshAfterTimestamp, (c.iat as number) * 1000 + 30_000);
    assert.equal(cred.tokensIssued, 1);
    assert.equal(cred.objectId, OID);
    assert.equal(cred.appId, "11111111-aaaa-4bbb-8ccc-222222222222");
  });

  test("each call mints a new token unless the cache imitation is on", async () => {
    const plain = gw.credential(OID);
    const a = await plain.getToken([SCOPE]);
    const b = await plain.getToken([SCOPE]);
    assert.notEqual(a!.token, b!.token);
    assert.equal(plain.tokensIssued, 2);
    const cached = gw.credential(OID, { cacheWhileRemainingMs: 60_000 });
    const c = await cached.getToken(SCOPE);
    const d = await cached.getToken(SCOPE);
    assert.equal(c!.token, d!.token);
    assert.equal(cached.tokensIssued, 1);
  });

  test("rejects any scope other than https://redis.azure.com/.default, naming the expected one", async () => {
    const cred = gw.credential(OID);
    for (const scope of [
      "https://management.azure.com/.default",
      "https://redis.azure.com",
      ["https://redis.azure.com/.default", "openid"],
    ]) {
      await assert.rejects(cred.getToken(scope), (err: Error) => {
        assert.match(err.message, /https:\/\/redis\.azure\.com\/\.default/);
        return true;
      });
    }
    assert.equal(cred.tokensIssued, 0);
  });

  test("fault mode fail rejects; ok recovers", async () => {
    const cred = gw.credential(OID);
    cred.setBehaviour({ mode: "fail" });
    await assert.rejects(cred.getToken(SCOPE), /fault injected/);
    cred.setBehaviour({ mode: "ok" });
    assert.ok(await cred.getToken(SCOPE));
  });

  test("fault mode hang never answers but honours abortSignal", async () => {
    const cred = gw.credential(OID);
    cred.setBehaviour({ mode: "hang" });
    const controller = new AbortController();
    const pending = cred.getToken(SCOPE, { abortSignal: controller.signal });
    let settled = false;
    void pending.then(
      () => (settled = true),
      () => (settled = true),
    );
    await new Promise((r) => setImmediate(r));
    assert.equal(settled, false);
    controller.abort();
    await assert.rejects(pending, { name: "AbortError" });
    assert.equal(cred.tokensIssued, 0);
  });

  test("fault mode slow answers later (not at once), and can be aborted", async () => {
    const cred = gw.credential(OID);
    cred.setBehaviour({ mode: "slow", delayMs: 150 });
    let settled = false;
    const pending = cred.getToken(SCOPE).finally(() => (settled = true));
    await new Promise((r) => setImmediate(r));
    assert.equal(settled, false, "not answered immediately");
    const t = await pending;
    assert.ok(t?.token);
    assert.equal(cred.tokensIssued, 1);
    const controller = new AbortController();
    const p = cred.getToken(SCOPE, { abortSignal: controller.signal });
    controller.abort();
    await assert.rejects(p, { name: "AbortError" });
  });

  test("bad arguments fail clearly", () => {
    assert.throws(() => gw.credential(""), /objectId/);
    assert.throws(() => gw.credential(OID, { lifetimeMs: -1 }), /lifetimeMs/);
    assert.throws(() => gw.credential(OID).setBehaviour({ mode: "explode" as "ok" }), /mode/);
  });

  test("assign rejects user-management rules and unknown policies", async () => {
    await assert.rejects(gw.assign(OID, "+@all >secret"), /not a permission/);
    await assert.rejects(gw.assign(OID, "nopass +@all"), /not a permission/);
    await assert.rejects(gw.assign("has space", "Data Owner"), /objectId/);
    await gw.assign(OID, "+get +set ~app:*");
    await gw.unassign(OID);
  });
});
