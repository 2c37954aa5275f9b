/**
 * Records what Pulumi's mocks don't show: under `pulumi.runtime.setMocks`, the mocks' `newResource`
 * sees a resource's type, name and inputs, but not its parent, its dependencies or the URN it gets.
 * This wraps the mock monitor's `registerResource` to capture those, for the CLI's offline `preview`
 * and for the component tests. Install it right after `setMocks` (the monitor it wraps is the mock one).
 * Pulumi is passed in, so this file loads whichever SDK instance the caller set the mocks on.
 */
import type * as PulumiSdk from "@pulumi/pulumi";
import type { AliasSpec } from "./engine-steps/model.ts";

/** What the engine was told about one registration, beyond its inputs. */
export interface RegistrationMeta {
  /** Parent URN ("" for a top-level resource). */
  parent: string;
  /** Every URN the resource waits for: explicit `dependsOn` and those implied by its inputs. */
  dependencies: string[];
  /** The explicit `dependsOn` only (all dependencies minus those implied by inputs). */
  dependsOn: string[];
  /** The `import` id, "" when none. */
  importId: string;
  /** Aliases as sent: a URN, or a spec the engine completes (see internal/engine-steps/urn.ts). */
  aliases: AliasSpec[];
  protect?: boolean;
  /** `deleteBeforeReplace`, when the program set it. */
  deleteBeforeReplace?: boolean;
  ignoreChanges: string[];
  replaceOnChanges: string[];
  /** Dependencies per input property. */
  propertyDependencies: Record<string, string[]>;
}

/** A recorded resource whose `urn` is filled in when the engine assigns it. */
export interface UrnTarget {
  type: string;
  name: string;
  urn: string;
}

/** Hands the metadata of each registration to the mocks' `newResource`. */
export interface MockRegistrationRecorder {
  /** The metadata of the oldest not-yet-taken registration of this type and name. */
  take(type: string, name: string): RegistrationMeta;
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getImportid(): string;
  getDependenciesList(): string[];
  getProtect?(): boolean;
  getDeletebeforereplace?(): boolean;
  getDeletebeforereplacedefined?(): boolean;
  getIgnorechangesList?(): string[];
  getReplaceonchangesList?(): string[];
  getAliasesList?(): ProtoAlias[];
  getAliasurnsList?(): string[];
  getPropertydependenciesMap(): {
    forEach(cb: (value: { getUrnsList(): string[] }, key: string) => void): void;
  };
}
interface ProtoAlias {
  getUrn(): string;
  getSpec():
    | {
        getName(): string;
        getType(): string;
        getStack(): string;
        getProject(): string;
        getParenturn(): string;
        getNoparent(): boolean;
      }
    | undefined;
}

function aliasOf(a: ProtoAlias): AliasSpec {
  const spec = a.getSpec();
  if (a.getUrn() || !spec) return { urn: a.getUrn() };
  return {
    ...(spec.getName() ? { name: spec.getName() } : {}),
    ...(spec.getType() ? { type: spec.getType() } : {}),
    ...(spec.getStack() ? { stack: spec.getStack() } : {}),
    ...(spec.getProject() ? { project: spec.getProject() } : {}),
    ...(spec.getParenturn() ? { parentUrn: spec.getParenturn() } : {}),
    ...(spec.getNoparent() ? { noParent: true } : {}),
  };
}

type RegisterCallback = (err: unknown, res?: { getUrn(): string }) => void;
type Monitor = { registerResource(req: RegisterRequest, cb: RegisterCallback): unknown };

/**
 * Wraps the mock monitor. `recorded` is the caller's list of resources (pushed by its `newResource`);
 * the newest entry of the same type and name without a URN gets the URN the engine assigns.
 */
export function recordMockRegistrations(
  pulumi: typeof PulumiSdk,
  recorded: UrnTarget[],
): MockRegistrationRecorder {
  const pending = new Map<string, RegistrationMeta[]>();
  const monitor = pulumi.runtime.getMonitor() as unknown as Monitor;
  const original = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) => {
    const implied = new Set<string>();
    const propertyDependencies: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((deps, key) => {
      propertyDependencies[key] = deps.getUrnsList();
      deps.getUrnsList().forEach((u) => implied.add(u));
    });
    const key = `${req.getType()}::${req.getName()}`;
    const list = pending.get(key) ?? [];
    list.push({
      parent: req.getParent(),
      dependencies: req.getDependenciesList(),
      dependsOn: req.getDependenciesList().filter((u) => !implied.has(u)),
      importId: req.getImportid(),
      aliases: [
        ...(req.getAliasesList?.() ?? []).map(aliasOf),
        ...(req.getAliasurnsList?.() ?? []).map((urn) => ({ urn })),
      ],
      ...(req.getProtect?.() ? { protect: true } : {}),
      ...(req.getDeletebeforereplacedefined?.()
        ? { deleteBeforeReplace: req.getDeletebeforereplace?.() ?? false }
        : {}),
      ignoreChanges: req.getIgnorechangesList?.() ?? [],
      replaceOnChanges: req.getReplaceonchangesList?.() ?? [],
      propertyDependencies,
    });
    pending.set(key, list);
    return original(req, (err, res) => {
      if (!err && res) {
        const r = [...recorded].reverse().find((x) => x.urn === "" && `${x.type}::${x.name}` === key);
        if (r) r.urn = res.getUrn();
      }
      cb(err, res);
    });
  };
  return {
    take(type, name) {
      return (
        pending.get(`${type}::${name}`)?.shift() ?? {
          parent: "",
          dependencies: [],
          dependsOn: [],
          importId: "",
          aliases: [],
          ignoreChanges: [],
          replaceOnChanges: [],
          propertyDependencies: {},
        }
      );
    },
  };
}
