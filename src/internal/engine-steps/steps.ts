/**
 * The steps Pulumi's engine derives from an old state and a program's new registrations, after
 * pulumi/pulumi `pkg/resource/deploy/step_generator.go` (read at 1b5949891b, August 2026):
 * - a registration is matched to an old resource by its URN first, then by its aliases in order
 *   (getOldResource); aliases inherit a parent's alias (generateAliases, inheritedChildAlias);
 * - no old resource: create (or import, with an `import` id);
 * - `ignoreChanges` paths take the old value before the diff (processIgnoreChanges);
 * - the provider's diff decides same / update / replace; `replaceOnChanges` adds replace keys
 *   (applyReplaceOnChanges); a replacement is delete-before-create when the program says
 *   `deleteBeforeReplace`, else as the provider asks (continueStepsFromDiff); a resource protected
 *   both in the state and in the program can't be replaced (`new.Protect && old.Protect`: lifting
 *   `protect` and replacing in one update is allowed; adding `protect` is a state-only change), and
 *   one protected in the state can't be deleted (`DeleteStep.Apply` in step.go, in a preview too);
 * - create-before-delete: the replacement is created in place of the registration and the old
 *   resource is deleted with every other delete, after every create and update (GenerateDeletes);
 * - old resources no registration claimed are deleted, in reverse dependency order, independent
 *   ones together (ScheduleDeletes).
 *
 * Simplified: components never change (the engine diffs their inputs without a provider: same);
 * a delete-before-replace doesn't cascade to dependents (calculateDependentReplacements: the
 * dependents' own diffs still show whether they are replaced); no targets, refresh, read steps,
 * providers or views.
 */
import { azureNativeDiff } from "./azure-native-diff.ts";
import type { DiffFn, OldResource, Registration, Step } from "./model.ts";
import { aliasUrns, parseUrn } from "./urn.ts";

/** A step with the wave it runs in (steps of one wave run in parallel; waves run in order). */
export interface PlannedStep extends Step {
  wave: number;
}

/** What the engine refuses (a protected resource replaced or deleted, an alias claimed twice). */
export interface EngineError {
  /** The resource refused ("" when none). */
  urn: string;
  message: string;
}

export interface DeploymentPlan {
  steps: PlannedStep[];
  errors: EngineError[];
}

const DATA_GUARDS: ReadonlyMap<string, string> = new Map([
  ["azure-redis-entra:index:EntraRedisCache", "the cache"],
  ["azure-redis-entra:index:EntraManagedRedis", "the cluster and database"],
]);

/**
 * How to lift the protection of `old`: the component's `protectData: false` when that is what
 * protects it (an EntraRedisCache's cache, an EntraManagedRedis's cluster and database, registered
 * with `protect: true` while their component isn't protected), otherwise `protect` itself.
 */
function unprotect(old: OldResource, byUrn: ReadonlyMap<string, OldResource>): string {
  const parent = old.parent === undefined ? undefined : byUrn.get(old.parent);
  const component = parent === undefined ? undefined : parseUrn(parent.urn);
  if (component !== undefined && DATA_GUARDS.has(component.type) && !parent!.protect)
    return `set protectData: false on ${component.type.split(":").pop()} "${component.name}" (it guards ${DATA_GUARDS.get(component.type)})`;
  return parent?.protect
    ? `remove \`protect\` from ${parseUrn(parent.urn).name} (a component's protect covers its children)`
    : "remove `protect` from it";
}

export interface PlanOptions {
  project?: string;
  stack?: string;
  /** The provider's diff (default: azure-native's). */
  diff?: DiffFn;
}

/** `ignoreChanges`: each path takes its old value (or disappears, when it had none). */
export function applyIgnoreChanges(
  news: Record<string, unknown>,
  olds: Record<string, unknown>,
  paths: readonly string[],
): Record<string, unknown> {
  if (paths.length === 0) return news;
  const out = structuredClone(news);
  for (const path of paths) {
    const parts = path.split(".");
    let o: unknown = olds;
    let n: Record<string, unknown> = out;
    for (let i = 0; i < parts.length - 1; i++) {
      o = (o as Record<string, unknown> | undefined)?.[parts[i]];
      const next = n[parts[i]];
      if (next === null || typeof next !== "object") {
        n = {};
        break;
      }
      n = next as Record<string, unknown>;
    }
    const last = parts[parts.length - 1];
    const old = (o as Record<string, unknown> | undefined)?.[last];
    if (old === undefined) delete n[last];
    else n[last] = old;
  }
  return out;
}

function matchesReplaceOnChanges(key: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => p === "*" || p === key || p.startsWith(`${key}.`) || key.startsWith(`${p}.`));
}

/** Derives the engine's steps for moving `olds` to `news`. */
export function deriveSteps(
  olds: readonly OldResource[],
  news: readonly Registration[],
  options: PlanOptions = {},
): DeploymentPlan {
  const diff = options.diff ?? azureNativeDiff;
  const first = news[0]?.urn ?? olds[0]?.urn;
  const { project, stack } = first
    ? parseUrn(first)
    : { project: options.project ?? "project", stack: options.stack ?? "stack" };
  const byUrn = new Map(olds.map((o) => [o.urn, o]));
  const claimed = new Map<string, string>(); // old URN -> new URN
  const parentAliases = new Map<string, string>(); // new URN -> old URN it matched
  const steps: Step[] = [];
  const errors: EngineError[] = [];
  const condemned: OldResource[] = []; // replaced create-before-delete: deleted at the end

  for (const reg of news) {
    const candidates = [
      reg.urn,
      ...aliasUrns(reg.name, reg.type, reg.parent, reg.aliases, project, stack, parentAliases),
    ];
    let old: OldResource | undefined;
    for (const u of candidates) {
      const o = byUrn.get(u);
      if (o === undefined) continue;
      const by = claimed.get(u);
      if (by !== undefined && by !== reg.urn) {
        errors.push({
          urn: reg.urn,
          message: `${reg.urn} claims ${u} by an alias, already claimed by ${by}`,
        });
        continue;
      }
      old = o;
      claimed.set(u, reg.urn);
      if (u !== reg.urn) parentAliases.set(reg.urn, u);
      break;
    }
    const base = { urn: reg.urn, type: reg.type, changed: [] as string[], replaceKeys: [] as string[] };
    const aliasOf = old && old.urn !== reg.urn ? { aliasOf: old.urn } : {};
    if (old === undefined) {
      steps.push({ ...base, op: reg.importId ? "import" : "create", newInputs: reg.inputs });
      continue;
    }
    if (!reg.custom) {
      steps.push({ ...base, ...aliasOf, op: "same" });
      continue;
    }
    const inputs = applyIgnoreChanges(reg.inputs, old.inputs, reg.ignoreChanges);
    const d = diff(reg.type, old.inputs, inputs, reg.inputs);
    const replaceKeys = [
      ...d.replaceKeys,
      ...d.changed.filter(
        (k) => !d.replaceKeys.includes(k) && matchesReplaceOnChanges(k, reg.replaceOnChanges),
      ),
    ];
    const io = { oldInputs: old.inputs, newInputs: inputs };
    if (d.changed.length === 0) {
      steps.push({ ...base, ...aliasOf, op: "same", ...io });
    } else if (replaceKeys.length === 0) {
      steps.push({ ...base, ...aliasOf, op: "update", changed: d.changed, ...io });
    } else {
      // Protected in the state and in the program: refused (in an update the engine stops before
      // the replacement; a preview shows it and fails). Unprotecting in the same update is allowed.
      if (reg.protect && old.protect) {
        errors.push({
          urn: reg.urn,
          message: `unable to replace resource ${reg.urn} as it is currently marked for protection: ${replaceKeys.join(", ")} can only be set when it is created, so the edit makes a new one (a new cache, cluster or database starts empty). To replace it anyway, ${unprotect(old, byUrn)} in the same update; or undo the edit`,
        });
      }
      const dbr = reg.deleteBeforeReplace ?? d.deleteBeforeReplace;
      if (dbr) {
        steps.push({
          ...base,
          urn: old.urn,
          type: old.type,
          op: "delete-replaced",
          oldInputs: old.inputs,
          dependencies: old.dependencies,
          ...(old.retainOnDelete ? { retain: true } : {}),
        });
      } else condemned.push(old);
      steps.push({
        ...base,
        ...aliasOf,
        op: "replace",
        changed: d.changed,
        replaceKeys,
        deleteBeforeReplace: dbr,
        // A replacement is created from the program's own inputs: the engine checks them again
        // without the old values ignoreChanges put in (continueStepsFromDiff, "recompute the defaults").
        oldInputs: old.inputs,
        newInputs: reg.inputs,
      });
    }
  }

  const gone = olds.filter((o) => !claimed.has(o.urn));
  // A delete of a resource protected in the state is refused (DeleteStep.Apply, in a preview too).
  for (const o of gone)
    if (o.protect)
      errors.push({
        urn: o.urn,
        message: `resource ${o.urn} cannot be deleted because it is protected: first ${unprotect(o, byUrn)} and run \`pulumi up\` (nothing changes in Azure), then remove it in a second update; or run \`pulumi state unprotect\``,
      });
  const deletes = [...gone, ...condemned];
  return { steps: schedule(steps, deletes, news, olds), errors };
}

/**
 * Waves: a create, update or replacement runs once the steps of its dependencies have run (its
 * delete-before-replace first); deletes run after all of them, dependents before what they depend on.
 */
function schedule(
  steps: Step[],
  deletes: OldResource[],
  news: readonly Registration[],
  olds: readonly OldResource[],
): PlannedStep[] {
  const deps = new Map(news.map((r) => [r.urn, r.dependencies]));
  const parentOf = new Map(news.map((r) => [r.urn, r.parent]));
  const wave = new Map<string, number>();
  const out: PlannedStep[] = [];
  const waveOf = (urn: string, seen = new Set<string>()): number => {
    const known = wave.get(urn);
    if (known !== undefined) return known;
    if (seen.has(urn)) return 0;
    seen.add(urn);
    const before = [...(deps.get(urn) ?? []), ...(parentOf.get(urn) ? [parentOf.get(urn)!] : [])];
    const w = before.reduce((m, u) => Math.max(m, waveOf(u, seen) + 1), 0);
    wave.set(urn, w);
    return w;
  };
  const dbrDelete = new Map<string, PlannedStep>();
  for (const s of steps) {
    if (s.op === "delete-replaced") {
      const p = { ...s, wave: 0 };
      dbrDelete.set(s.urn, p);
      out.push(p);
      continue;
    }
    let w = waveOf(s.urn);
    if (s.op === "replace" && s.deleteBeforeReplace) {
      const del = dbrDelete.get(s.aliasOf ?? s.urn);
      if (del) {
        del.wave = Math.max(w, del.wave);
        w = del.wave + 1;
        wave.set(s.urn, w);
      }
    }
    out.push({ ...s, wave: w });
  }
  // Waves of creates and updates are relative to their dependencies; deletes start after the last.
  let next = out.reduce((m, s) => Math.max(m, s.wave), -1) + 1;
  const pending = new Map(deletes.map((d) => [d.urn, d]));
  const oldDeps = new Map(
    olds.map((o) => [o.urn, new Set([...o.dependencies, ...(o.parent ? [o.parent] : [])])]),
  );
  while (pending.size > 0) {
    // Deletable now: nothing still pending depends on it.
    const ready = [...pending.values()].filter(
      (d) => ![...pending.keys()].some((u) => u !== d.urn && oldDeps.get(u)?.has(d.urn)),
    );
    const batch = ready.length > 0 ? ready : [...pending.values()];
    for (const d of batch) {
      out.push({
        op: "delete",
        urn: d.urn,
        type: d.type,
        changed: [],
        replaceKeys: [],
        oldInputs: d.inputs,
        dependencies: d.dependencies,
        ...(d.retainOnDelete ? { retain: true } : {}),
        wave: next,
      });
      pending.delete(d.urn);
    }
    next++;
  }
  return out;
}
