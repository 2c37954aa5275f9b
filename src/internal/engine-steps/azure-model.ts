/**
 * Runs a deployment plan against a model of Azure and says what Azure or azure-native would refuse
 * and who would lose access. Rules (each cited in docs/azure-facts.md, "How a deployed stack changes"):
 * 1. azure-native checks existence before a create: a create whose id exists is refused
 *    ("cannot create already existing resource");
 * 2. one access policy assignment per identity per cache / per Managed Redis database (a second one
 *    for the same object id: "duplicate entries");
 * 3. ARM names are case-insensitive (ids are compared lower-case);
 * 4. one access policy or assignment write at a time per cache / database ("busy processing a
 *    previous update request": Conflict);
 * 5. a management lock applies to the resource and its children: CanNotDelete refuses their
 *    deletes, ReadOnly also their writes.
 * A replacement or delete the engine refuses (a protected resource: steps.ts) never reaches Azure;
 * the plan's other steps are still run, as a preview shows them.
 * Simplified: steps of one wave run at once (the engine runs independent steps in parallel; here
 * every ordering inside a wave counts, so deletes are applied before creates when access is
 * checked, and creates see the state before the wave's deletes); a delete of the target takes its
 * children with it; nothing fails for reasons outside these rules (quotas, SKUs, timing).
 */
import { AzureIds, TARGET_TYPES, type IdSource } from "./azure-ids.ts";
import { unwrapSecret, UNKNOWN, type OldResource, type Registration } from "./model.ts";
import type { DeploymentPlan, PlannedStep } from "./steps.ts";

export const ACCESS_TYPES = new Set([
  "azure-native:redis:AccessPolicy",
  "azure-native:redis:AccessPolicyAssignment",
  "azure-native:redisenterprise:AccessPolicyAssignment",
  "azure-native:resources:Resource",
]);
const LOCK_TYPE = "azure-native:authorization:ManagementLockByScope";

export type HazardKind = "refused" | "access-lost" | "replaced" | "engine";

export interface Hazard {
  kind: HazardKind;
  /** URN of the resource concerned. */
  urn: string;
  message: string;
}

/** An Azure resource in the model. */
interface Live {
  id: string;
  type: string;
  container?: string;
  /** Object id of an assignment (lower-case), undefined when unknown. */
  objectId?: string;
  lockLevel?: string;
}

export interface AzureRun {
  hazards: Hazard[];
  /** The Azure id each step touched, in step order. */
  ids: string[];
}

function objectIdOf(type: string, inputs: Record<string, unknown> | undefined): string | undefined {
  if (!inputs) return undefined;
  const v =
    type === "azure-native:redis:AccessPolicyAssignment"
      ? inputs.objectId
      : type === "azure-native:redisenterprise:AccessPolicyAssignment"
        ? (inputs.user as Record<string, unknown> | undefined)?.objectId
        : (
            (inputs.properties as Record<string, unknown> | undefined)?.user as
              Record<string, unknown> | undefined
          )?.objectId;
  const p = unwrapSecret(v);
  return typeof p === "string" && p !== UNKNOWN ? p.toLowerCase() : undefined;
}

const isAssignment = (type: string, inputs?: Record<string, unknown>) =>
  type.endsWith(":AccessPolicyAssignment") ||
  (type === "azure-native:resources:Resource" && objectIdOf(type, inputs) !== undefined);

function short(urn: string): string {
  return urn.split("::").pop() ?? urn;
}

/** Applies `plan` to Azure as the old state has it; returns every hazard. */
export function runAgainstAzure(
  olds: readonly (OldResource & { propertyDependencies?: Record<string, string[]> })[],
  news: readonly (Registration & { propertyDependencies?: Record<string, string[]> })[],
  plan: DeploymentPlan,
): AzureRun {
  const hazards: Hazard[] = plan.errors.map(({ urn, message }) => ({
    kind: "engine" as const,
    urn,
    message,
  }));
  // A replacement or delete the engine refuses (a protected resource) never reaches Azure.
  const refusedByEngine = new Set(plan.errors.map((e) => e.urn));
  for (const s of plan.steps) if (s.aliasOf && refusedByEngine.has(s.urn)) refusedByEngine.add(s.aliasOf);
  const runs = (s: PlannedStep) =>
    s.op !== "same" &&
    !(refusedByEngine.has(s.urn) && (s.op === "replace" || s.op === "delete-replaced" || s.op === "delete"));
  const oldIds = new AzureIds(olds);
  // A new resource matched to an old one keeps the old one's generated name.
  const matched = new Map(plan.steps.filter((s) => s.aliasOf).map((s) => [s.urn, s.aliasOf!]));
  const oldByUrn = new Map(olds.map((o) => [o.urn, o]));
  // A create-before-delete replacement is one azure-native named itself: it gets a new random name.
  const renamed = new Set(
    plan.steps.filter((s) => s.op === "replace" && !s.deleteBeforeReplace).map((s) => s.urn),
  );
  const newIds = new AzureIds(news, (urn) => {
    const o = oldByUrn.get(matched.get(urn) ?? urn);
    const old = o ? oldIds.idOf(o.urn).split("/").pop() : undefined;
    return old !== undefined && renamed.has(urn) ? `${old}-new` : old;
  });
  const newSources = new Map(news.map((n) => [n.urn, n as IdSource]));

  // Azure before the update: every old custom resource.
  const live = new Map<string, Live>();
  const describe = (ids: AzureIds, src: IdSource, inputs: Record<string, unknown> | undefined): Live => {
    const id = ids.idOf(src.urn);
    const container = TARGET_TYPES.has(src.type) ? undefined : ids.containerOf(src, containerInput(src.type));
    const level = src.type === LOCK_TYPE ? String(unwrapSecret(inputs?.level) ?? "") : undefined;
    return {
      id,
      type: src.type,
      ...(container ? { container } : {}),
      ...(isAssignment(src.type, inputs) ? { objectId: objectIdOf(src.type, inputs) } : {}),
      ...(level ? { lockLevel: level } : {}),
    };
  };
  for (const o of olds) if (o.custom) live.set(oldIds.idOf(o.urn), describe(oldIds, o, o.inputs));

  // Identities that keep access: assignments in both the old and the new program, per target.
  const keyOf = (l: Live) => `${l.container ?? "?"}|${l.objectId}`;
  const before = new Set([...live.values()].filter((l) => l.objectId).map(keyOf));
  const after = new Set(
    news
      .filter((n) => n.custom && isAssignment(n.type, n.inputs))
      .map((n) => describe(newIds, n as IdSource, n.inputs))
      .filter((l) => l.objectId)
      .map(keyOf),
  );
  const kept = [...before].filter((k) => after.has(k));

  const ids: string[] = [];
  const waves = [...new Set(plan.steps.map((s) => s.wave))].sort((a, b) => a - b);
  const lost = new Set<string>();
  for (const w of waves) {
    const wave = plan.steps.filter((s) => s.wave === w && runs(s));
    const start = new Map(live);
    const writesPerContainer = new Map<string, PlannedStep[]>();
    const touched = wave.map((s) => {
      const isDelete = s.op === "delete" || s.op === "delete-replaced";
      const src = isDelete ? (oldByUrn.get(s.urn) as IdSource) : newSources.get(s.urn)!;
      const described = describe(isDelete ? oldIds : newIds, src, isDelete ? s.oldInputs : s.newInputs);
      // An update writes to the resource that exists: its Azure id is the old one, whatever name the
      // program now derives (ignoreChanges keeps the old name, e.g. an assignment named by 0.1.0).
      const oldUrn = s.aliasOf ?? s.urn;
      const l =
        s.op === "update" && oldByUrn.has(oldUrn) ? { ...described, id: oldIds.idOf(oldUrn) } : described;
      ids.push(l.id);
      if (
        ACCESS_TYPES.has(s.type) &&
        l.container &&
        (s.type !== "azure-native:resources:Resource" || l.objectId !== undefined || isAccessPath(l.id))
      ) {
        const list = writesPerContainer.get(l.container) ?? [];
        list.push(s);
        writesPerContainer.set(l.container, list);
      }
      return { s, l, isDelete };
    });
    for (const [container, list] of writesPerContainer) {
      if (list.length > 1) {
        hazards.push({
          kind: "refused",
          urn: list[1].urn,
          message: `${list.length} access writes at once on ${container.split("/").pop()} (${list.map((s) => `${s.op} ${short(s.urn)}`).join(", ")}): Azure takes one at a time and fails the others ("busy processing a previous update request", Conflict)`,
        });
      }
    }
    // Locks, as Azure has them at the start of the wave.
    const locks = [...start.values()].filter((x) => x.type === LOCK_TYPE && x.container !== undefined);
    for (const { s, l, isDelete } of touched) {
      if (s.type === LOCK_TYPE) continue;
      // A lock applies to its scope and everything below it.
      for (const lock of locks.filter((x) => l.id === x.container || l.id.startsWith(`${x.container}/`))) {
        if (isDelete && !s.retain) {
          hazards.push({
            kind: "refused",
            urn: s.urn,
            message: `deleting ${short(s.urn)} is refused: a ${lock.lockLevel} lock on ${lock.container?.split("/").pop()} covers it ("ScopeLocked")`,
          });
        } else if (!isDelete && lock.lockLevel === "ReadOnly") {
          hazards.push({
            kind: "refused",
            urn: s.urn,
            message: `writing ${short(s.urn)} is refused: a ReadOnly lock on ${lock.container?.split("/").pop()} allows no change ("ScopeLocked")`,
          });
        }
      }
    }
    // Deletes first (the worst case for access), then creates and updates.
    for (const { s, l, isDelete } of touched) {
      if (!isDelete || s.retain) continue;
      live.delete(l.id);
      if (TARGET_TYPES.has(s.type))
        for (const [k, x] of live) if (x.container === l.id || k.startsWith(`${l.id}/`)) live.delete(k);
    }
    const present = assigned(live, keyOf);
    for (const k of kept) {
      if (!present.has(k) && !lost.has(k)) {
        lost.add(k);
        const [container, oid] = k.split("|");
        const gap = touched.find((t) => t.isDelete && t.l.objectId !== undefined && keyOf(t.l) === k);
        hazards.push({
          kind: "access-lost",
          urn: gap?.s.urn ?? "",
          message: `identity ${oid} loses its access to ${container?.split("/").pop()}: its assignment is deleted${gap ? ` (${gap.s.op} ${short(gap.s.urn)})` : ""} before its new one exists; its tokens are refused until the update creates it again${lostUntil(plan, waves, w)}`,
        });
      }
    }
    for (const { s, l, isDelete } of touched) {
      if (isDelete) continue;
      const creates = s.op === "create" || s.op === "replace";
      if (creates && start.has(l.id)) {
        hazards.push({
          kind: "refused",
          urn: s.urn,
          message: `${short(s.urn)} would create ${l.id.split("/").slice(-2).join("/")}, which already exists in Azure: azure-native refuses ("cannot create already existing resource")`,
        });
      }
      if (l.objectId !== undefined) {
        const dup = [...live.values()].find(
          (x) => x.id !== l.id && x.objectId === l.objectId && x.container === l.container,
        );
        if (dup) {
          hazards.push({
            kind: "refused",
            urn: s.urn,
            message: `${short(s.urn)} gives identity ${l.objectId} a second assignment (${l.id.split("/").pop()}) next to ${dup.id.split("/").pop()}: Azure allows one per identity per cache or database ("InvalidAccessPolicyAssignment … duplicate entries")`,
          });
        }
      }
      if (s.op === "import" || creates || s.op === "update") live.set(l.id, l);
      if (s.op === "replace" && TARGET_TYPES.has(s.type)) {
        hazards.push({
          kind: "replaced",
          urn: s.urn,
          message: `${short(s.urn)} is replaced (${s.replaceKeys.join(", ")} can only be set when it is created): the new one starts empty, with a new host name unless the name is fixed`,
        });
      }
    }
  }
  // Every kept identity must have its assignment at the end too.
  const present = assigned(live, keyOf);
  for (const k of kept) {
    if (!lost.has(k) && !present.has(k)) {
      hazards.push({
        kind: "access-lost",
        urn: "",
        message: `identity ${k.split("|")[1]} has no assignment after the update`,
      });
    }
  }
  return { hazards, ids };
}

/** The identity-and-target keys that have an assignment in `live`. */
function assigned(live: ReadonlyMap<string, Live>, keyOf: (l: Live) => string): Set<string> {
  const out = new Set<string>();
  for (const x of live.values()) if (x.objectId !== undefined) out.add(keyOf(x));
  return out;
}

function isAccessPath(id: string): boolean {
  return id.includes("/accesspolicyassignments/") || id.includes("/accesspolicies/");
}

function lostUntil(plan: DeploymentPlan, waves: number[], w: number): string {
  const left = waves.filter((x) => x > w).length;
  return left > 0
    ? ` (${left} more step wave${left === 1 ? "" : "s"} of the update)`
    : " (until the next update)";
}

function containerInput(type: string): string {
  switch (type) {
    case "azure-native:redisenterprise:AccessPolicyAssignment":
      return "databaseName";
    case "azure-native:resources:Resource":
      return "parentResourcePath";
    case "azure-native:authorization:ManagementLockByScope":
    case "azure-native:authorization:RoleAssignment":
      return "scope";
    case "azure-native:monitor:DiagnosticSetting":
      return "resourceUri";
    case "azure-native:redis:PatchSchedule":
    case "azure-native:redis:LinkedServer":
      return "name";
    default:
      return "cacheName";
  }
}
