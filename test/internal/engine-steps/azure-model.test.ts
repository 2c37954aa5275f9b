/**
 * The Azure half of the model: each rule refuses what Azure or azure-native refuse, and access is
 * tracked per identity across the waves of an update.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { planUpdate } from "../../../src/internal/engine-steps/plan.ts";
import { assignment, cache, component, old, reg, urn } from "./fixtures.ts";

const OID = "11111111-1111-4111-8111-111111111111";
const OID2 = "22222222-2222-4222-8222-222222222222";
const kinds = (p: ReturnType<typeof planUpdate>) => p.hazards.map((h) => `${h.kind}: ${h.message}`);

test("existence check: a new URN for an Azure id that exists is refused (names compared case-insensitively)", () => {
  const v1 = [component(), cache(), assignment("a", OID, "app")];
  const v2 = [component(), cache(), assignment("b", OID, "APP")];
  const hazards = kinds(
    planUpdate(
      v1.map((r) => old(r)),
      v2,
    ),
  );
  assert.ok(
    hazards.some((h) => /already exists/.test(h)),
    hazards.join("\n"),
  );
});

test("one assignment per identity: a second one for the same object id is refused", () => {
  const v1 = [component(), cache(), assignment("a", OID, "app")];
  const v2 = [component(), cache(), assignment("b", OID, "frontend")];
  const hazards = kinds(
    planUpdate(
      v1.map((r) => old(r)),
      v2,
    ),
  );
  assert.ok(
    hazards.some((h) => /duplicate entries/.test(h)),
    hazards.join("\n"),
  );
});

test("two access writes at once on one cache: busy", () => {
  const v1 = [component(), cache()];
  const v2 = [component(), cache(), assignment("a", OID, "app"), assignment("b", OID2, "other")];
  const hazards = kinds(
    planUpdate(
      v1.map((r) => old(r)),
      v2,
    ),
  );
  assert.ok(
    hazards.some((h) => /busy processing a previous update request/.test(h)),
    hazards.join("\n"),
  );
  // Chained (the second waits for the first): fine.
  const chained = [
    component(),
    cache(),
    assignment("a", OID, "app"),
    assignment("b", OID2, "other", {
      dependencies: [
        cache().urn,
        urn(
          "a",
          "azure-native:redis:AccessPolicyAssignment",
          urn("c", "azure-redis-entra:index:EntraRedisCache"),
        ),
      ],
    }),
  ];
  assert.deepEqual(
    kinds(
      planUpdate(
        v1.map((r) => old(r)),
        chained,
      ),
    ),
    [],
  );
});

test("a CanNotDelete lock on the cache refuses deleting an assignment below it; a ReadOnly lock every write", () => {
  const lock = (level: string) =>
    reg("c-lock", "azure-native:authorization:ManagementLockByScope", { scope: "x", level, lockName: "l" }, {
      dependencies: [cache().urn],
      propertyDependencies: { scope: [cache().urn] },
    } as never);
  const v1 = [
    component(),
    cache(),
    assignment("a", OID, "app"),
    assignment("b", OID2, "b"),
    lock("CanNotDelete"),
  ];
  const removed = kinds(
    planUpdate(
      v1.map((r) => old(r)),
      [component(), cache(), assignment("a", OID, "app"), lock("CanNotDelete")],
    ),
  );
  assert.ok(
    removed.some((h) => /CanNotDelete lock/.test(h)),
    removed.join("\n"),
  );
  const ro = [component(), cache(), assignment("a", OID, "app"), lock("ReadOnly")];
  const edited = [
    component(),
    cache(),
    {
      ...assignment("a", OID, "app"),
      inputs: { ...assignment("a", OID, "app").inputs, accessPolicyName: "Data Owner" },
    },
    lock("ReadOnly"),
  ];
  const hazards = kinds(
    planUpdate(
      ro.map((r) => old(r)),
      edited,
    ),
  );
  assert.ok(
    hazards.some((h) => /ReadOnly lock/.test(h)),
    hazards.join("\n"),
  );
});

test("a delete-before-replace of an assignment cuts the identity's access until the create", () => {
  const v1 = [component(), cache(), assignment("a", OID, "app")];
  const v2 = [component(), cache(), assignment("a", OID, "frontend")];
  const hazards = kinds(
    planUpdate(
      v1.map((r) => old(r)),
      v2,
    ),
  );
  assert.ok(
    hazards.some((h) => h.startsWith("access-lost") && h.includes(OID)),
    hazards.join("\n"),
  );
});

test("a replaced cache is reported", () => {
  const v1 = [component(), cache()];
  const hazards = kinds(
    planUpdate(
      v1.map((r) => old(r)),
      [component(), cache({ name: "cache2" })],
    ),
  );
  assert.ok(
    hazards.some((h) => h.startsWith("replaced") && /c-redis/.test(h)),
    hazards.join("\n"),
  );
});
