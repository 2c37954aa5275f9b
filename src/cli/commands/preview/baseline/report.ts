/**
 * `preview --baseline`: the update plan as `pulumi preview` shows it (create / update / replace /
 * delete per resource, with the changed properties), then every hazard in words. Values are never
 * printed (property names only), so secrets stay masked.
 */
import { planUpdate, type Hazard, type PlannedStep } from "../../../../internal/engine-steps/plan.ts";
import type { PreviewResource, PreviewResult } from "../../../../internal/pulumi-offline/model.ts";
import { PLACEHOLDER_DEPLOYER_OBJECT_ID } from "../placeholders.ts";
import { describeSettings } from "../summary.ts";
import type { BaselineState } from "./state.ts";
import { registrationsOf } from "../../../../internal/pulumi-offline/registrations.ts";

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
  /** A delete that only drops the resource from the stack (`retainOnDelete`): Azure keeps it. */
  retain?: true;
  /** What a created or replaced resource will be, in words (as the preview's tree says it). */
  settings?: string[];
  /** The step wave it runs in: a wave starts once the waves before it are done (the engine's order). */
  wave: number;
}

export interface BaselinePlan {
  baseline: { file: string; format: BaselineState["format"]; resources: number };
  rows: PlanRow[];
  unchanged: number;
  hazards: Hazard[];
  /** The program's own warnings (`pulumi.log.warn`), e.g. a migration's disparities. */
  warnings: string[];
  /** What the offline plan can't know (the deploying identity), and how to tell it. */
  notes: string[];
}

const nameOf = (urn: string) => urn.split("::").pop() ?? urn;

function rowsOf(steps: readonly PlannedStep[], resources: readonly PreviewResource[]): PlanRow[] {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const rows: PlanRow[] = [];
  for (const s of steps) {
    if (s.op === "same" || s.op === "delete-replaced") continue;
    const declared = s.op === "create" || s.op === "replace" ? byUrn.get(s.urn) : undefined;
    const settings = declared ? describeSettings(declared) : [];
    rows.push({
      op: s.op === "replace" ? "replace" : s.op,
      type: s.type,
      name: nameOf(s.urn),
      urn: s.urn,
      changed: s.changed,
      replaceKeys: s.replaceKeys,
      wave: s.wave,
      ...(s.op === "replace" ? { deleteFirst: s.deleteBeforeReplace === true } : {}),
      ...(s.aliasOf ? { was: s.aliasOf } : {}),
      ...(s.op === "delete" && s.retain ? { retain: true as const } : {}),
      ...(settings.length > 0 ? { settings } : {}),
    });
  }
  // A create-before-delete replacement's old resource is deleted at the end: shown once, as the replace.
  const replaced = new Set(rows.filter((r) => r.op === "replace").map((r) => r.was ?? r.urn));
  return rows.filter((r) => !(r.op === "delete" && replaced.has(r.urn)));
}

/**
 * The resources that change only because the deploying identity (`currentPrincipal()`) is a
 * placeholder offline: `pulumi preview` asks Azure who runs it.
 */
function deployerNotes(steps: readonly PlannedStep[]): string[] {
  const touched = steps
    .filter(
      (s) => s.op !== "same" && JSON.stringify(s.newInputs ?? {}).includes(PLACEHOLDER_DEPLOYER_OBJECT_ID),
    )
    .map((s) => nameOf(s.urn));
  return touched.length === 0
    ? []
    : [
        `the deploying identity (currentPrincipal(), getClientConfig) is the placeholder ${PLACEHOLDER_DEPLOYER_OBJECT_ID} offline, so ${touched.join(", ")} carr${touched.length === 1 ? "ies" : "y"} it where \`pulumi preview\` has yours: give the object id of whoever runs \`pulumi up\` with --deployer (\`az ad signed-in-user show --query id -o tsv\`)`,
      ];
}

/** Plans the update from the baseline's state to what the preview declared. */
export function baselinePlan(file: string, state: BaselineState, result: PreviewResult): BaselinePlan {
  const plan = planUpdate(state.olds, registrationsOf(result.resources));
  return {
    baseline: { file, format: state.format, resources: state.olds.length },
    rows: rowsOf(plan.steps, result.resources),
    unchanged: plan.steps.filter((s) => s.op === "same").length,
    hazards: plan.hazards,
    warnings: result.warnings ?? [],
    notes: deployerNotes(plan.steps),
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
    const retain = r.retain ? " [retain: dropped from the stack, left in Azure]" : "";
    out(`  ${SYMBOL[r.op].padEnd(2)} ${r.op.padEnd(7)} ${r.type} ${r.name}${keys}${was}${retain}`);
    for (const s of r.settings ?? []) out(`             ${s}`);
  }
  const count = (op: PlanRow["op"]) => plan.rows.filter((r) => r.op === op).length;
  const parts = (["create", "update", "replace", "delete", "import"] as const)
    .filter((op) => count(op) > 0)
    .map((op) => `${count(op)} to ${op}`);
  out(`Resources: ${[...parts, `${plan.unchanged} unchanged`].join(", ")}`);
  if (plan.hazards.length === 0)
    out(
      "No hazards: nothing Azure or azure-native would refuse, no identity loses access, nothing replaced.",
    );
  else {
    out(`Hazards (${plan.hazards.length}):`);
    for (const h of plan.hazards) out(`  ! ${h.kind}: ${h.message}`);
  }
  if (plan.warnings.length > 0) {
    out(`Warnings from the program (${plan.warnings.length}):`);
    for (const w of plan.warnings) out(`  ~ ${w}`);
  }
  for (const n of plan.notes) out(`Note: ${n}`);
}
