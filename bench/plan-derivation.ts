/**
 * Plan derivation for a 200-resource stack (src/internal/engine-steps): the old state of an
 * EntraRedisCache with 130 assignments (a chain, as the component writes them), 46 firewall rules,
 * 20 custom policies, a diagnostic setting and a CanNotDelete lock, against a new version with a
 * third of the assignments' policies changed, 10 aliases renamed, 10 identities added, 10 removed
 * (refused: the lock) and 5 firewall rules edited: the engine's steps and the Azure model's verdict,
 * as `preview --baseline` and the lifecycle tests compute them. Target: under 1 s (issue 18).
 * Run: `node bench/plan-derivation.ts [rounds]`.
 */
import { pathToFileURL } from "node:url";
import { asOldResource, planUpdate } from "../src/internal/engine-steps/plan.ts";
import type { Registration } from "../src/internal/engine-steps/model.ts";
import { createUrn } from "../src/internal/engine-steps/urn.ts";
import { median } from "./client-helpers.ts";

const COMPONENT = "azure-redis-entra:index:EntraRedisCache";
const C = createUrn("big", COMPONENT, undefined, "p", "s");
const oid = (i: number) => `${String(i).padStart(8, "0")}-0000-4000-8000-000000000000`;

function reg(
  name: string,
  type: string,
  inputs: Record<string, unknown>,
  deps: string[] = [],
  more: Partial<Registration> = {},
): Registration {
  return {
    urn: createUrn(name, type, C, "p", "s"),
    type,
    name,
    custom: true,
    inputs,
    parent: C,
    dependencies: deps,
    aliases: [],
    ignoreChanges: [],
    replaceOnChanges: [],
    ...more,
  };
}

/** One version of the stack; `edit` true gives version 2. */
export function stack(edit: boolean): Registration[] {
  const out: Registration[] = [{ ...reg("big", COMPONENT, {}), urn: C, parent: undefined, custom: false }];
  const cache = reg("big-redis", "azure-native:redis:Redis", {
    resourceGroupName: "rg",
    name: "big",
    sku: { name: "Premium", family: "P", capacity: 1 },
  });
  out.push(cache);
  let last = cache.urn;
  for (let i = 0; i < 20; i++) {
    const p = reg(
      `big-policy-p${i}`,
      "azure-native:redis:AccessPolicy",
      { resourceGroupName: "rg", cacheName: "big", accessPolicyName: `p${i}`, permissions: "+@read ~k:*" },
      [cache.urn, last],
    );
    out.push(p);
    last = p.urn;
  }
  for (let i = 0; i < 130; i++) {
    if (edit && i >= 120) continue; // the last 10 are removed in version 2
    const id = i;
    const alias = edit && i < 10 ? `renamed${i}` : `app${i}`;
    const policy = edit && i % 3 === 0 ? "Data Reader" : "Data Contributor";
    const a = reg(
      `big-assignment-${oid(id)}`,
      "azure-native:redis:AccessPolicyAssignment",
      {
        resourceGroupName: "rg",
        cacheName: "big",
        accessPolicyAssignmentName: oid(id),
        accessPolicyName: policy,
        objectId: oid(id),
        objectIdAlias: alias,
      },
      [cache.urn, last],
      { ignoreChanges: ["accessPolicyAssignmentName"], aliases: [{ name: `big-assignment-app${i}` }] },
    );
    out.push(a);
    last = a.urn;
  }
  if (edit) {
    for (let i = 200; i < 210; i++) {
      const a = reg(
        `big-assignment-${oid(i)}`,
        "azure-native:redis:AccessPolicyAssignment",
        {
          resourceGroupName: "rg",
          cacheName: "big",
          accessPolicyAssignmentName: oid(i),
          accessPolicyName: "Data Reader",
          objectId: oid(i),
          objectIdAlias: `new${i}`,
        },
        [cache.urn, last],
      );
      out.push(a);
      last = a.urn;
    }
  }
  for (let i = 0; i < 46; i++) {
    const end = edit && i < 5 ? 20 : 10;
    out.push(
      reg(
        `big-fw-r${i}`,
        "azure-native:redis:FirewallRule",
        {
          resourceGroupName: "rg",
          cacheName: "big",
          ruleName: `r${i}`,
          startIP: `10.0.${i}.1`,
          endIP: `10.0.${i}.${end}`,
        },
        [cache.urn],
      ),
    );
  }
  out.push(
    reg(
      "big-diag-cache",
      "azure-native:monitor:DiagnosticSetting",
      { resourceUri: "x", name: "d", workspaceId: "w" },
      [cache.urn],
    ),
  );
  out.push(
    reg(
      "big-lock",
      "azure-native:authorization:ManagementLockByScope",
      { scope: "x", lockName: "l", level: "CanNotDelete" },
      out.map((r) => r.urn).filter((u) => u !== C),
    ),
  );
  return out;
}

const rounds = Number(process.argv[2] ?? 7);
const v1 = stack(false).map((r) => asOldResource(r));
const v2 = stack(true);
const times: number[] = [];
let last: ReturnType<typeof planUpdate> | undefined;
for (let i = 0; i < rounds; i++) {
  const t0 = performance.now();
  last = planUpdate(v1, v2);
  times.push(performance.now() - t0);
}
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const counts = new Map<string, number>();
  for (const s of last!.steps) counts.set(s.op, (counts.get(s.op) ?? 0) + 1);
  console.log(`old state ${v1.length} resources, new program ${v2.length} registrations, ${rounds} rounds`);
  console.log(
    `steps: ${[...counts].map(([k, n]) => `${k} ${n}`).join(", ")}; hazards: ${last!.hazards.length}`,
  );
  console.log(
    `plan derivation: median ${median(times).toFixed(1)} ms (min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)}); target < 1000 ms`,
  );
  if (median(times) >= 1000) process.exitCode = 1;
}
