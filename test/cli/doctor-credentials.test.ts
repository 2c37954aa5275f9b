/**
 * `doctor --credential <kind>` on a machine with no identity: the token step says that no token was
 * obtained, with the credential's own (redacted) reason and the fix for that kind, and never blames
 * an access policy assignment. Offline and bounded: the managed identity endpoint is pointed at a
 * closed loopback port (AZURE_POD_IDENTITY_AUTHORITY_HOST, honoured by @azure/identity), `az` is not
 * on PATH, and doctor's --timeout bounds a credential that never answers.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { dirname } from "node:path";
import { runCli } from "./helpers.ts";
import {
  credentialReasons,
  explainCredentialFailure,
} from "../../src/cli/commands/doctor/credential-failure.ts";
import { runDoctor } from "../../src/cli/commands/doctor/checks.ts";

async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

interface Step {
  name: string;
  status: string;
  detail: string;
  problem?: string;
  fix?: string;
}

/** Every Azure identity variable unset, no `az`, IMDS on a closed port. */
async function noIdentityEnv(
  extra: Record<string, string> = {},
): Promise<Record<string, string | undefined>> {
  const unset = Object.fromEntries(
    Object.keys(process.env)
      .filter((k) => /^(AZURE_|IDENTITY_|MSI_|IMDS_)/.test(k))
      .map((k) => [k, undefined]),
  );
  return {
    ...unset,
    PATH: dirname(process.execPath),
    HOME: "/nonexistent-home",
    AZURE_POD_IDENTITY_AUTHORITY_HOST: `http://127.0.0.1:${await closedPort()}`,
    ...extra,
  };
}

async function tokenStep(kind: string, env: Record<string, string | undefined>): Promise<Step> {
  const port = await closedPort();
  const r = await runCli(
    [
      "doctor",
      "--credential",
      kind,
      "--host",
      "127.0.0.1",
      "--port",
      String(port),
      "--timeout",
      "60s",
      "--json",
    ],
    { env, timeoutMs: 90_000 },
  );
  assert.equal(r.code, 1, r.stdout + r.stderr);
  const report = JSON.parse(r.stdout) as { ok: boolean; steps: Step[] };
  assert.equal(report.ok, false);
  const token = report.steps.find((s) => s.name === "token")!;
  assert.equal(token.status, "fail");
  assert.equal(token.problem, "credential-failed");
  assert.match(token.detail, new RegExp(`^no token could be obtained from the ${kind} credential: `));
  // Without a token no Redis answer is involved: never the access-policy advice.
  assert.doesNotMatch(r.stdout, /data access policy assignment|object id "unknown"/);
  assert.equal(report.steps.find((s) => s.name === "auth")?.status, "skip");
  return token;
}

// Each CLI run waits on its credential's own retries and timeouts (the default chain tries every
// credential in turn), not on the CPU: the five runs go at once, each with its own closed port.
describe("doctor --credential on a machine with no identity", { concurrency: 5 }, () => {
  test("--credential cli with no Azure CLI: the CLI's reason and `az login` with the install link", async () => {
    const token = await tokenStep("cli", await noIdentityEnv());
    assert.match(token.detail, /Azure CLI/);
    assert.match(token.fix!, /install the Azure CLI \(https:\/\/aka\.ms\/azure-cli\), then run `az login`/);
  });

  test("--credential managed-identity off Azure: managed identity not enabled or not assigned", async () => {
    const token = await tokenStep("managed-identity", await noIdentityEnv());
    assert.match(token.detail, /ManagedIdentityCredential/);
    assert.match(token.fix!, /enable the resource's managed identity/);
    assert.match(token.fix!, /AZURE_CLIENT_ID/);
  });

  test("--credential workload-identity without its variables: names the three missing variables", async () => {
    const token = await tokenStep("workload-identity", await noIdentityEnv());
    assert.match(
      token.fix!,
      /workload identity needs AZURE_FEDERATED_TOKEN_FILE, AZURE_CLIENT_ID, AZURE_TENANT_ID \(missing here\)/,
    );
  });

  test("--credential workload-identity with one variable missing names only that one", async () => {
    const token = await tokenStep(
      "workload-identity",
      await noIdentityEnv({
        AZURE_CLIENT_ID: "11111111-1111-4111-8111-111111111111",
        AZURE_TENANT_ID: "22222222-2222-4222-8222-222222222222",
      }),
    );
    assert.match(token.fix!, /workload identity needs AZURE_FEDERATED_TOKEN_FILE \(missing here\)/);
  });

  test("--credential default with no identity: every credential's reason, and the fix for each place", async () => {
    const token = await tokenStep("default", await noIdentityEnv());
    assert.match(token.detail, /EnvironmentCredential/);
    assert.match(token.detail, /ManagedIdentityCredential/);
    assert.match(token.fix!, /az login/);
    assert.match(token.fix!, /managed identity/);
    assert.match(token.fix!, /AZURE_FEDERATED_TOKEN_FILE/);
  });

  test("a credential's reason is redacted, and a chained credential gives one reason per member", () => {
    const err = new Error(
      "ChainedTokenCredential authentication failed.\n" +
        "CredentialUnavailableError: EnvironmentCredential is unavailable. To troubleshoot, visit https://aka.ms/x.\n" +
        "CredentialUnavailableError: ManagedIdentityCredential: token eyJhbGciOi.eyJvaWQiOiJ4In0.sig refused",
    );
    const reasons = credentialReasons(err);
    assert.equal(reasons.length, 2);
    assert.equal(reasons[0], "EnvironmentCredential is unavailable.");
    assert.doesNotMatch(reasons.join(" "), /eyJhbGciOi\.eyJ/);
    const f = explainCredentialFailure("managed-identity", new Error("400 identity not found"), {
      AZURE_CLIENT_ID: "33333333-3333-4333-8333-333333333333",
    });
    assert.match(
      f.fix,
      /no user-assigned identity with client id 33333333-3333-4333-8333-333333333333 is assigned/,
    );
  });

  test("a credential that never answers is bounded by --timeout and explained for its kind", async () => {
    const port = await closedPort();
    const report = await runDoctor({
      host: "127.0.0.1",
      port,
      credentialName: "managed-identity",
      timeoutMs: 300,
      credential: { getToken: () => new Promise(() => undefined) },
    });
    const token = report.steps.find((s) => s.name === "token")!;
    assert.equal(token.status, "fail");
    assert.match(token.detail, /the managed-identity credential did not answer within/);
    assert.match(token.fix!, /enable the resource's managed identity/);
  });
});
