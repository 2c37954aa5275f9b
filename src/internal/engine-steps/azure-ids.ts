/**
 * The Azure resource a Pulumi resource is, as a lower-case ARM-like id (ARM names are
 * case-insensitive), from its inputs. Where an input naming the parent is unknown (a preview) or is
 * another resource's output, the parent is found through the input's dependencies instead, so both
 * modes give one id.
 */
import { UNKNOWN, unwrapSecret } from "./model.ts";
import { parseUrn } from "./urn.ts";

/** What the id derivation reads of a resource (old or new). */
export interface IdSource {
  urn: string;
  type: string;
  inputs: Record<string, unknown>;
  /** Dependencies per input (Pulumi's propertyDependencies); used when an input is unknown. */
  propertyDependencies?: Record<string, string[]>;
  dependencies: string[];
}

/** The data targets: what assignments, policies, rules and locks hang off. */
export const TARGET_TYPES = new Set([
  "azure-native:redis:Redis",
  "azure-native:redisenterprise:RedisEnterprise",
  "azure-native:redisenterprise:Database",
]);

const known = (v: unknown): string | undefined => {
  const p = unwrapSecret(v);
  return typeof p === "string" && p !== UNKNOWN && p !== "" && !p.includes(UNKNOWN) ? p : undefined;
};

/** Computes ids for a set of resources (ids of parents first, on demand). */
export class AzureIds {
  private readonly byUrn: Map<string, IdSource>;
  private readonly cache = new Map<string, string>();
  /** URN of the old resource a new one was matched to (its physical name carries over). */
  private readonly physicalOf: (urn: string) => string | undefined;

  constructor(
    resources: readonly IdSource[],
    physicalOf: (urn: string) => string | undefined = () => undefined,
  ) {
    this.byUrn = new Map(resources.map((r) => [r.urn, r]));
    this.physicalOf = physicalOf;
  }

  /** The id of a resource by URN. */
  idOf(urn: string): string {
    const hit = this.cache.get(urn);
    if (hit !== undefined) return hit;
    const r = this.byUrn.get(urn);
    const id = r ? this.compute(r) : `urn:${urn}`;
    this.cache.set(urn, id);
    return id;
  }

  /** The target (cache, cluster, database) a resource hangs off, through `input` or its dependencies. */
  containerOf(r: IdSource, input: string): string | undefined {
    const targets = (urns: readonly string[]) =>
      urns.filter((u) => TARGET_TYPES.has(this.byUrn.get(u)?.type ?? ""));
    const viaInput = targets(r.propertyDependencies?.[input] ?? []);
    const candidates = viaInput.length > 0 ? viaInput : targets(r.dependencies);
    // The database over the cluster when both are dependencies (assignments hang off the database).
    const pick =
      candidates.find((u) => this.byUrn.get(u)?.type === "azure-native:redisenterprise:Database") ??
      candidates[0];
    return pick ? this.idOf(pick) : undefined;
  }

  private name(r: IdSource, input: string): string {
    return (known(r.inputs[input]) ?? this.physicalOf(r.urn) ?? parseUrn(r.urn).name).toLowerCase();
  }

  private compute(r: IdSource): string {
    const i = r.inputs;
    const rg = (known(i.resourceGroupName) ?? "?").toLowerCase();
    const prefix = `/resourcegroups/${rg}/providers`;
    const child = (
      parentInput: string,
      literal: (p: string) => string | undefined,
      kind: string,
      nameInput: string,
    ) => {
      const lit = known(i[parentInput]);
      const parent =
        (lit !== undefined ? literal(lit.toLowerCase()) : undefined) ??
        this.containerOf(r, parentInput) ??
        `?${r.urn}`;
      return `${parent}/${kind}/${this.name(r, nameInput)}`;
    };
    const cache = (n: string) => `${prefix}/microsoft.cache/redis/${n}`;
    switch (r.type) {
      case "azure-native:redis:Redis":
        return cache(this.name(r, "name"));
      case "azure-native:redis:AccessPolicy":
        return child("cacheName", cache, "accesspolicies", "accessPolicyName");
      case "azure-native:redis:AccessPolicyAssignment":
        return child("cacheName", cache, "accesspolicyassignments", "accessPolicyAssignmentName");
      case "azure-native:redis:FirewallRule":
        return child("cacheName", cache, "firewallrules", "ruleName");
      case "azure-native:redis:PatchSchedule":
        return child("name", cache, "patchschedules", "default");
      case "azure-native:redis:LinkedServer":
        return child("name", cache, "linkedservers", "linkedServerName");
      case "azure-native:redisenterprise:RedisEnterprise":
        return `${prefix}/microsoft.cache/redisenterprise/${this.name(r, "clusterName")}`;
      case "azure-native:redisenterprise:Database":
        return child(
          "clusterName",
          (c) => `${prefix}/microsoft.cache/redisenterprise/${c}`,
          "databases",
          "databaseName",
        );
      case "azure-native:redisenterprise:AccessPolicyAssignment": {
        const cluster = known(i.clusterName);
        const db = known(i.databaseName);
        const parent =
          cluster && db
            ? `${prefix}/microsoft.cache/redisenterprise/${cluster.toLowerCase()}/databases/${db.toLowerCase()}`
            : (this.containerOf(r, "databaseName") ?? `?${r.urn}`);
        return `${parent}/accesspolicyassignments/${this.name(r, "accessPolicyAssignmentName")}`;
      }
      case "azure-native:resources:Resource": {
        const ns = known(i.resourceProviderNamespace)?.toLowerCase();
        const path = known(i.parentResourcePath)?.toLowerCase();
        const type = known(i.resourceType)?.toLowerCase();
        const parent =
          ns && path ? `${prefix}/${ns}/${path}` : (this.containerOf(r, "parentResourcePath") ?? `?${r.urn}`);
        return `${parent}/${type ?? "?"}/${this.name(r, "resourceName")}`;
      }
      case "azure-native:authorization:ManagementLockByScope":
        return `${this.containerOf(r, "scope") ?? known(i.scope)?.toLowerCase() ?? `?${r.urn}`}/locks/${this.name(r, "lockName")}`;
      case "azure-native:authorization:RoleAssignment":
        return `${this.containerOf(r, "scope") ?? known(i.scope)?.toLowerCase() ?? `?${r.urn}`}/roleassignments/${this.name(r, "roleAssignmentName")}`;
      case "azure-native:monitor:DiagnosticSetting":
        return `${this.containerOf(r, "resourceUri") ?? known(i.resourceUri)?.toLowerCase() ?? `?${r.urn}`}/diagnosticsettings/${this.name(r, "name")}`;
      default: {
        const own = known(
          i.privateEndpointName ?? i.privateZoneName ?? i.virtualNetworkLinkName ?? i.privateDnsZoneGroupName,
        );
        return `${prefix}/${r.type.toLowerCase()}/${(own ?? this.physicalOf(r.urn) ?? parseUrn(r.urn).name).toLowerCase()}`;
      }
    }
  }
}
