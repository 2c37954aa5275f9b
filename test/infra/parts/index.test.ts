/**
 * The list of parts (src/infra/parts/index.ts): one entry per part file, in registration order, and
 * checkParts runs the checks of the parts that have one, with the component's facts.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { InputGate } from "../../../src/infra/input-gate.ts";
import { CACHE_PRIVATE_LINK, MANAGED_REDIS_PRIVATE_LINK } from "../../../src/infra/network.ts";
import { CACHE_DIAGNOSTIC_SCOPES, MANAGED_DIAGNOSTIC_SCOPES } from "../../../src/infra/parts/diagnostics.ts";
import { checkParts, PARTS, type PartFacts } from "../../../src/infra/parts/index.ts";
import { EntraRedisInputError } from "../../../src/index.ts";

const CACHE: PartFacts = {
  privateLink: CACHE_PRIVATE_LINK,
  diagnosticScopes: CACHE_DIAGNOSTIC_SCOPES,
  roleService: "cache",
};
const MANAGED: PartFacts = {
  privateLink: MANAGED_REDIS_PRIVATE_LINK,
  diagnosticScopes: MANAGED_DIAGNOSTIC_SCOPES,
  roleService: "managed",
};
const ctx = 'EntraRedisCache "parts"';

test("every part is listed once, named after its file, with a create or settings; the lock is last", () => {
  const names = PARTS.map((p) => p.name);
  assert.equal(new Set(names).size, names.length);
  const files = new Set(readdirSync(new URL("../../../src/infra/parts/", import.meta.url)));
  for (const part of PARTS) {
    assert.ok(files.has(`${part.name}.ts`), `parts/${part.name}.ts`);
    const makes =
      ("create" in part ? part.create : undefined) ?? ("settings" in part ? part.settings : undefined);
    assert.equal(typeof makes, "function", part.name);
  }
  assert.equal(names.at(-1), "lock");
  assert.deepEqual(names, [
    "firewall",
    "access",
    "private-endpoint",
    "diagnostics",
    "role-assignments",
    "patch-schedule",
    "keyspace-notifications",
    "geo-replication",
    "migration",
    "lock",
  ]);
});

test("nothing asked for: every checked slice is empty, and the private link is the component's", () => {
  for (const facts of [CACHE, MANAGED]) {
    const slices = checkParts({ ctx, gate: new InputGate(), args: {}, facts });
    assert.deepEqual(slices, {
      firewallRules: [],
      privateLink: facts.privateLink,
      diagnostics: [],
      roleAssignments: [],
      patchSchedule: [],
    });
  }
});

test("each part reads its own argument and checks it with the component's facts", () => {
  const slices = checkParts({
    ctx,
    gate: new InputGate(),
    args: {
      firewallRules: [{ cidr: "203.0.113.0/24" }],
      lock: "CanNotDelete",
      patchSchedule: [{ dayOfWeek: "Sunday", startHourUtc: 2 }],
      unrelated: "ignored",
    },
    facts: MANAGED,
  });
  assert.equal(slices.firewallRules.length, 1);
  assert.equal(slices.lock, "CanNotDelete");
  assert.equal(slices.patchSchedule.length, 1);
  assert.equal(slices.privateLink, MANAGED_REDIS_PRIVATE_LINK);
  assert.throws(
    () => checkParts({ ctx, gate: new InputGate(), args: { lock: "Frozen" }, facts: CACHE }),
    (e: unknown) => e instanceof EntraRedisInputError && e.field === "lock",
  );
});
