/**
 * The state rewrite behind `upgrade-state` (README, "Changing a deployed stack"; issue 18): in a
 * `pulumi stack export` (deployment version 3: pulumi/pulumi `sdk/go/common/apitype/core.go`,
 * ResourceV3), each typed `azure-native:redisenterprise:AccessPolicyAssignment` that is a child of an
 * `EntraManagedRedis` (what 0.1.0 registered while every assignment was "default") becomes the
 * generic `azure-native:resources:Resource` the component registers now: same Azure resource (id,
 * outputs and its Azure name kept), the generic type in its type and URN, its inputs rebuilt from its
 * own, and every reference to its old URN in the other resources rewritten. Nothing else changes.
 *
 * All or nothing: every resource is checked first and each problem is reported (resource and field,
 * never a value: the state holds secrets), then the document is rewritten in place. Secrets are
 * copied as they are (their ciphertext objects), never read.
 */
import { CliError } from "../../../internal/cli-errors.ts";
import { SECRET_KEY } from "../../../internal/engine-steps/model.ts";
import { parseUrn } from "../../../internal/engine-steps/urn.ts";
import {
  ACCESS_POLICY_ASSIGNMENT_TYPE,
  ACCESS_STRING_API_VERSION,
  GENERIC_RESOURCE_TYPE as GENERIC_TYPE,
  LEGACY_ASSIGNMENT_TYPE,
} from "../../../infra/managed-redis/access-api.ts";

/** What they become (the type every EntraManagedRedis assignment has since 0.2.0). */
export { GENERIC_TYPE };

/** The component whose typed assignments are rewritten. */
export const MANAGED_REDIS_TYPE = "azure-redis-entra:index:EntraManagedRedis";

/** The typed resource's inputs, exactly (azure-native's `redisenterprise:AccessPolicyAssignment`). */
const TYPED_INPUTS = [
  "accessPolicyAssignmentName",
  "accessPolicyName",
  "clusterName",
  "databaseName",
  "resourceGroupName",
  "user",
] as const;

/**
 * ResourceV3 fields that hold URNs (a string or a list), besides `propertyDependencies` (a map of
 * lists): core.go's `parent`, `dependencies`, `aliases`, `deletedWith`, and the newer `replaceWith`
 * and `viewOf`. Any other field still holding an old URN after the rewrite is refused.
 */
const URN_FIELDS = ["parent", "dependencies", "aliases", "deletedWith", "replaceWith", "viewOf"] as const;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);
const isSecret = (v: unknown): boolean => isObject(v) && SECRET_KEY in v;

/** One assignment rewritten. */
export interface RewrittenAssignment {
  from: string;
  to: string;
}

/** What {@link upgradeState} did. */
export interface UpgradeStateResult {
  /** The assignments rewritten, in the export's order (none: the file needed nothing). */
  rewritten: RewrittenAssignment[];
  /** Typed assignments left alone: not children of an EntraManagedRedis (the user's own). */
  leftAlone: string[];
  /** The stack name in the export's URNs (for `preview --stack`), when there is one. */
  stack: string | undefined;
}

/** The export can't be rewritten safely: every problem, one per line. */
export class StateRewriteError extends CliError {
  readonly file: string;
  readonly problems: readonly string[];

  constructor(file: string, problems: readonly string[]) {
    super(
      `${file}: not rewritten (nothing was written):\n` +
        problems.map((p) => `  - ${p}`).join("\n") +
        '\nFix these in the stack first (or rewrite those resources by hand, README "Changing a deployed stack"), then export it again.',
    );
    this.file = file;
    this.problems = problems;
    this.name = "StateRewriteError";
  }
}

/** The kind of a value, for a message that must not show the value itself. */
function kind(v: unknown): string {
  if (v === undefined) return "missing";
  if (isSecret(v)) return "a secret (this command never decrypts)";
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  return `a ${typeof v}`;
}

/** The URN with its own (last) type replaced; the parents' types and the name are kept. */
function withType(urn: string, type: string): string {
  const p = parseUrn(urn);
  const chain = p.qualifiedType.split("$");
  chain[chain.length - 1] = type;
  return `urn:pulumi:${p.stack}::${p.project}::${chain.join("$")}::${p.name}`;
}

const urnParts = (urn: unknown): ReturnType<typeof parseUrn> | undefined => {
  if (typeof urn !== "string") return undefined;
  try {
    return parseUrn(urn);
  } catch {
    return undefined;
  }
};

/** The generic resource's inputs from the typed one's, or the problems with them. */
function genericInputs(inputs: unknown, id: unknown, urn: string): { inputs?: Json; problems: string[] } {
  if (!isObject(inputs)) return { problems: [`${urn}: inputs are ${kind(inputs)}, not an object`] };
  const problems: string[] = [];
  const extra = Object.keys(inputs).filter((k) => !(TYPED_INPUTS as readonly string[]).includes(k));
  if (extra.length > 0)
    problems.push(
      `${urn}: unexpected input${extra.length > 1 ? "s" : ""} ${extra.join(", ")} (the typed assignment has ${TYPED_INPUTS.join(", ")} only)`,
    );
  const names: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const key of [
    "accessPolicyAssignmentName",
    "accessPolicyName",
    "clusterName",
    "databaseName",
    "resourceGroupName",
  ]) {
    const v = inputs[key];
    if (typeof v !== "string" || v === "" || v.includes("/"))
      problems.push(
        `${urn}: inputs.${key} is ${typeof v === "string" ? (v === "" ? "empty" : "a path (has /)") : kind(v)}; expected an Azure name`,
      );
    else names[key] = v;
  }
  const user = inputs.user;
  if (!isObject(user)) problems.push(`${urn}: inputs.user is ${kind(user)}; expected { objectId }`);
  if (problems.length > 0) return { problems };
  const parentResourcePath = ACCESS_POLICY_ASSIGNMENT_TYPE.parentResourcePath(
    names.clusterName,
    names.databaseName,
  );
  // The id Azure gave it must be the resource these inputs address (ARM names ignore case).
  const path =
    `/resourcegroups/${names.resourceGroupName}/providers/${ACCESS_POLICY_ASSIGNMENT_TYPE.resourceProviderNamespace}/` +
    `${parentResourcePath}/${ACCESS_POLICY_ASSIGNMENT_TYPE.resourceType}/${names.accessPolicyAssignmentName}`;
  if (typeof id !== "string" || !id.toLowerCase().endsWith(path.toLowerCase()))
    return {
      problems: [
        `${urn}: its id ${typeof id === "string" ? "is not the assignment its inputs name" : `is ${kind(id)}`} (resourceGroupName, clusterName, databaseName, accessPolicyAssignmentName); refresh the stack (\`pulumi refresh\`) and export it again`,
      ],
    };
  return {
    problems,
    inputs: {
      resourceGroupName: inputs.resourceGroupName,
      resourceProviderNamespace: ACCESS_POLICY_ASSIGNMENT_TYPE.resourceProviderNamespace,
      parentResourcePath,
      resourceType: ACCESS_POLICY_ASSIGNMENT_TYPE.resourceType,
      resourceName: inputs.accessPolicyAssignmentName,
      apiVersion: ACCESS_STRING_API_VERSION,
      properties: { accessPolicyName: inputs.accessPolicyName, user },
    },
  };
}

/** Every path below `v` at which a string in `urns` is found (`parent`, `dependencies[2]`, ...). */
function findUrns(v: unknown, urns: ReadonlySet<string>, path: string, out: string[]): void {
  if (typeof v === "string") {
    if (urns.has(v)) out.push(path);
  } else if (Array.isArray(v)) v.forEach((x, i) => findUrns(x, urns, `${path}[${i}]`, out));
  else if (isObject(v))
    for (const [k, x] of Object.entries(v)) findUrns(x, urns, path ? `${path}.${k}` : k, out);
}

/** Replaces the old URNs in one resource's URN-holding fields. */
function renameReferences(r: Json, renamed: ReadonlyMap<string, string>): void {
  const swap = (u: unknown): unknown => (typeof u === "string" ? (renamed.get(u) ?? u) : u);
  for (const field of URN_FIELDS) {
    const v = r[field];
    if (typeof v === "string") r[field] = swap(v);
    else if (Array.isArray(v)) r[field] = v.map(swap);
  }
  const deps = r.propertyDependencies;
  if (isObject(deps)) for (const [k, v] of Object.entries(deps)) if (Array.isArray(v)) deps[k] = v.map(swap);
}

/**
 * Rewrites `doc` (a parsed `pulumi stack export`) in place and says what it did; throws a
 * {@link StateRewriteError} listing every problem, before changing anything, when it can't.
 */
export function upgradeState(doc: unknown, file: string): UpgradeStateResult {
  if (!isObject(doc) || !isObject(doc.deployment))
    throw new StateRewriteError(file, [
      'not a `pulumi stack export` file ({ "version": 3, "deployment": { … } }); give the output of `pulumi stack export --file state.json`',
    ]);
  if (doc.version !== 3)
    throw new StateRewriteError(file, [
      `deployment version ${JSON.stringify(doc.version) ?? "missing"}; this rewrites version 3 (\`pulumi stack export\` of Pulumi 3.x)`,
    ]);
  const deployment = doc.deployment;
  const problems: string[] = [];
  const pending = deployment.pending_operations;
  if (Array.isArray(pending) && pending.length > 0)
    problems.push(
      `the export has ${pending.length} pending operation${pending.length > 1 ? "s" : ""} (an update was interrupted): resolve ${pending.length > 1 ? "them" : "it"} first (\`pulumi refresh\`, which asks about each pending create), then export again`,
    );
  const list = deployment.resources ?? [];
  if (!Array.isArray(list)) throw new StateRewriteError(file, ["deployment.resources is not a list"]);
  const resources: Json[] = [];
  list.forEach((r, i) => {
    if (isObject(r) && typeof r.urn === "string" && typeof r.type === "string") resources.push(r);
    else problems.push(`deployment.resources[${i}] has no urn or type`);
  });
  const byUrn = new Map<string, Json[]>();
  for (const r of resources) byUrn.set(r.urn as string, [...(byUrn.get(r.urn as string) ?? []), r]);

  const leftAlone: string[] = [];
  const planned: { resource: Json; to: string; inputs: Json }[] = [];
  for (const r of resources) {
    if (r.type !== LEGACY_ASSIGNMENT_TYPE) continue;
    const urn = r.urn as string;
    const own = urnParts(urn);
    const parent = urnParts(r.parent);
    const chain = own?.qualifiedType.split("$") ?? [];
    const underByUrn = chain.length >= 2 && chain[chain.length - 2] === MANAGED_REDIS_TYPE;
    const underByParent = parent?.type === MANAGED_REDIS_TYPE;
    if (!underByUrn && !underByParent) {
      leftAlone.push(urn);
      continue;
    }
    if (
      !own ||
      !parent ||
      !underByUrn ||
      !underByParent ||
      own.qualifiedType !== `${parent.qualifiedType}$${LEGACY_ASSIGNMENT_TYPE}`
    ) {
      problems.push(
        `${urn}: its URN's parent type (${chain.slice(0, -1).join("$") || "none"}) and its parent field (${parent ? parent.qualifiedType : kind(r.parent)}) disagree`,
      );
      continue;
    }
    const flags = (["delete", "pendingReplacement", "external"] as const).filter((f) => r[f] === true);
    if (flags.length > 0 || r.custom !== true) {
      problems.push(
        `${urn}: ${flags.length > 0 ? `marked ${flags.join(", ")} (an unfinished or read-only resource)` : "not a custom resource"}; finish the update (\`pulumi up\` or \`pulumi refresh\`) and export again`,
      );
      continue;
    }
    if ((byUrn.get(urn)?.length ?? 0) > 1) {
      problems.push(`${urn}: appears more than once in the export`);
      continue;
    }
    const children = resources.filter((c) => c.parent === urn).map((c) => c.urn as string);
    if (children.length > 0) {
      problems.push(`${urn}: has children (${children.join(", ")}), whose URNs would change too`);
      continue;
    }
    const to = withType(urn, GENERIC_TYPE);
    if (byUrn.has(to)) {
      problems.push(`${urn}: the export already has ${to}`);
      continue;
    }
    const built = genericInputs(r.inputs, r.id, urn);
    problems.push(...built.problems);
    if (built.inputs) planned.push({ resource: r, to, inputs: built.inputs });
  }
  // An old URN in a field this command doesn't know would be left dangling: refuse instead (the
  // resources' own values, inputs and outputs, are left as they are).
  const olds = new Set(planned.map((p) => p.resource.urn as string));
  const known = new Set<string>(["urn", "inputs", "outputs", "propertyDependencies", ...URN_FIELDS]);
  for (const r of resources) {
    const found: string[] = [];
    for (const [k, v] of Object.entries(r)) if (!known.has(k)) findUrns(v, olds, k, found);
    if (found.length > 0)
      problems.push(
        `${String(r.urn)}: ${found.join(", ")} name an assignment's URN; this command doesn't know that field`,
      );
  }
  if (problems.length > 0) throw new StateRewriteError(file, problems);

  const rewritten = planned.map((p) => ({ from: p.resource.urn as string, to: p.to }));
  const renamed = new Map(rewritten.map((r) => [r.from, r.to]));
  for (const p of planned) {
    p.resource.urn = p.to;
    p.resource.type = GENERIC_TYPE;
    p.resource.inputs = p.inputs;
  }
  for (const r of resources) renameReferences(r, renamed);
  const stackUrn = resources.map((r) => urnParts(r.urn)).find((p) => p !== undefined);
  return {
    rewritten,
    leftAlone,
    stack: stackUrn?.stack,
  };
}
