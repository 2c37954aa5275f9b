/**
 * `preview --baseline`: the update plan as `pulumi preview` shows it (create / update / replace /
 * delete per resource, with the changed properties), then every hazard in words. Values are never
 * printed (property names only), so secrets stay masked.
 */
import { planUpdate, type Hazard, type PlannedStep } from "../../../internal/engine-steps/plan.ts";
import type { PreviewResult } from "../model.ts";
import type { BaselineState } from "./state.ts";
import { registrationsOf } from "./registrations.ts";

/** One resource's line of the plan. */
export interface PlanRow {
  op: "create" | "update" | "replace" | "delete" | "import";
  type: string;
  name: string;
  urn: string;
  /** Changed input properties (update, replace). */
  changed: string[];
  /** Properties forcing the replacement (replace). */
  replaceKeys: string[];
  /** For a replacement: the old resource is deleted before the new one is created. */
  deleteFirst?: boolean;
  /** The old URN, when the resource was found by an alias. */
  was?: string;
}

export interface BaselinePlan {
  baseline: { file: string; format: BaselineState["format"]; resources: number };
  rows: PlanRow[];
  unchanged: number;
  hazards: Hazard[];
}

const nameOf = (urn: string) => urn.split("::").pop() ?? urn;

function rowsOf(steps: readonly PlannedStep[]): PlanRow[] {
  const rows: PlanRow[] = [];
  for (const s of steps) {
    if (s.op === "same" || s.op === "delete-replaced") continue;
    rows.push({
      op: s.op === "replace" ? "replace" : s.op,
      type: s.type,
      name: nameOf(s.urn),
      urn: s.urn,
      changed: s.changed,
      replaceKeys: s.replaceKeys,
      ...(s.op === "replace" ? { deleteFirst: s.deleteBeforeReplace === true } : {}),
      ...(s.aliasOf ? { was: s.aliasOf } : {}),
    });
  }
  // A create-before-delete replacement's old resource is deleted at the end: shown once, as the replace.
  const replaced = new Set(rows.filter((r) => r.op === "replace").map((r) => r.was ?? r.urn));
  return rows.filter((r) => !(r.op === "delete" && replaced.has(r.urn)));
}

/** Plans the update from the baseline's state to what the preview declared. */
export function baselinePlan(file: string, state: BaselineState, result: PreviewResult): BaselinePlan {
  const plan = planUpdate(state.olds, registrationsOf(result.resources));
  return {
    baseline: { file, format: state.format, resources: state.olds.length },
    rows: rowsOf(plan.steps),
    unchanged: plan.steps.filter((s) => s.op === "same").length,
    hazards: plan.hazards,
  };
}

const SYMBOL: Record<PlanRow["op"], string> = {
  create: "+",
  update: "~",
  replace: "+-",
  delete: "-",
  import: "=",
};

/** The plan in text, as `pulumi preview` lays it out, then the hazards. */
export function renderBaselinePlan(plan: BaselinePlan, out: (line: string) => void = console.log): void {
  out(
    `Update plan against ${plan.baseline.file} (${plan.baseline.resources} resources, ${plan.baseline.format}):`,
  );
  if (plan.rows.length === 0) out("  no changes");
  for (const r of plan.rows) {
    const keys =
      r.op === "replace"
        ? ` [replace: ${r.replaceKeys.join(", ")}${r.deleteFirst ? "; deleted before the new one is created" : ""}]`
        : r.changed.length
          ? ` [diff: ${r.changed.map((k) => `~${k}`).join(", ")}]`
          : "";
    const was = r.was ? ` (was ${nameOf(r.was)})` : "";
    out(`  ${SYMBOL[r.op].padEnd(2)} ${r.op.padEnd(7)} ${r.type} ${r.name}${keys}${was}`);
  }
  const count = (op: PlanRow["op"]) => plan.rows.filter((r) => r.op === op).length;
  const parts = (["create", "update", "replace", "delete", "import"] as const)
    .filter((op) => count(op) > 0)
    .map((op) => `${count(op)} to ${op}`);
  out(`Resources: ${[...parts, `${plan.unchanged} unchanged`].join(", ")}`);
  if (plan.hazards.length === 0) {
    out(
      "No hazards: nothing Azure or azure-native would refuse, no identity loses access, nothing replaced.",
    );
    return;
  }
  out(`Hazards (${plan.hazards.length}):`);
  for (const h of plan.hazards) out(`  ! ${h.kind}: ${h.message}`);
}
