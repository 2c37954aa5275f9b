/**
 * The gateway's token check without a server (issue 19, item 11): tokens of another tenant or issuer,
 * and signatures that only a lenient base64 decoder reads, are refused; Entra's v1 and v2 issuers for
 * the gateway's tenant are accepted.
 */
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  REDIS_AUDIENCE,
  TokenIssuer,
  strictBase64url,
  type MintOptions,
} from "../../src/testing/token-issuer.ts";

const TENANT = "11111111-2222-4333-8444-555555555555";
const OID = "0a3c2b1d-4e5f-4a6b-9c7d-8e9f0a1b2c3d";

describe("token issuer: check", () => {
  let issuer: TokenIssuer;
  before(async () => {
    issuer = await TokenIssuer.create(TENANT);
  });
  const mint = (o: Partial<MintOptions> = {}): Promise<string> => {
    const now = Date.now();
    return issuer.mint({
      objectId: OID,
      tenantId: TENANT,
      appId: "app",
      audience: REDIS_AUDIENCE,
      issuedAt: now,
      notBefore: now,
      expiresAt: now + 60_000,
      ...o,
    });
  };

  test("a token of the gateway's tenant, v1 or v2 issuer, is accepted", async () => {
    assert.equal(issuer.check(await mint(), OID).ok, true);
    const v2 = await mint({ issuer: `https://login.microsoftonline.com/${TENANT}/v2.0` });
    assert.equal(issuer.check(v2, OID).ok, true);
  });

  test("another tenant, or another issuer for this tenant, is refused (signed by the gateway's own key)", async () => {
    const other = "99999999-2222-4333-8444-555555555555";
    assert.deepEqual(issuer.check(await mint({ tenantId: other }), OID), {
      ok: false,
      reason: "wrong-tenant",
    });
    // tid of this tenant but iss of another: Azure reads both.
    const mixed = await mint({ issuer: `https://sts.windows.net/${other}/` });
    assert.deepEqual(issuer.check(mixed, OID), { ok: false, reason: "wrong-issuer" });
    const elsewhere = await mint({ issuer: `https://sts.example.com/${TENANT}/` });
    assert.deepEqual(issuer.check(elsewhere, OID), { ok: false, reason: "wrong-issuer" });
  });

  test("a signature is read as strict base64url only", async () => {
    const token = await mint();
    const [h, p, s] = token.split(".");
    for (const sig of [
      `${s} `,
      `${s}\n`,
      `${s}==`,
      ` ${s}`,
      s.replaceAll("-", "+").replaceAll("_", "/"),
      "",
    ]) {
      if (sig === s) continue; // no - or _ in this signature: the standard alphabet writes it the same
      assert.deepEqual(
        issuer.check(`${h}.${p}.${sig}`, OID),
        { ok: false, reason: "bad-signature" },
        JSON.stringify(sig.slice(-3)),
      );
    }
  });

  test("strictBase64url: the URL-safe alphabet, no padding, canonical trailing bits", () => {
    assert.deepEqual(strictBase64url("AQID"), Buffer.from([1, 2, 3]));
    assert.deepEqual(strictBase64url("AQ"), Buffer.from([1]));
    for (const bad of ["AQ==", "AQ=", "A", "AR", "A+B/", "AQ ", " AQ", "AQ\n", "A.Q"]) {
      assert.equal(strictBase64url(bad), undefined, JSON.stringify(bad));
    }
  });
});
