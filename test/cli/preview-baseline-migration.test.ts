/**
 * `preview --baseline` of the migration story (docs/migration.md) on the quick start's Azure Cache for
 * Redis (test/cli/fixtures/migrate-quickstart: the EntraRedisCache quick start of 0.1.0, reached
 * through its firewall): the one-line move against the cache's `pulumi stack export`
 * (fixtures/baseline/quickstart-cache.json), then the finish, the cache retired, against the export
 * after the move (quickstart-cache-migrated.json). Expected values come from the baseline files (ids,
 * object ids, policies) and the package's own tables (access strings, API version), not from a run.
 *
 * The two exports follow Pulumi's DeploymentV3 (apitype/core.go) as quickstart.json does: each
 * resource's inputs are what the program sends (with the names azure-native generated, as the state
 * records them), drafted from the program's registrations; ids, outputs (the shapes Azure returns),
 * the deployer's and the app's object ids, secrets and timestamps were written by hand. The export
 * after the move has the cache, cluster and database `protect`ed, as protectData (the default) leaves
 * them; the one before, from a release without protectData, has nothing protected.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli, FIXTURES } from "./helpers.ts";
import { MANAGED_BUILT_IN_ACCESS } from "../../src/infra/managed-redis/access-strings.ts";
import { MIGRATION_API_VERSION } from "../../src/infra/parts/migration.ts";
import type { BuiltInPolicy } from "../../src/infra/policies.ts";

const MIGRATE = join(FIXTURES, "migrate-quickstart");
const RETIRED = join(FIXTURES, "migrate-quickstart-retired");
const BEFORE = join(FIXTURES, "baseline/quickstart-cache.json");
const AFTER = join(FIXTURES, "baseline/quickstart-cache-migrated.json");
const tmp = mkdtempSync(join(tmpdir(), "baseline-migration-"));

interface Row {
  op: string;
  name: string;
  type: string;
  urn: string;
  changed: string[];
  wave: number;
  retain?: boolean;
  settings?: string[];
}
interface PlanDoc {
  ok: boolean;
  resources: { name: string; inputs: Record<string, unknown> }[];
  warnings: string[];
  errors: { message: string }[];
  plan?: {
    rows: Row[];
    unchanged: number;
    hazards: { kind: string; urn: string; message: string }[];
    warnings: string[];
    notes: string[];
  };
}
interface ExportedResource {
  urn: string;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  protect?: boolean;
  parent?: string;
}
const exported = (file: string) =>
  (JSON.parse(readFileSync(file, "utf8")) as { deployment: { resources: ExportedResource[] } }).deployment
    .resources;
const program = (r: ExportedResource) => !r.type.startsWith("pulumi:");
const nameOf = (urn: string) => urn.split("::").pop()!;

/** Who runs `pulumi up`: the deployer whose assignment the export holds (alias "deployer"). */
const deployer = String(
  exported(BEFORE).find((r) => r.urn.endsWith("::cache-assignment-deployer"))!.inputs!.objectId,
);
const preview = (dir: string, ...args: string[]) =>
  runCli(["preview", dir, "--stack", "dev", ...args], { timeoutMs: 180_000 });
const json = async (dir: string, ...args: string[]) => {
  const r = await preview(dir, ...args, "--json");
  return { code: r.code, stderr: r.stderr, doc: JSON.parse(r.stdout) as PlanDoc };
};

// Each test previews in its own CLI process against the exports or its own file in tmp: up to four at
// once.
describe("preview --baseline of the migration", { concurrency: 4 }, () => {
  test("the one-line move: the cache untouched; cluster, database, each identity's rights, then Azure's migration of the cache in the export", async () => {
    const { code, stderr, doc } = await json(MIGRATE, "--baseline", BEFORE, "--deployer", deployer);
    assert.equal(code, 0, stderr);
    const plan = doc.plan!;
    // Every resource of the cache's stack stays as it is: no update, replace or delete of the cache,
    // its assignments or its firewall rule.
    const before = exported(BEFORE).filter(program);
    assert.deepEqual(
      plan.rows.filter((r) => before.some((b) => b.urn === r.urn)),
      [],
    );
    // Including the cache, now registered protected (protectData): a state-only change.
    assert.equal(plan.unchanged, before.length);
    assert.deepEqual(
      plan.rows.map((r) => `${r.op} ${r.type} ${r.name}`),
      [
        "create azure-redis-entra:index:EntraManagedRedis managed",
        "create azure-native:redisenterprise:RedisEnterprise managed-cluster",
        "create azure-native:redisenterprise:Database managed-db",
        "create azure-native:resources:Resource managed-assignment-app",
        "create azure-native:resources:Resource managed-assignment-deployer",
        "create azure-native:resources:Resource managed-migration",
      ],
    );
    // The engine's order: cluster, database, one assignment at a time, the migration last of all.
    const wave = Object.fromEntries(plan.rows.map((r) => [r.name, r.wave]));
    const order = [
      "managed-cluster",
      "managed-db",
      "managed-assignment-app",
      "managed-assignment-deployer",
      "managed-migration",
    ];
    for (let i = 1; i < order.length; i++)
      assert.ok(
        wave[order[i - 1]] < wave[order[i]],
        `${order[i - 1]} before ${order[i]}: ${JSON.stringify(wave)}`,
      );
    assert.equal(Math.max(...plan.rows.map((r) => r.wave)), wave["managed-migration"]);
    assert.equal(plan.rows.filter((r) => r.wave === wave["managed-migration"]).length, 1);

    // The same identities with the same rights: each assignment of the cache has its access string.
    const inputsOf = (name: string) => doc.resources.find((r) => r.name === name)!.inputs;
    const cacheAssignments = before.filter((r) => r.type === "azure-native:redis:AccessPolicyAssignment");
    assert.equal(cacheAssignments.length, 2);
    for (const a of cacheAssignments) {
      const alias = String(a.inputs!.objectIdAlias);
      const mine = inputsOf(`managed-assignment-${alias}`);
      assert.deepEqual(
        { ...mine, parentResourcePath: "(the new cluster's database)" },
        {
          apiVersion: "2026-09-01",
          parentResourcePath: "(the new cluster's database)",
          properties: {
            accessPolicyName: "default",
            accessString: MANAGED_BUILT_IN_ACCESS[a.inputs!.accessPolicyName as BuiltInPolicy],
            user: { objectId: a.inputs!.objectId },
          },
          resourceGroupName: a.inputs!.resourceGroupName,
          resourceName: String(a.inputs!.objectId).replaceAll("-", ""),
          resourceProviderNamespace: "Microsoft.Cache",
          resourceType: "accessPolicyAssignments",
        },
        alias,
      );
    }
    // The migration of the cache the export holds (its real id, not a placeholder), as Azure's
    // Migrations_Start examples send it: migrations/default below the new cluster, API 2026-09-01.
    const cacheId = before.find((r) => r.type === "azure-native:redis:Redis")!.id!;
    assert.match(
      cacheId,
      /^\/subscriptions\/4e1c9b3a-[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Cache\/redis\/cache-redis5d1e7a3f$/,
    );
    const migration = inputsOf("managed-migration");
    assert.equal(MIGRATION_API_VERSION, "2026-09-01");
    assert.deepEqual(
      { ...migration, parentResourcePath: typeof migration.parentResourcePath },
      {
        apiVersion: "2026-09-01",
        // The cluster's name: Azure's, once it exists (unknown in a preview, as in `pulumi preview`).
        parentResourcePath: "object",
        properties: {
          skipDataMigration: false,
          sourceResourceId: cacheId,
          sourceType: "AzureCacheForRedis",
          switchDns: true,
        },
        resourceGroupName: before.find((r) => r.type === "azure-native:resources:ResourceGroup")!.inputs!
          .resourceGroupName,
        resourceName: "default",
        resourceProviderNamespace: "Microsoft.Cache",
        resourceType: "migrations",
      },
    );
    assert.deepEqual(plan.rows.at(-1)!.settings, [
      `migrate AzureCacheForRedis ${cacheId} (API 2026-09-01)`,
      "data copied, the cache's host name SWITCHES to this instance (switchDns)",
    ]);
    // Nothing to refuse, nobody loses access; the disparity the package knows is a warning by name.
    assert.deepEqual(plan.hazards, []);
    assert.deepEqual(plan.notes, []);
    assert.equal(plan.warnings.length, 1);
    assert.match(
      plan.warnings[0],
      /^EntraManagedRedis "managed": migrating from the cache, .*1 firewall rule\(s\): Azure Managed Redis has no IP firewall, they are not copied/,
    );
    assert.deepEqual(doc.warnings, plan.warnings);
  });

  test("the one-line move in text, as the docs show it; --fail-on-hazard passes; without --deployer a note says why the deployer's assignment moves", async () => {
    const r = await preview(MIGRATE, "--baseline", BEFORE, "--deployer", deployer, "--fail-on-hazard");
    assert.equal(r.code, 0, r.stderr);
    const plan = r.stdout.slice(r.stdout.indexOf("Update plan against"));
    assert.match(plan, /^Update plan against .*quickstart-cache\.json \(7 resources, stack-export\):$/m);
    assert.match(
      plan,
      /\+ {2}create {2}azure-native:resources:Resource managed-migration\n {13}migrate AzureCacheForRedis \/subscriptions\/.*\/redis\/cache-redis5d1e7a3f \(API 2026-09-01\)\n {13}data copied, the cache's host name SWITCHES to this instance \(switchDns\)\n/,
    );
    assert.match(plan, /^Resources: 6 to create, 7 unchanged$/m);
    assert.match(plan, /^No hazards: /m);
    assert.match(
      plan,
      /^Warnings from the program \(1\):\n {2}~ EntraManagedRedis "managed": migrating from the cache/m,
    );
    assert.doesNotMatch(plan, /^Note:/m);

    const bad = await preview(MIGRATE, "--baseline", BEFORE, "--deployer", "me");
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--deployer "me" is not an object id; give a GUID/);

    const { doc } = await json(MIGRATE, "--baseline", BEFORE);
    assert.deepEqual(
      doc.plan!.rows.filter((x) => x.op !== "create").map((x) => `${x.op} ${x.name} ${x.changed.join()}`),
      ["update cache-assignment-deployer objectId"],
    );
    assert.equal(doc.plan!.notes.length, 1);
    assert.match(
      doc.plan!.notes[0],
      /placeholder [0-9a-f-]{36} offline, so cache-assignment-deployer, managed-assignment-deployer carry it .*--deployer/,
    );
  });

  test("the quick start's cache as 0.1.0 shipped it (a private endpoint): the move is refused by name, and no plan is made", async () => {
    const text = await preview(
      MIGRATE,
      "--baseline",
      BEFORE,
      "--deployer",
      deployer,
      "-c",
      "privateEndpoint=true",
    );
    assert.equal(text.code, 1);
    assert.match(
      text.stdout,
      /EntraManagedRedis "managed": migrateFrom\.cacheId names EntraRedisCache "cache", which has a private endpoint: Azure's migration refuses caches with private endpoints; remove the cache's privateEndpoint first/,
    );
    assert.match(text.stdout, /No update plan against .*: the program failed/);
    assert.doesNotMatch(text.stdout, /Resources: |No hazards/);
    const { code, doc } = await json(MIGRATE, "--baseline", BEFORE, "-c", "privateEndpoint=true");
    assert.equal(code, 1);
    assert.equal(doc.ok, false);
    assert.equal(doc.plan, undefined);
  });

  /** The export after the move with `edit` applied to its resources, written to a file. */
  function afterMove(file: string, edit: (r: ExportedResource) => void): string {
    const state = JSON.parse(readFileSync(AFTER, "utf8")) as {
      deployment: { resources: ExportedResource[] };
    };
    for (const r of state.deployment.resources) edit(r);
    const path = join(tmp, file);
    writeFileSync(path, JSON.stringify(state));
    return path;
  }
  const CACHE =
    "urn:pulumi:dev::azure-redis-entra-quickstart::azure-redis-entra:index:EntraRedisCache::cache";
  /** The state the finish's first update (`protectData: false` on the cache) leaves. */
  const UNPROTECTED = () =>
    afterMove("unprotected.json", (r) => {
      if (r.parent === CACHE) delete r.protect;
    });

  test("the finish in one update, right after the move: the engine refuses deleting the protected cache, by name; --fail-on-hazard exits 1", async () => {
    const { code, doc } = await json(
      RETIRED,
      "--baseline",
      AFTER,
      "--deployer",
      deployer,
      "--fail-on-hazard",
    );
    assert.equal(code, 1);
    assert.deepEqual(
      doc.plan!.hazards.map((h) => `${h.kind} ${nameOf(h.urn)}`),
      ["engine cache-redis"],
    );
    assert.match(
      doc.plan!.hazards[0].message,
      /cache-redis cannot be deleted because it is protected: first set protectData: false on EntraRedisCache "cache" .* then remove it in a second update/,
    );
  });

  test("the finish's first update: protectData: false on the cache changes nothing in Azure", async () => {
    const { code, stderr, doc } = await json(
      MIGRATE,
      "--baseline",
      AFTER,
      "--deployer",
      deployer,
      "-c",
      "protectData=false",
      "--fail-on-hazard",
    );
    assert.equal(code, 0, stderr);
    assert.deepEqual(doc.plan!.rows, []);
    assert.deepEqual(doc.plan!.hazards, []);
  });

  test("the finish: the cache and migrateFrom removed; the cache's resources deleted, the migration dropped from the stack only, the instance unchanged", async () => {
    const { code, stderr, doc } = await json(
      RETIRED,
      "--baseline",
      UNPROTECTED(),
      "--deployer",
      deployer,
      "--fail-on-hazard",
    );
    assert.equal(code, 0, stderr);
    const plan = doc.plan!;
    const rows = plan.rows.map((r) => `${r.op} ${r.name}${r.retain ? " (retain)" : ""}`);
    assert.deepEqual([...rows].sort(), [
      "delete cache",
      "delete cache-assignment-app",
      "delete cache-assignment-deployer",
      "delete cache-fw-ip_203_0_113_10",
      "delete cache-redis",
      "delete managed-migration (retain)",
    ]);
    // Dependents first: assignments and the firewall rule before the cache, the cache before its component.
    const wave = Object.fromEntries(plan.rows.map((r) => [r.name, r.wave]));
    for (const child of ["cache-assignment-app", "cache-assignment-deployer", "cache-fw-ip_203_0_113_10"])
      assert.ok(wave[child] < wave["cache-redis"], child);
    assert.ok(wave["cache-redis"] < wave["cache"]);
    const kept = exported(AFTER).filter(
      (r) =>
        program(r) &&
        /EntraManagedRedis|ResourceGroup|UserAssignedIdentity/.test(r.urn) &&
        !r.urn.endsWith("::managed-migration"),
    );
    assert.equal(kept.length, 7);
    assert.equal(
      plan.unchanged,
      kept.length,
      "the instance, its database and assignments, the group and the identity",
    );
    assert.deepEqual(plan.hazards, []);
    assert.deepEqual(plan.warnings, []);

    const text = await preview(RETIRED, "--baseline", UNPROTECTED(), "--deployer", deployer);
    assert.match(
      text.stdout,
      /- {2}delete {2}azure-native:resources:Resource managed-migration \[retain: dropped from the stack, left in Azure\]/,
    );
    assert.match(text.stdout, /^Resources: 6 to delete, 7 unchanged$/m);
  });

  test("the finish with protect on the cache's component too: the engine refuses each delete, saying to remove protect; --fail-on-hazard exits 1", async () => {
    // `protect: true` on the component; its children inherit it (Pulumi's SDK), and so does the state.
    const file = afterMove("protected.json", (r) => {
      if (r.urn === CACHE || r.parent === CACHE) r.protect = true;
    });
    const { code, doc } = await json(RETIRED, "--baseline", file, "--deployer", deployer, "--fail-on-hazard");
    assert.equal(code, 1);
    const refused = doc.plan!.hazards.filter((h) => h.kind === "engine").map((h) => nameOf(h.urn));
    assert.deepEqual(refused.sort(), [
      "cache",
      "cache-assignment-app",
      "cache-assignment-deployer",
      "cache-fw-ip_203_0_113_10",
      "cache-redis",
    ]);
    for (const h of doc.plan!.hazards)
      assert.match(
        h.message,
        /cannot be deleted because it is protected: first remove `protect` from (cache \(a component's protect covers its children\)|it) /,
      );
  });
});
