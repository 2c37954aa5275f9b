/**
 * The update harness: builds version 1 of a program (as `pulumi up` left it) and version 2 (as
 * `pulumi up` or `pulumi preview` runs it) under Pulumi's mocks, derives the engine's steps
 * (src/internal/engine-steps) and runs them against the Azure model. Each matrix test file runs in
 * one mode (the mocks read it at import).
 */
import assert from "node:assert/strict";
import type * as Mocks from "../infra/mocks.ts";
import {
  asOldResource,
  describeSteps,
  planUpdate,
  type UpdatePlan,
} from "../../src/internal/engine-steps/plan.ts";
import type { Registration } from "../../src/internal/engine-steps/model.ts";

type MocksModule = typeof Mocks;

/** One everyday edit: the program before and after. */
export interface Transition {
  name: string;
  v1: () => unknown;
  v2: () => unknown;
  /** Asserts the reverse edit (v2 → v1) too. */
  both?: boolean;
  /**
   * A hazard that only the user can avoid and the component can't see (it has no state): the row
   * asserts the model finds exactly it (by a part of its message), and README says what to do.
   */
  knownHazard?: RegExp;
  /** Turns version 1 into the state an earlier release left (legacy.ts). */
  v1State?: (regs: Registration[]) => Registration[];
  /**
   * The row's hazards exactly, each `kind name` (name: the end of the resource's URN), in any order:
   * for rows where a refusal is the point (protectData, protect-rows.ts). Forward direction only.
   */
  hazards?: string[];
  /** The row's steps exactly (describeSteps), forward direction only: [] for a state-only change. */
  steps?: string[];
}

export interface TransitionResult {
  name: string;
  steps: string[];
  hazards: string[];
  plan: UpdatePlan;
}

function registrations(m: MocksModule): Registration[] {
  return m.resources.map((r) => ({
    urn: r.urn,
    type: r.type,
    name: r.name,
    custom: r.custom,
    inputs: r.inputs,
    ...(r.parent ? { parent: r.parent } : {}),
    dependencies: r.dependencies,
    aliases: r.aliases,
    ...(r.protect ? { protect: true } : {}),
    ...(r.deleteBeforeReplace !== undefined ? { deleteBeforeReplace: r.deleteBeforeReplace } : {}),
    ignoreChanges: r.ignoreChanges,
    replaceOnChanges: r.replaceOnChanges,
    ...(r.importId ? { importId: r.importId } : {}),
    propertyDependencies: r.propertyDependencies,
  }));
}

/** Built programs, by program and by what the stack already had (a preview depends on it). */
const built = new Map<() => unknown, Map<string, Registration[]>>();

async function build(m: MocksModule, program: () => unknown): Promise<Registration[]> {
  const key = m.DRY_RUN ? `${m.deployed.all}|${[...m.deployed.keys].sort().join(",")}` : "";
  const hit = built.get(program)?.get(key);
  if (hit) return hit;
  const regs = await buildNow(m, program);
  built.set(program, (built.get(program) ?? new Map<string, Registration[]>()).set(key, regs));
  return regs;
}

async function buildNow(m: MocksModule, program: () => unknown): Promise<Registration[]> {
  m.reset();
  const errors = await m.expectRejections(program);
  assert.deepEqual(
    errors.map((e) => e.message),
    [],
    "the program failed under mocks",
  );
  return registrations(m);
}

/** Runs `from` then `to` and plans the update between them. */
export async function transition(
  m: MocksModule,
  from: () => unknown,
  to: () => unknown,
  v1State: (regs: Registration[]) => Registration[] = (r) => r,
): Promise<UpdatePlan & { news: Registration[] }> {
  m.deployed.all = true;
  const v1 = v1State(await build(m, from));
  m.deployed.all = false;
  m.deployed.keys = new Set(v1.map((r) => `${r.type}::${r.name}`));
  const v2 = await build(m, to);
  m.deployed.keys = new Set();
  return {
    ...planUpdate(
      v1.map((r) => asOldResource(r)),
      v2,
    ),
    news: v2,
  };
}

/** Runs one row (both directions where it has them) and asserts the three properties. */
export async function checkTransition(m: MocksModule, t: Transition): Promise<TransitionResult[]> {
  const runs: [string, () => unknown, () => unknown][] = [[t.name, t.v1, t.v2]];
  if (t.both) runs.push([`${t.name} (reverse)`, t.v2, t.v1]);
  const out: TransitionResult[] = [];
  for (const [name, a, b] of runs) {
    const plan = await transition(m, a, b, name === t.name ? t.v1State : undefined);
    const hazards = plan.hazards.map((h) => `${h.kind}: ${h.message}`);
    const steps = describeSteps(plan.steps);
    if (t.hazards && name === t.name) {
      assert.deepEqual(
        plan.hazards.map((h) => `${h.kind} ${h.urn.split("::").pop()}`).sort(),
        [...t.hazards].sort(),
        `${name}: hazards\n${hazards.join("\n") || "(none)"}\nsteps:\n${steps.join("\n")}`,
      );
    } else if (t.knownHazard && name === t.name) {
      assert.ok(
        hazards.some((h) => t.knownHazard!.test(h)),
        `${name}: expected the documented hazard ${t.knownHazard}, got:\n${hazards.join("\n") || "(none)"}\nsteps:\n${steps.join("\n")}`,
      );
    } else {
      assert.deepEqual(hazards, [], `${name}: steps\n${steps.join("\n")}`);
    }
    if (t.steps && name === t.name) assert.deepEqual(steps, t.steps, `${name}: steps`);
    out.push({ name, steps, hazards, plan });
  }
  return out;
}

/** The matrix's table (transition → steps → verdict), as markdown rows. */
export function table(results: readonly TransitionResult[]): string {
  const rows = results.map(
    (r) =>
      `| ${r.name} | ${r.steps.length ? r.steps.join("<br>") : "(no change)"} | ${r.hazards.length ? r.hazards.join("<br>") : "safe"} |`,
  );
  return ["| transition | steps | verdict |", "| --- | --- | --- |", ...rows].join("\n");
}
