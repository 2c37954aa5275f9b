/**
 * explainRedisAuthError: each known failure is recognised from the error and the context, and
 * explained in one sentence with the fix, without ever repeating a token.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { explainRedisAuthError } from "../../src/client/explain.ts";
import {
  EntraAuthOptionsError,
  EntraTlsRequiredError,
  EntraTokenAcquisitionError,
  EntraTokenExpiredError,
} from "../../src/client/errors.ts";
import { APP_ID, JWT_PATTERN, OID, fakeJwt } from "./fakes.ts";

const WRONGPASS = new Error("WRONGPASS invalid username-password pair or user is disabled.");
const claims = { oid: OID, appid: APP_ID, aud: "https://redis.azure.com" };

test("username set to the client id", () => {
  const r = explainRedisAuthError(WRONGPASS, { username: APP_ID, claims });
  assert.equal(r?.problem, "username-is-client-id");
  assert.match(
    r.explanation,
    /is the application's client id, but Azure Redis expects the principal's object id \("11111111-.*drop the username override/,
  );
});

test("wrong scope and wrong audience", () => {
  assert.equal(
    explainRedisAuthError(WRONGPASS, {
      username: OID,
      claims,
      scope: "https://management.azure.com/.default",
    })?.problem,
    "wrong-scope",
  );
  const r = explainRedisAuthError(WRONGPASS, {
    username: OID,
    claims: { ...claims, aud: "https://management.azure.com" },
  });
  assert.equal(r?.problem, "wrong-audience");
  assert.match(
    r.explanation,
    /audience is "https:\/\/management\.azure\.com".*scope "https:\/\/redis\.azure\.com\/\.default"/,
  );
});

test("WRONGPASS on a valid token for the object id: no assignment", () => {
  const r = explainRedisAuthError(WRONGPASS, {
    username: OID,
    claims,
    scope: "https://redis.azure.com/.default",
  });
  assert.equal(r?.problem, "no-assignment");
  assert.match(r.explanation, /no data access policy assignment.*assign one/);
});

test("username that is neither oid nor client id", () => {
  assert.equal(
    explainRedisAuthError(WRONGPASS, { username: "someone", claims })?.problem,
    "username-not-object-id",
  );
});

test("non-TLS connections", () => {
  assert.equal(
    explainRedisAuthError(new EntraTlsRequiredError("tls: false is not allowed"))?.problem,
    "not-tls",
  );
  const r = explainRedisAuthError(new Error("read ECONNRESET"), { tls: false });
  assert.equal(r?.problem, "not-tls");
  assert.match(r.explanation, /only over TLS \(port 6380.*10000/);
});

test("token expired because refreshing kept failing", () => {
  const err = new EntraTokenExpiredError(Date.now(), "Could not get an Entra token: IMDS unreachable");
  const r = explainRedisAuthError(err, { lastRefreshError: "IMDS unreachable" });
  assert.equal(r?.problem, "token-expired");
  assert.match(
    r.explanation,
    /expired because refreshing it kept failing \(last error: IMDS unreachable\): fix the credential/,
  );
  assert.equal(
    explainRedisAuthError(new Error("Socket closed unexpectedly"), { tokenExpired: true })?.problem,
    "token-expired",
  );
});

test("credential failures, permissions, options and unknown errors", () => {
  assert.equal(
    explainRedisAuthError(new EntraTokenAcquisitionError("no identity", "CredentialUnavailableError"))
      ?.problem,
    "credential-failed",
  );
  assert.equal(
    explainRedisAuthError(new Error("NOPERM this user has no permissions to run the 'flushall' command"), {
      username: OID,
    })?.problem,
    "missing-permission",
  );
  assert.equal(
    explainRedisAuthError(new EntraAuthOptionsError("refreshMarginMs", "bad"))?.problem,
    "invalid-options",
  );
  assert.equal(explainRedisAuthError(new Error("ERR unknown command")), undefined);
});

test("explanations never repeat a token", () => {
  const token = fakeJwt({ oid: OID });
  const r = explainRedisAuthError(new Error(`WRONGPASS for ${token}`), { username: OID, claims });
  assert.ok(r);
  assert.doesNotMatch(JSON.stringify(r), JWT_PATTERN);
});

/** Claims as the client reads them from a token the testing kit's issuer mints (no server needed). */
async function kitClaims(o: { notBeforeOffsetMs?: number; foreignKey?: boolean; issuer?: string }) {
  const { TokenIssuer, REDIS_AUDIENCE } = await import("../../src/testing/token-issuer.ts");
  const { readClaims } = await import("../../src/client/claims.ts");
  const tenantId = "22222222-3333-4444-8555-666666666666";
  const issuer = await TokenIssuer.create(tenantId);
  const now = Date.now();
  const token = await issuer.mint({
    objectId: OID,
    tenantId,
    appId: APP_ID,
    audience: REDIS_AUDIENCE,
    issuedAt: now,
    notBefore: now + (o.notBeforeOffsetMs ?? 0),
    expiresAt: now + 3_600_000,
    foreignKey: o.foreignKey === true,
    ...(o.issuer ? { issuer: o.issuer } : {}),
  });
  const claims = await readClaims(token);
  assert.ok(claims);
  return claims;
}

test("a token whose nbf is in the future is explained as not yet valid, not as a missing assignment", async () => {
  const claims = await kitClaims({ notBeforeOffsetMs: 10 * 60_000 });
  const r = explainRedisAuthError(WRONGPASS, { username: OID, claims });
  assert.equal(r?.problem, "token-not-yet-valid");
  assert.match(r.explanation, /not valid yet: its nbf \(not before\) is \d+ s ahead of this machine's clock/);
});

test("a token signed by a key the cache does not trust is not explained as only a missing assignment", async () => {
  const claims = await kitClaims({ foreignKey: true });
  const r = explainRedisAuthError(WRONGPASS, { username: OID, claims });
  // Only the server checks signatures: the explanation names both causes it cannot tell apart.
  assert.equal(r?.problem, "no-assignment");
  assert.match(r.explanation, /no data access policy assignment/);
  assert.match(
    r.explanation,
    /does not trust the token itself \(its signature is not by a key Entra ID publishes/,
  );
});

test("a token whose issuer is not Entra ID's for its tenant is explained as not trusted", async () => {
  const claims = await kitClaims({ issuer: "https://sts.example.com/not-entra/" });
  const r = explainRedisAuthError(WRONGPASS, { username: OID, claims });
  assert.equal(r?.problem, "token-not-trusted");
  assert.match(
    r.explanation,
    /issuer "https:\/\/sts\.example\.com\/not-entra\/" is not Entra ID's for its tenant/,
  );
});
