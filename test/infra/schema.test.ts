/**
 * Multi-language packaging: the package is a Pulumi source-based plugin (PulumiPlugin.yaml). When a
 * Python/Go/.NET/YAML program runs `pulumi package add`, Pulumi's Node.js host loads the package,
 * collects its exported ComponentResource classes and runs the schema analyzer
 * (@pulumi/pulumi/provider/experimental) over the TypeScript sources. This test does the same, through
 * the same `ComponentProvider.getSchema()` and the repository's own package.json and tsconfig.json
 * (in a copy of the package folder as installed: installedShape),
 * and checks the schema it infers for EntraRedisCache and EntraManagedRedis: resource tokens, every
 * input with its type (plain or Input, arrays, maps, enums, nested objects), required inputs, outputs.
 */
import { after, test, describe } from "node:test";
import assert from "node:assert/strict";
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ComponentProvider, getPulumiComponents } from "@pulumi/pulumi/provider/experimental/index.js";
import { ManagedRedisSku } from "../../src/infra/types.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  name: string;
  main?: string;
  exports?: Record<string, unknown>;
};
// The provider name as Pulumi's Node.js plugin host derives it from package.json (cmd/run-plugin/run.js).
const providerName = pkg.name.replace(/^@[^/]+\//, "").replace(/[^-a-zA-Z0-9_]/g, "-");

type Prop = {
  type?: string;
  $ref?: string;
  plain?: boolean;
  optional?: boolean;
  items?: Prop;
  additionalProperties?: Prop;
  description?: string;
};
type SchemaType = {
  type: string;
  properties?: Record<string, Prop>;
  required?: string[];
  enum?: Array<{ name: string; value: string | number }>;
};
type SchemaResource = {
  isComponent: boolean;
  inputProperties: Record<string, Prop>;
  requiredInputs: string[];
  properties: Record<string, Prop>;
  required: string[];
};
type Schema = { name: string; resources: Record<string, SchemaResource>; types: Record<string, SchemaType> };

/**
 * The package folder as the plugin host meets it in a project: the repository's own package.json,
 * tsconfig.json, sources, quick start and policy pack template, and its node_modules, without what
 * package.json's "files" leaves out (test/, scripts/, bench/, examples/). The analyzer builds one
 * TypeScript program over tsconfig.json's `include`: in the repository itself that is every test and
 * script too, a third more to parse (about 5 s of CPU) for files it never reads.
 */
function installedShape(): string {
  const dir = mkdtempSync(join(tmpdir(), "are-schema-"));
  for (const f of ["package.json", "tsconfig.json", "tsconfig.base.json", "index.ts"])
    copyFileSync(join(root, f), join(dir, f));
  mkdirSync(join(dir, "policy-pack"));
  copyFileSync(join(root, "policy-pack", "index.ts"), join(dir, "policy-pack", "index.ts"));
  cpSync(join(root, "src"), join(dir, "src"), { recursive: true });
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"), "dir");
  return dir;
}

const temps: string[] = [];
after(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

let schemaPromise: Promise<Schema> | undefined;
/** Runs the analyzer once per file, as the plugin host would. */
function schema(): Promise<Schema> {
  schemaPromise ??= (async () => {
    const components = getPulumiComponents(await import("../../src/index.ts"));
    const dir = installedShape();
    temps.push(dir);
    const provider = new ComponentProvider({ components, dirname: dir, name: providerName });
    return JSON.parse(await provider.getSchema()) as Schema;
  })();
  return schemaPromise;
}

/**
 * Renders a schema property as a compact type: `string` for a plain value, `Input<string>` for one
 * that takes an Output, `T[]`, `Map<T>`, `enum(A|B)`, and `{ a: T; b?: T }` for object types.
 */
function render(s: Schema, prop: Prop, depth = 0, output = false): string {
  let inner: string;
  if (prop.$ref !== undefined) {
    const token = decodeURIComponent(prop.$ref.replace(/^#\/types\//, ""));
    const type = s.types[token];
    if (type === undefined) throw new Error(`dangling $ref ${prop.$ref}`);
    if (type.enum) inner = `enum(${type.enum.map((m) => m.value).join("|")})`;
    else if (depth > 2) inner = token;
    else {
      const required = new Set(type.required ?? []);
      const fields = Object.entries(type.properties ?? {})
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => `${k}${required.has(k) ? "" : "?"}: ${render(s, v, depth + 1, output)}`);
      inner = `{ ${fields.join("; ")} }`;
    }
  } else if (prop.type === "array") inner = `${render(s, prop.items!, depth, output)}[]`;
  else if (prop.type === "object" && prop.additionalProperties)
    inner = `Map<${render(s, prop.additionalProperties, depth, output)}>`;
  else inner = prop.type ?? "?";
  return prop.plain || output ? inner : `Input<${inner}>`;
}

function renderAll(s: Schema, props: Record<string, Prop>, required: string[]): Record<string, string> {
  const req = new Set(required);
  return Object.fromEntries(
    Object.entries(props).map(([k, v]) => [`${k}${req.has(k) ? "" : "?"}`, render(s, v)]),
  );
}

/** Outputs are never plain (they are Outputs all the way down); render them without Input<> wrappers. */
function renderOutputs(s: Schema, props: Record<string, Prop>, required: string[]): Record<string, string> {
  const req = new Set(required);
  return Object.fromEntries(
    Object.entries(props).map(([k, v]) => [`${k}${req.has(k) ? "" : "?"}`, render(s, v, 0, true)]),
  );
}

// ------------------------------------------------------------------------------------------------
// Expected schema. Inputs: `name?` = optional; `string` = plain value; `Input<string>` = also takes
// an Output. String-literal unions appear as enums (declared as `as const` objects in the source).

const ASSIGNMENT = "{ alias: string; objectId: Input<string>; policy?: string }";
const PRIVATE_ENDPOINT =
  "{ privateDnsZoneId?: Input<string>; subnetId: Input<string>; virtualNetworkId?: Input<string> }";

// The ops parts: the same arguments on both components.
const DIAGNOSTICS =
  "{ eventHubAuthorizationRuleId?: Input<string>; eventHubName?: string; logAnalyticsDestinationType?: enum(Dedicated|AzureDiagnostics); logs?: string[]; metrics?: string[]; name?: string; storageAccountId?: Input<string>; workspaceId?: Input<string> }";
const ROLE_ASSIGNMENT =
  "{ condition?: string; description?: string; principalId: Input<string>; principalType?: enum(User|Group|ServicePrincipal|ForeignGroup|Device); role: string }";
// The cache's or cluster's own managed identity: the same shape on both components.
const IDENTITY = "{ systemAssigned?: boolean; userAssignedIdentityIds?: Input<string>[] }";
const OPS_INPUTS: Record<string, string> = {
  "diagnostics?": DIAGNOSTICS,
  "roleAssignments?": `${ROLE_ASSIGNMENT}[]`,
  "lock?": "enum(CanNotDelete|ReadOnly)",
  "identity?": IDENTITY,
};

const EXPECTED_CACHE_INPUTS: Record<string, string> = {
  "resourceGroupName?": "Input<string>",
  "location?": "Input<string>",
  "cacheName?": "string",
  "tags?": "Map<Input<string>>",
  "sku?": "enum(Basic|Standard|Premium)",
  "capacity?": "number",
  "redisVersion?": "string",
  "zones?": "string[]",
  "zonalAllocationPolicy?": "enum(Automatic|UserDefined|NoZones)",
  "updateChannel?": "enum(Stable|Preview)",
  "replicasPerPrimary?": "number",
  "shardCount?": "number",
  "redisConfiguration?": "Map<Input<string>>",
  "accessKeyAuthentication?": "boolean",
  "protectData?": "boolean",
  "customPolicies?": "{ name: string; permissions: string }[]",
  assignments: `${ASSIGNMENT}[]`,
  "firewallRules?": "{ cidr?: string; endIp?: string; name?: string; startIp?: string }[]",
  "privateEndpoint?": PRIVATE_ENDPOINT,
  "allowPublicNetworkAccess?": "boolean",
  "existingCache?": "{ name: string; resourceGroupName: Input<string> }",
  "patchSchedule?":
    "{ dayOfWeek: enum(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Everyday|Weekend); maintenanceWindow?: string; startHourUtc: number }[]",
  "geoReplication?": "{ linkedCacheId: Input<string>; linkedCacheLocation: Input<string> }",
  "keyspaceNotifications?":
    "{ channels?: enum(keyevent|keyspace)[]; events: enum(string|generic|list|set|hash|sortedSet|expired|evicted|stream|keyMiss|all)[] }",
  ...OPS_INPUTS,
};

// The same connection shape from both components, so application code does not change.
const CONNECTION =
  "{ cluster: boolean; host: string; policy: string; port: number; tokenScope: string; username: string }";
// Both components export the same names for the same things (`id` and `urn` are reserved for resources
// in Pulumi schemas and generated SDKs, hence resourceId and resourceName).
const COMMON_OUTPUTS: Record<string, string> = {
  resourceId: "string",
  resourceName: "string",
  hostName: "string",
  port: "number",
  tokenScope: "string",
  objectIds: "string[]",
  connections: `Map<${CONNECTION}>`,
  "identityPrincipalId?": "string",
};
const EXPECTED_CACHE_OUTPUTS: Record<string, string> = {
  resourceId: "string",
  resourceName: "string",
  hostName: "string",
  port: "number",
  tokenScope: "string",
  objectIds: "string[]",
  connections: `Map<${CONNECTION}>`,
  "identityPrincipalId?": "string",
};

const EXPECTED_MANAGED_INPUTS: Record<string, string> = {
  resourceGroupName: "Input<string>",
  "location?": "Input<string>",
  "clusterName?": "string",
  "tags?": "Map<Input<string>>",
  // Every Managed Redis SKU, in azure-native's order (test/infra/managed-redis-sku.test.ts).
  "sku?": `enum(${Object.values(ManagedRedisSku).join("|")})`,
  "highAvailability?": "boolean",
  "zones?": "string[]",
  "clusteringPolicy?": "enum(OSSCluster|EnterpriseCluster|NoCluster)",
  "evictionPolicy?": "string",
  "deferUpgrade?": "enum(NotDeferred|Deferred)",
  "persistence?":
    "{ aofEnabled?: boolean; aofFrequency?: enum(1s); rdbEnabled?: boolean; rdbFrequency?: enum(1h|6h|12h) }",
  "modules?": "{ args?: string; name: string }[]",
  "accessKeyAuthentication?": "boolean",
  "protectData?": "boolean",
  "customPolicies?": "{ name: string; permissions: string }[]",
  // Optional: with migrateFrom naming an EntraRedisCache, the cache's identities are taken.
  "assignments?": `${ASSIGNMENT}[]`,
  "privateEndpoint?": PRIVATE_ENDPOINT,
  "allowPublicNetworkAccess?": "boolean",
  "geoReplication?": "{ groupNickname: Input<string>; linkedDatabaseIds?: Input<string>[] }",
  ...OPS_INPUTS,
  "encryption?": "{ keyUrl: Input<string>; userAssignedIdentityId: Input<string> }",
  "migrateFrom?":
    "{ cacheId: Input<string>; forceMigrate?: boolean; skipDataMigration?: boolean; switchDns?: boolean }",
};
const EXPECTED_MANAGED_OUTPUTS: Record<string, string> = {
  resourceId: "string",
  resourceName: "string",
  hostName: "string",
  port: "number",
  tokenScope: "string",
  objectIds: "string[]",
  connections: `Map<${CONNECTION}>`,
  "identityPrincipalId?": "string",
  databaseId: "string",
  "migratedEndpoint?": "{ cluster: boolean; host: string; port: number }",
};

describe("Pulumi source-based plugin", () => {
  test("PulumiPlugin.yaml declares the nodejs runtime", () => {
    const text = readFileSync(join(root, "PulumiPlugin.yaml"), "utf8");
    assert.match(text, /^runtime:\s*nodejs\s*$/m);
  });

  test("package.json gives the analyzer an entry point it can read", () => {
    // The analyzer (analyzer.js findProgramEntryPoint) takes exports["."] if it is a string, else its
    // `default`, `require` or `import` condition, and calls .replace() on it: a nested condition object
    // there makes it throw "jsPath.replace is not a function" before it ever looks at main or src/index.ts.
    const main = pkg.exports?.["."];
    if (main !== undefined && typeof main !== "string") {
      const m = main as Record<string, unknown>;
      const entry = m["default"] ?? m["require"] ?? m["import"];
      assert.equal(
        typeof entry,
        "string",
        'package.json exports["."] must have a string "default" (e.g. "./dist/cjs/index.js") for Pulumi\'s schema analyzer',
      );
    }
  });

  test("the plugin host finds both components in the package's main (dist, built by npm run build)", () => {
    // Pulumi's Node.js plugin host require()s the package directory and collects exported components.
    assert.ok(
      pkg.main && existsSync(join(root, pkg.main)),
      `${pkg.main} is missing: run \`npm run build\` first`,
    );
    const exported = createRequire(join(root, "package.json"))(root) as Record<string, unknown>;
    const names = getPulumiComponents(exported)
      .map((c) => c.name)
      .sort();
    assert.deepEqual(names, ["EntraManagedRedis", "EntraRedisCache"]);
  });
});

describe("schema inferred by Pulumi's analyzer", () => {
  test("package name and resource tokens", async () => {
    const s = await schema();
    assert.equal(s.name, "azure-redis-entra");
    assert.deepEqual(Object.keys(s.resources).sort(), [
      "azure-redis-entra:index:EntraManagedRedis",
      "azure-redis-entra:index:EntraRedisCache",
    ]);
    for (const resource of Object.values(s.resources)) assert.equal(resource.isComponent, true);
  });

  test("EntraRedisCache inputs", async () => {
    const s = await schema();
    const r = s.resources["azure-redis-entra:index:EntraRedisCache"];
    assert.deepEqual(renderAll(s, r.inputProperties, r.requiredInputs), EXPECTED_CACHE_INPUTS);
  });

  test("EntraRedisCache outputs", async () => {
    const s = await schema();
    const r = s.resources["azure-redis-entra:index:EntraRedisCache"];
    assert.deepEqual(renderOutputs(s, r.properties, r.required), EXPECTED_CACHE_OUTPUTS);
  });

  test("EntraManagedRedis inputs", async () => {
    const s = await schema();
    const r = s.resources["azure-redis-entra:index:EntraManagedRedis"];
    assert.deepEqual(renderAll(s, r.inputProperties, r.requiredInputs), EXPECTED_MANAGED_INPUTS);
  });

  test("EntraManagedRedis outputs", async () => {
    const s = await schema();
    const r = s.resources["azure-redis-entra:index:EntraManagedRedis"];
    assert.deepEqual(renderOutputs(s, r.properties, r.required), EXPECTED_MANAGED_OUTPUTS);
  });

  test("both components export the common outputs under the same names, none reserved", async () => {
    const s = await schema();
    for (const token of [
      "azure-redis-entra:index:EntraRedisCache",
      "azure-redis-entra:index:EntraManagedRedis",
    ]) {
      const r = s.resources[token];
      const outputs = renderOutputs(s, r.properties, r.required);
      for (const [k, v] of Object.entries(COMMON_OUTPUTS)) assert.equal(outputs[k], v, `${token}.${k}`);
      for (const reserved of ["id", "urn"]) assert.ok(!(reserved in r.properties), `${token}.${reserved}`);
    }
  });

  test("every $ref resolves and every input and output is documented", async () => {
    const s = await schema();
    for (const [token, resource] of Object.entries(s.resources)) {
      for (const [name, prop] of [
        ...Object.entries(resource.inputProperties),
        ...Object.entries(resource.properties),
      ]) {
        render(s, prop); // throws on a dangling $ref
        assert.ok(prop.description && prop.description.length > 0, `${token}.${name} has no doc comment`);
      }
    }
  });
});
