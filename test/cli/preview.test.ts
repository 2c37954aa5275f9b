/** `preview` as a subprocess on fixture programs: tree, --json, config, secrets, errors. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { FIXTURES, runCli } from "./helpers.ts";

interface PreviewDoc {
  ok: boolean;
  note: string;
  resources: {
    type: string;
    name: string;
    parent?: string;
    dependsOn: string[];
    inputs: Record<string, unknown>;
  }[];
  caches: {
    entraEnabled: boolean;
    accessKeysDisabled: boolean;
    minimumTlsVersion?: string;
    publicNetworkAccess?: string;
    firewallRules: { startIp: string; endIp: string }[];
    customPolicies: { name: string; permissions: string }[];
    assignments: { alias?: string; objectId: string; policy: string; after: string[] }[];
  }[];
  outputs: Record<string, unknown>;
  errors: { name: string; message: string; field?: string }[];
}

const plain = join(FIXTURES, "plain-program");
const allowed = 'allowed=["20.1.2.3","20.1.2.4"]';

test("preview prints the resource tree with key settings, the dependsOn chain and the placeholder note", async () => {
  const r = await runCli(["preview", plain, "--config", allowed]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Values Azure computes .* are placeholders/);
  assert.match(
    r.stdout,
    /demo fixture:index:Cache \(component\)\n├─ demo-rg azure-native:resources:ResourceGroup/,
  );
  assert.match(r.stdout, /Entra on \(aadEnabled=true\)/);
  assert.match(r.stdout, /access keys off/);
  assert.match(r.stdout, /TLS min 1\.2, non-TLS port off/);
  assert.match(r.stdout, /allow 20\.1\.2\.4 - 20\.1\.2\.4/);
  assert.match(r.stdout, /custom policy "reader": \+@read allkeys/);
  assert.match(
    r.stdout,
    /assign "Data Owner" to app2 \(objectId 22222222-2222-4222-8222-222222222222\)\n\s+after demo-a1/,
  );
  assert.match(r.stdout, /secretThing: \[secret\]/);
  assert.doesNotMatch(r.stdout + r.stderr, /do-not-print-me/);
});

test("preview --json parses and carries resources, parents, dependsOn and a per-cache summary", async () => {
  const r = await runCli(["preview", plain, "--json", "-c", allowed]);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as PreviewDoc;
  assert.equal(doc.ok, true);
  assert.match(doc.note, /placeholders/);
  const types = doc.resources.map((x) => x.type).sort();
  assert.deepEqual(types, [
    "azure-native:redis:AccessPolicy",
    "azure-native:redis:AccessPolicyAssignment",
    "azure-native:redis:AccessPolicyAssignment",
    "azure-native:redis:FirewallRule",
    "azure-native:redis:FirewallRule",
    "azure-native:redis:Redis",
    "azure-native:resources:ResourceGroup",
    "fixture:index:Cache",
  ]);
  const component = doc.resources.find((x) => x.type === "fixture:index:Cache")!;
  const a2 = doc.resources.find((x) => x.name === "demo-a2")!;
  assert.ok(a2.parent?.endsWith("::demo"), "assignment is parented to the component");
  assert.ok(component.parent === undefined);
  assert.equal(a2.dependsOn.length, 1);
  assert.ok(a2.dependsOn[0].endsWith("::demo-a1"));
  assert.equal(doc.caches.length, 1);
  const cache = doc.caches[0];
  assert.equal(cache.entraEnabled, true);
  assert.equal(cache.accessKeysDisabled, true);
  assert.equal(cache.minimumTlsVersion, "1.2");
  assert.deepEqual(
    cache.firewallRules.map((f) => f.startIp),
    ["20.1.2.3", "20.1.2.4"],
  );
  assert.deepEqual(cache.customPolicies, [{ name: "reader", permissions: "+@read allkeys" }]);
  assert.deepEqual(
    cache.assignments.map((a) => [a.alias, a.policy, a.after]),
    [
      ["app1", "reader", ["demo-policy"]],
      ["app2", "Data Owner", ["demo-a1"]],
    ],
  );
  assert.equal(doc.outputs.hostName, "demo-redis.redis.cache.windows.net");
  assert.equal(doc.outputs.secretThing, "[secret]");
});

test("preview of a program missing a config value exits 1 and says how to pass it", async () => {
  const r = await runCli(["preview", plain]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /Missing required configuration variable 'cli-fixture-plain:allowed'/);
  assert.match(r.stdout, /--config allowed=<value>/);
});

test("PULUMI_CONFIG in the environment also reaches the program", async () => {
  const r = await runCli(["preview", plain, "--json"], {
    env: { PULUMI_CONFIG: JSON.stringify({ "cli-fixture-plain:allowed": '["1.2.3.4"]' }) },
  });
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as PreviewDoc;
  assert.deepEqual(
    doc.caches[0].firewallRules.map((f) => f.startIp),
    ["1.2.3.4"],
  );
});

test("preview of a program with a bad component argument exits 1 with the component's one-sentence error", async () => {
  const r = await runCli(["preview", join(FIXTURES, "bad-argument"), "--json"]);
  assert.equal(r.code, 1, r.stderr);
  const doc = JSON.parse(r.stdout) as PreviewDoc;
  assert.equal(doc.ok, false);
  assert.equal(doc.errors.length, 1);
  assert.equal(doc.errors[0].name, "EntraRedisInputError");
  assert.equal(doc.errors[0].field, "firewallRules[0].cidr");
  assert.match(
    doc.errors[0].message,
    /^EntraRedisCache "cache": firewallRules\[0\]\.cidr "10\.0\.0\.0\/33" is not an IPv4 CIDR block; /,
  );
  // Nothing of the cache was declared.
  assert.ok(!doc.resources.some((x) => x.type === "azure-native:redis:Redis"));
});

test("a bad argument known only when an Output resolves: exit 1, error printed, no assignment declared", async () => {
  const r = await runCli(["preview", join(FIXTURES, "bad-output-argument")]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(
    r.stdout,
    /1 error:\n {2}✘ EntraRedisInputError: EntraRedisCache "cache": assignments\[0\]\.objectId "my-app" is not an object id/,
  );
  assert.doesNotMatch(r.stdout, /AccessPolicyAssignment/);
});

test("a program path that does not exist is a usage error (exit 2)", async () => {
  const r = await runCli(["preview", "no/such/dir"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /program "no\/such\/dir" does not exist/);
});

test("preview with no program previews the quick-start program at the package root", async () => {
  const r = await runCli(["preview", "--json"]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const doc = JSON.parse(r.stdout) as PreviewDoc;
  assert.ok(doc.resources.some((x) => x.type === "azure-redis-entra:index:EntraManagedRedis"));
  assert.equal(doc.caches.length, 1);
  assert.equal(doc.caches[0].entraEnabled, true);
  assert.equal(doc.caches[0].accessKeysDisabled, true);
  assert.ok(doc.caches[0].assignments.length >= 1);
});

test("preview --json never prints a storage connection string given as a plain string (issue 19 item 5)", async () => {
  const r = await runCli(["preview", join(FIXTURES, "storage-secret"), "--json"]);
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stdout + r.stderr, /do-not-print-this-key/);
  const doc = JSON.parse(r.stdout) as PreviewDoc;
  const cache = doc.resources.find((x) => x.type === "azure-native:redis:Redis");
  assert.ok(cache !== undefined, "the cache is in the preview");
  assert.match(JSON.stringify(cache.inputs), /secret/i, "the configuration is shown as a secret");
  const text = await runCli(["preview", join(FIXTURES, "storage-secret")]);
  assert.equal(text.code, 0, text.stderr);
  assert.doesNotMatch(text.stdout + text.stderr, /do-not-print-this-key/);
});
