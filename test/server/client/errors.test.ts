/**
 * The errors people hit, produced for real against the local Entra gateway, come back from our
 * helpers as EntraRedisAuthError / EntraTlsRequiredError with the right `problem` and a one-sentence
 * fix, for ioredis and node-redis alike, and without a token in them.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { startLocalEntraRedis } from "../../../src/testing/index.ts";
import {
  EntraRedisAuthError,
  EntraTlsRequiredError,
  connectIoredis,
  createEntraAuth,
  connectNodeRedis,
  type EntraAuthOptions,
} from "../../../src/client/index.ts";
import { JWT } from "./integration.ts";

type Gateway = Awaited<ReturnType<typeof startLocalEntraRedis>>;
const ASSIGNED = "0a7e4a52-5d8f-4f0b-8a3a-6c1f0e2b7d11";
const UNASSIGNED = "9c2b1e44-0f3d-4a8e-b5c6-2d7f8e9a0b12";

describe("errors people hit, against the local Entra gateway", { timeout: 60_000 }, () => {
  let gw: Gateway;
  before(async () => {
    gw = await startLocalEntraRedis({});
    await gw.assign(ASSIGNED, "Data Contributor");
  });
  after(async () => {
    await gw?.stop();
  });

  async function failures(options: EntraAuthOptions): Promise<unknown[]> {
    const auth = createEntraAuth({ logger: { warn: () => undefined }, ...options });
    const errors: unknown[] = [];
    await connectIoredis(auth, {
      host: gw.host,
      port: gw.port,
      tls: { ca: gw.ca },
      retryStrategy: () => null,
    }).then(
      (r) => r.disconnect(),
      (e: unknown) => errors.push(e),
    );
    await connectNodeRedis(auth, {
      socket: { host: gw.host, port: gw.port, tls: true, ca: gw.ca, reconnectStrategy: false },
    }).then(
      (c) => c.destroy(),
      (e: unknown) => errors.push(e),
    );
    auth.close();
    assert.equal(errors.length, 2, "both clients refused to connect");
    assert.doesNotMatch(inspect(errors, { depth: 6 }), JWT);
    return errors;
  }

  function problems(errors: unknown[]): string[] {
    return errors.map((e) =>
      e instanceof EntraRedisAuthError ? e.problem : `not an EntraRedisAuthError: ${String(e)}`,
    );
  }

  test("an identity without an assignment", async () => {
    const errors = await failures({ credential: gw.credential(UNASSIGNED) });
    assert.deepEqual(problems(errors), ["no-assignment", "no-assignment"]);
    assert.match((errors[0] as Error).message, /no data access policy assignment.*\(WRONGPASS/);
  });

  test("the client id used as username", async () => {
    const credential = gw.credential(ASSIGNED);
    const errors = await failures({ credential, username: credential.appId });
    assert.deepEqual(problems(errors), ["username-is-client-id", "username-is-client-id"]);
    assert.match(
      (errors[1] as Error).message,
      new RegExp(`"${credential.appId}" is the application's client id.*"${ASSIGNED}"`),
    );
  });

  test("a token for another audience", async () => {
    const errors = await failures({
      credential: gw.credential(ASSIGNED, { audience: "https://management.azure.com" }),
    });
    assert.deepEqual(problems(errors), ["wrong-audience", "wrong-audience"]);
  });

  test("TLS turned off is refused before anything is sent", async () => {
    const auth = createEntraAuth({ credential: gw.credential(ASSIGNED) });
    await assert.rejects(
      connectIoredis(auth, { host: gw.host, port: gw.port, tls: false } as never),
      EntraTlsRequiredError,
    );
    await assert.rejects(
      connectNodeRedis(auth, { socket: { host: gw.host, port: gw.port, tls: false } }),
      EntraTlsRequiredError,
    );
    auth.close();
  });
});
