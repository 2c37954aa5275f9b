/**
 * NODE_TLS_REJECT_UNAUTHORIZED=0 doesn't switch certificate checks off for our Redis connections
 * (issue 19 item 10): against the local gateway (a certificate from its own CA), connecting without
 * its CA fails for ioredis and node-redis even with the variable set, and a warning says why.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import {
  connectIoredis,
  connectNodeRedis,
  createEntraAuth,
  type EntraAuth,
} from "../../../src/client/index.ts";
import { startLocalEntraRedis, type LocalEntraRedis } from "../../../src/testing/index.ts";

const OID = "11111111-2222-3333-4444-555555555555";
let gw: LocalEntraRedis;
let auth: EntraAuth;
const warnings: string[] = [];
const previous = process.env.NODE_TLS_REJECT_UNAUTHORIZED;

before(async () => {
  gw = await startLocalEntraRedis({});
  await gw.assign(OID, "Data Owner");
  auth = createEntraAuth({ credential: gw.credential(OID), logger: { warn: (m) => warnings.push(m) } });
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";
});

after(async () => {
  if (previous === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
  else process.env.NODE_TLS_REJECT_UNAUTHORIZED = previous;
  auth.close();
  await gw.stop();
});

test("ioredis: no CA, checks off for the process: refused by the certificate check", async () => {
  await assert.rejects(
    connectIoredis(auth, { host: gw.host, port: gw.port, retryStrategy: () => null }),
    /certificate/i,
  );
  assert.ok(warnings.some((w) => /NODE_TLS_REJECT_UNAUTHORIZED=0/.test(w)));
});

test("node-redis: no CA, checks off for the process: refused by the certificate check", async () => {
  await assert.rejects(
    connectNodeRedis(auth, { socket: { host: gw.host, port: gw.port, reconnectStrategy: false } }),
    /certificate/i,
  );
});
