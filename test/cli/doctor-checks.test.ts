/** doctor's steps in-process with stand-in credentials: failures before any network step. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { UnsecuredJWT } from "jose";
import { runDoctor } from "../../src/cli/commands/doctor/checks.ts";
import { isRedisAudience } from "../../src/client/claims.ts";

/** A loopback port with nothing listening (bound, then closed). */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

test("a credential that fails: token step fails with the credential fix, AUTH is skipped, the error is redacted", async () => {
  const port = await closedPort();
  const report = await runDoctor({
    host: "127.0.0.1",
    port,
    credentialName: "default",
    timeoutMs: 2000,
    credential: {
      getToken: () =>
        Promise.reject(
          new Error(
            "ManagedIdentityCredential: no identity endpoint; token eyJhbGciOi.eyJvaWQiOiJ4In0.sig was rejected",
          ),
        ),
    },
  });
  assert.equal(report.ok, false);
  const token = report.steps.find((s) => s.name === "token")!;
  assert.equal(token.status, "fail");
  assert.equal(token.problem, "credential-failed");
  assert.match(token.fix!, /managed identity|az login/);
  assert.doesNotMatch(JSON.stringify(report), /eyJhbGciOi\.eyJ/);
  assert.equal(report.steps.find((s) => s.name === "auth")!.status, "skip");
  assert.equal(report.steps.find((s) => s.name === "tls")!.problem, "connection-refused");
});

test("a token for another audience fails the claims step with the scope fix; claims are shown, the token is not", async () => {
  const port = await closedPort();
  const jwt = new UnsecuredJWT({ oid: "6f1d3c9a-1111-4e0b-9a55-0c2d7e3b9a01", tid: "t" })
    .setAudience("https://management.azure.com")
    .setExpirationTime("1h")
    .encode();
  const report = await runDoctor({
    host: "127.0.0.1",
    port,
    credentialName: "default",
    timeoutMs: 2000,
    credential: { getToken: async () => ({ token: jwt, expiresOnTimestamp: Date.now() + 3_600_000 }) },
  });
  const claims = report.steps.find((s) => s.name === "claims")!;
  assert.equal(claims.status, "fail");
  assert.equal(claims.problem, "wrong-audience");
  assert.match(claims.fix!, /https:\/\/redis\.azure\.com\/\.default/);
  assert.equal(report.token?.oid, "6f1d3c9a-1111-4e0b-9a55-0c2d7e3b9a01");
  assert.ok(!JSON.stringify(report).includes(jwt));
});

/** The claims step of doctor for a token with these claims (nothing listens on the port). */
async function claimsStep(build: (jwt: UnsecuredJWT) => UnsecuredJWT) {
  const port = await closedPort();
  const jwt = build(new UnsecuredJWT({ oid: "6f1d3c9a-1111-4e0b-9a55-0c2d7e3b9a01", tid: "t" }))
    .setExpirationTime("1h")
    .encode();
  const report = await runDoctor({
    host: "127.0.0.1",
    port,
    credentialName: "default",
    timeoutMs: 2000,
    credential: { getToken: async () => ({ token: jwt, expiresOnTimestamp: Date.now() + 3_600_000 }) },
  });
  return report.steps.find((s) => s.name === "claims")!;
}

test("doctor reads the audience as the client does (src/client/claims.ts): none is no wrong audience, any case is Redis's", async () => {
  // The client's explanations don't blame an audience the token doesn't name; doctor says the same.
  assert.equal(isRedisAudience(undefined), true);
  const none = await claimsStep((jwt) => jwt);
  assert.equal(none.status, "pass", none.detail);
  assert.equal(none.problem, undefined);
  assert.equal(isRedisAudience("HTTPS://Redis.Azure.com/"), true);
  const cased = await claimsStep((jwt) => jwt.setAudience("HTTPS://Redis.Azure.com/"));
  assert.equal(cased.status, "pass", cased.detail);
});

test("a token that is no JWT fails the claims step as a bad token", async () => {
  const port = await closedPort();
  const report = await runDoctor({
    host: "127.0.0.1",
    port,
    credentialName: "default",
    timeoutMs: 2000,
    credential: {
      getToken: async () => ({ token: "not-a-jwt", expiresOnTimestamp: Date.now() + 3_600_000 }),
    },
  });
  const claims = report.steps.find((s) => s.name === "claims")!;
  assert.equal(claims.status, "fail");
  assert.equal(claims.problem, "bad-token");
  assert.equal(claims.detail, "the token is not a JWT");
});
