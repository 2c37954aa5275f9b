/**
 * Every optional peer a CLI path documented in docs/cli.md needs, missing: one sentence with the
 * command that installs it for how the CLI was installed (a project, npx's cache, the repository),
 * never a stack trace. Run against the packed package installed into a temporary project, with only
 * the peers each case has linked in.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli, type CliRun } from "./helpers.ts";
import { missingPolicyPeers } from "../../src/cli/commands/preview/policy-peers.ts";
import { installPacked, linkFromRepo, type InstalledProject } from "../package/pack.ts";

let project: InstalledProject;
const temps: string[] = [];

before(async () => {
  project = await installPacked();
});
after(() => {
  project?.remove();
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

function installed(args: string[]): Promise<CliRun> {
  return runCli(args, { main: project.cliMain, cwd: project.dir });
}

/** One sentence on stderr: no stack frames, no require stack, nothing on stdout. */
function oneSentence(r: CliRun): string {
  assert.equal(r.code, r.code === 2 ? 2 : 1, r.stdout + r.stderr);
  assert.doesNotMatch(r.stderr, /\n\s+at |Require stack|ERR_MODULE_NOT_FOUND/, r.stderr);
  return r.stderr.trim();
}

test("preview --policy without @pulumi/policy and @pulumi/pulumi: the install line, before anything runs", async () => {
  const message = oneSentence(await installed(["preview", "--policy"]));
  assert.match(
    message,
    /--policy needs @pulumi\/policy and @pulumi\/pulumi, which are not installed next to azure-redis-entra/,
  );
  assert.ok(message.includes(`run npm install @pulumi/policy @pulumi/pulumi (in ${project.dir})`), message);
});

test("preview of the shipped quick start without the Pulumi SDK: install it in the project, not in the package", async () => {
  const r = await installed(["preview", "--json"]);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  const [error] = (JSON.parse(r.stdout) as { errors: { message: string }[] }).errors;
  assert.ok(
    error.message.includes(`run npm install @pulumi/pulumi @pulumi/azure-native (in ${project.dir})`),
    error.message,
  );
});

test("doctor --credential cli without @azure/identity: the install line", async () => {
  const r = await installed(["doctor", "--host", "x.westeurope.redis.azure.net", "--credential", "cli"]);
  const message = oneSentence(r);
  assert.match(message, /--credential cli needs @azure\/identity, which is not installed/);
  assert.ok(message.includes(`run npm install @azure/identity (in ${project.dir})`), message);
});

test("demo without ioredis: the install line for the live step", async () => {
  const message = oneSentence(await installed(["demo", "--no-preview", "--duration", "1s"]));
  assert.match(message, /ioredis/);
  assert.ok(message.includes(`npm install ioredis`) && message.includes(`(in ${project.dir})`), message);
});

test("preview --policy with the Pulumi SDK but no @pulumi/policy: only @pulumi/policy to install", async () => {
  linkFromRepo(project.dir, ["@pulumi/pulumi", "@pulumi/azure-native"]);
  const message = oneSentence(await installed(["preview", "--policy"]));
  assert.match(message, /--policy needs @pulumi\/policy, which is not installed next to azure-redis-entra/);
  assert.ok(message.includes(`run npm install @pulumi/policy (in ${project.dir})`), message);
});

test("through npx: the command line again with every package the run needs", () => {
  const dir = mkdtempSync(join(tmpdir(), "are-npx-"));
  temps.push(dir);
  const root = join(dir, "_npx", "0a1b2c", "node_modules", "azure-redis-entra");
  mkdirSync(root, { recursive: true });
  const message = missingPolicyPeers({ dir: root }, root, ["preview", ".", "--policy"]);
  assert.equal(
    message,
    `--policy needs @pulumi/policy and @pulumi/pulumi, which are not installed next to azure-redis-entra (${root}): ` +
      "run npx -p azure-redis-entra -p @pulumi/policy -p @pulumi/pulumi -p @pulumi/azure-native azure-redis-entra preview . --policy",
  );
});

test("a policy pack folder of the user's without its peers: npm install in that folder", () => {
  const dir = mkdtempSync(join(tmpdir(), "are-pack-"));
  temps.push(dir);
  writeFileSync(join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\n");
  const root = join(dir, "elsewhere");
  const message = missingPolicyPeers({ dir }, root, ["preview", "--policy", dir]);
  assert.match(message ?? "", /not installed in the policy pack's node_modules/);
  assert.ok(message?.endsWith(`run npm install @pulumi/policy @pulumi/pulumi (in ${dir})`), message);
});
