/**
 * Pulumi mock runtime for the component tests: records every registered resource (type, name,
 * inputs, parent, dependencies, explicit dependsOn, import id) and every invoke, returns placeholder
 * state the way Azure would compute it, and collects registration failures (a failed check in the
 * input gate rejects the child's registration). One mock runtime per test file (each file runs in
 * its own process).
 */
import * as pulumi from "@pulumi/pulumi";
import { recordMockRegistrations, type RegistrationMeta } from "../../src/internal/pulumi-mock-recorder.ts";

/**
 * Dry-run mode, as `pulumi preview` runs a program: set AZURE_REDIS_ENTRA_TEST_DRY_RUN=1 before this
 * module is first imported (a test file that wants it imports the mocks dynamically). New resources
 * then get no id and none of the outputs Azure computes (host names, ports, principal ids, generated
 * names): Pulumi's SDK resolves every output the mocks leave out as unknown, as in a real preview.
 */
export const DRY_RUN = process.env.AZURE_REDIS_ENTRA_TEST_DRY_RUN === "1";

export const SUB = "00000000-0000-0000-0000-000000000000";
export const RG = "rg-test";
export const OID1 = "11111111-1111-4111-8111-111111111111";
export const OID2 = "22222222-2222-4222-8222-222222222222";
/** The principal id the mock cloud gives a cache's or cluster's system-assigned identity. */
export const MOCK_SYSTEM_PRINCIPAL_ID = "f0000000-0000-4000-8000-00000000000f";
const MOCK_TENANT_ID = "e0000000-0000-4000-8000-00000000000e";
export const OID3 = "33333333-3333-4333-8333-333333333333";
export const SUBNET_ID = `/subscriptions/${SUB}/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/pe`;
export const VNET_ID = `/subscriptions/${SUB}/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/vnet`;
export const CACHE_ZONE_ID = `/subscriptions/${SUB}/resourceGroups/dns/providers/Microsoft.Network/privateDnsZones/privatelink.redis.cache.windows.net`;
export const MANAGED_ZONE_ID = `/subscriptions/${SUB}/resourceGroups/dns/providers/Microsoft.Network/privateDnsZones/privatelink.redis.azure.net`;

/** One resource as the mock engine saw it (with what the engine reads for an update: aliases, options). */
export interface Recorded extends Omit<
  RegistrationMeta,
  "parent" | "dependencies" | "dependsOn" | "importId"
> {
  /** False for components. */
  custom: boolean;
  type: string;
  name: string;
  urn: string;
  inputs: Record<string, unknown>;
  parent: string;
  /** Every dependency the SDK sent (explicit and implied by inputs). */
  dependencies: string[];
  /** Dependencies not implied by any input: what `dependsOn` added. */
  dependsOn: string[];
  /** `import` id, when the resource is being adopted. */
  importId: string;
}

/** One invoke (provider function call). */
export interface RecordedCall {
  token: string;
  inputs: Record<string, unknown>;
}

export const resources: Recorded[] = [];

/**
 * What the stack already has, for dry-run mode (the lifecycle tests): `pulumi preview` of an update
 * knows the outputs of every resource already deployed. `all`: every resource counts as deployed
 * (building the old version, as `pulumi up` left it); `keys`: `type::name` of the deployed ones.
 */
export const deployed = { all: false, keys: new Set<string>() };
export const calls: RecordedCall[] = [];
export const failures: Error[] = [];

type CallHandler = (token: string, inputs: Record<string, unknown>) => Record<string, unknown> | undefined;
let callHandler: CallHandler = () => undefined;
/** Sets what invokes return (e.g. the existing cache `redis:getRedis` reads). */
export function onCall(handler: CallHandler): void {
  callHandler = handler;
}

/** Resource ids shaped like Azure's for the network and identity types (components check their shape), else mock ones. */
function armId(type: string, physical: string, inputs: Record<string, unknown>): string {
  const rg = typeof inputs.resourceGroupName === "string" ? inputs.resourceGroupName : RG;
  const prefix = `/subscriptions/${SUB}/resourceGroups/${rg}/providers`;
  switch (type) {
    case "azure-native:network:VirtualNetwork":
      return `${prefix}/Microsoft.Network/virtualNetworks/${physical}`;
    case "azure-native:network:Subnet":
      return `${prefix}/Microsoft.Network/virtualNetworks/${String(inputs.virtualNetworkName)}/subnets/${physical}`;
    case "azure-native:privatedns:PrivateZone":
      return `${prefix}/Microsoft.Network/privateDnsZones/${physical}`;
    case "azure-native:managedidentity:UserAssignedIdentity":
      return `${prefix}/Microsoft.ManagedIdentity/userAssignedIdentities/${physical}`;
  }
  return `${prefix}/mock/${type.split(":")[2]}/${physical}`;
}

/**
 * State the mock "cloud" returns: the inputs plus what Azure computes. In dry-run mode, a new
 * resource's state is only its inputs (what Azure would compute is unknown until it exists).
 */
function state(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  known = !DRY_RUN,
): Record<string, unknown> {
  if (!known) return { ...inputs };
  const byType: Record<string, unknown> = {
    "azure-native:network:Subnet": inputs.subnetName,
    "azure-native:network:VirtualNetwork": inputs.virtualNetworkName,
    "azure-native:network:PrivateEndpoint": inputs.privateEndpointName,
    "azure-native:privatedns:PrivateZone": inputs.privateZoneName,
    "azure-native:redisenterprise:RedisEnterprise": inputs.clusterName,
    "azure-native:redisenterprise:Database": inputs.databaseName,
  };
  const physical = (inputs.name ?? byType[type] ?? name) as string;
  const location = (inputs.location as string | undefined) ?? "westeurope";
  const out: Record<string, unknown> = { ...inputs, name: physical, location };
  // A system-assigned identity gets a principal id from Azure (the cache's or cluster's own identity).
  const identity = inputs.identity as { type?: string } | undefined;
  if (identity !== undefined && /SystemAssigned/.test(String(identity.type)))
    out.identity = { ...identity, principalId: MOCK_SYSTEM_PRINCIPAL_ID, tenantId: MOCK_TENANT_ID };
  switch (type) {
    case "azure-native:redis:Redis":
      out.hostName = `${physical}.redis.cache.windows.net`;
      out.sslPort = 6380;
      out.port = 6379;
      break;
    case "azure-native:redisenterprise:RedisEnterprise":
      out.hostName = `${physical}.${location}.redis.azure.net`;
      break;
    case "azure-native:redisenterprise:Database":
      out.port = inputs.port ?? 10000;
      break;
    case "azure-native:managedidentity:UserAssignedIdentity":
      out.principalId = "a0000000-0000-4000-8000-00000000000a";
      out.clientId = "b0000000-0000-4000-8000-00000000000b";
      break;
  }
  return out;
}

await pulumi.runtime.setMocks(
  {
    newResource(args) {
      const inputs = (args.inputs ?? {}) as Record<string, unknown>;
      const meta = recorder.take(args.type, args.name);
      resources.push({
        type: args.type,
        name: args.name,
        urn: "",
        inputs,
        custom: args.custom !== false,
        ...meta,
      });
      // In a preview, a resource the stack already has (see `deployed`) has its outputs, a new one doesn't.
      const known = !DRY_RUN || deployed.all || deployed.keys.has(`${args.type}::${args.name}`);
      const st = state(args.type, args.name, inputs, known);
      const physical =
        args.type.startsWith("azure-native:privatedns:") || args.type.startsWith("azure-native:network:")
          ? (st.name as string)
          : args.name;
      // In dry-run mode a new resource has no id yet (an imported one keeps the id it is imported by).
      const id =
        args.custom === false || (!known && !args.id)
          ? undefined
          : args.id || armId(args.type, physical, inputs);
      return { id, state: st };
    },
    call(args) {
      const inputs = (args.inputs ?? {}) as Record<string, unknown>;
      calls.push({ token: args.token, inputs });
      const result = callHandler(args.token, inputs);
      if (result !== undefined) return result;
      if (args.token === "azure-native:authorization:getClientConfig") {
        return {
          clientId: "c0000000-0000-4000-8000-000000000000",
          objectId: "d0000000-0000-4000-8000-00000000000d",
          subscriptionId: SUB,
          tenantId: "e0000000-0000-4000-8000-00000000000e",
        };
      }
      throw new Error(`unexpected invoke ${args.token}`);
    },
  },
  "project",
  "stack",
  DRY_RUN,
);

// The mocks' newResource doesn't see parent, dependencies or import ids: the recorder does.
const recorder = recordMockRegistrations(pulumi, resources);

/** Waits until every registration and output of the program so far has finished (or failed). */
export async function settle(): Promise<void> {
  const wait = (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs;
  await wait();
  await new Promise((r) => setImmediate(r));
  await wait();
}

/**
 * Runs `build` (which constructs components expected to fail on an Output value) and waits until
 * everything settled. A failed check rejects every child's registration and the component's outputs;
 * Pulumi surfaces those as unhandled rejections (its runtime prints each error once and fails the
 * program). They are collected into `failures` here instead of failing the test, and returned.
 */
export async function expectRejections(build: () => unknown): Promise<Error[]> {
  const saved = process.listeners("unhandledRejection");
  process.removeAllListeners("unhandledRejection");
  const collect = (err: unknown) => failures.push(err instanceof Error ? err : new Error(String(err)));
  process.on("unhandledRejection", collect);
  try {
    // A build that returns a promise (an Output's value it waits for) is awaited inside the capture.
    await build();
    await settle();
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    await settle();
  } finally {
    process.removeListener("unhandledRejection", collect);
    for (const l of saved) process.on("unhandledRejection", l);
  }
  return [...failures];
}

/** Forgets what was recorded (between tests). */
export function reset(): void {
  resources.length = 0;
  calls.length = 0;
  failures.length = 0;
}

/** Resolves an Output (fails the test on unknown). */
export function value<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    (o as unknown as { promise(): Promise<T> }).promise().then(resolve, reject);
  });
}

/** Resources of a component (by name prefix), in registration order. */
export function children(component: string): Recorded[] {
  return resources.filter((r) => r.name === component || r.name.startsWith(`${component}-`));
}

/** The one resource of `type` named `name`. */
export function find(type: string, name: string): Recorded {
  const r = resources.find((x) => x.type === type && x.name === name);
  if (!r)
    throw new Error(
      `no ${type} named ${name}; registered: ${resources.map((x) => `${x.type}/${x.name}`).join(", ")}`,
    );
  return r;
}

/** An Output that resolves to `v` later, like a value from another resource. */
export function later<T>(v: T): pulumi.Output<T> {
  return pulumi.output(new Promise<T>((r) => setTimeout(() => r(v), 5))) as pulumi.Output<T>;
}

/**
 * The cache assignment of `alias` in component `component` (children are keyed by object id while
 * it is a plain value, by alias otherwise: src/infra/assignment-names.ts).
 */
export function cacheAssignment(component: string, alias: string): Recorded {
  const r = resources.find(
    (x) =>
      x.type === "azure-native:redis:AccessPolicyAssignment" &&
      x.name.startsWith(`${component}-assignment-`) &&
      x.inputs.objectIdAlias === alias,
  );
  if (!r) throw new Error(`no assignment with alias ${alias} in ${component}`);
  return r;
}

/**
 * The Managed Redis assignment of an identity in component `component`: the generic resource keyed
 * by object id (a plain value) or by alias (an Output object id): src/infra/assignment-names.ts.
 */
export function managedAssignment(component: string, objectIdOrAlias: string): Recorded {
  return find("azure-native:resources:Resource", `${component}-assignment-${objectIdOrAlias}`);
}

/** Whether a recorded input was sent as a Pulumi secret (the SDK's wire form of a secret value). */
export function isSecretInput(value: unknown): boolean {
  const SPECIAL_SIG = "4dabf18193072939515e22adb298388d";
  const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<string, unknown>)[SPECIAL_SIG] === SECRET_SIG
  );
}
