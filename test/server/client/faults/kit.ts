/**
 * The fault matrix's kit (`test/client/faults/*.test.ts`), one module per concept, re-exported here:
 *
 * - matrix.ts: `faultMatrix(kind, body)`, one suite per client kind, with its own gateway (cluster or
 *   not) and a capture of every event, checked for tokens at the end; `ctx.setup(t)` per test: the
 *   cleanups, a token manager with the scaled-down timing on a gateway credential (or a given one),
 *   and a connected client;
 * - client-kinds.ts: the client kinds (`IOREDIS`, `IOREDIS_CLUSTER`, `NODE_REDIS`,
 *   `NODE_REDIS_CLUSTER`): how to connect one against the gateway (closed after the test) and run a
 *   round trip on every node;
 * - rows.ts: the rows that read the same for every kind (`rows.*`);
 * - settled.ts: the checks every row makes: every command settles (`settleWithin`), the errors the app
 *   sees (`isExpiredError`), recovery without a restart (`recovers`);
 * - auth.ts: token managers (`authOn`), a credential whose first token is refused, event counts;
 * - pubsub.ts: an identity limited to `ok:*` channels (`LIMITED_ID`), `flows()`, `lossless()` and
 *   `losslessAcrossRotations()`;
 * - fault-time.ts: token time on the suite's fake clock or the real one (`ctx.time`).
 */
export { eventWithin, sleep } from "../../support/time.ts";
export { cleanupsFor, type Cleanup } from "../../support/cleanup.ts";
export { gatewayStatsFrom } from "../../support/gateway-stats.ts";
export { authOn, eventsOf, firstRefusedCredential } from "./auth.ts";
export {
  IOREDIS,
  IOREDIS_CLUSTER,
  NODE_REDIS,
  NODE_REDIS_CLUSTER,
  roundTrip,
  type ClientKind,
  type NodeRedisClient,
  type NodeRedisCluster,
} from "./client-kinds.ts";
export { faultMatrix, type FaultContext, type FaultTest } from "./matrix.ts";
export { flows, lossless, losslessAcrossRotations, LIMITED_ID } from "./pubsub.ts";
export { FaultTime } from "./fault-time.ts";
export { rows, type PubSubFactory } from "./rows.ts";
export {
  assertAllSettled,
  assertExpiredErrors,
  errorsOf,
  isExpiredError,
  recovers,
  settleWithin,
  summary,
  type Settled,
} from "./settled.ts";
