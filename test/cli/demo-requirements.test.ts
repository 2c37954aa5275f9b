/** demo's checks of what each step needs, and the install command for each way the CLI is installed. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { installCommand, installKind } from "../../src/internal/package-install.ts";
import { liveStepReadiness, previewStepReadiness } from "../../src/cli/commands/demo/requirements.ts";
import { ROOT } from "./helpers.ts";

test("the install command fits how the CLI was installed: repository, a project, npx's cache", () => {
  assert.equal(installKind("/home/u/azure-redis-entra"), "repository");
  assert.equal(installKind("/home/u/app/node_modules/azure-redis-entra"), "project");
  assert.equal(installKind("/home/u/.npm/_npx/1a2b/node_modules/azure-redis-entra"), "npx");
  assert.equal(
    installCommand(["ioredis"], "/home/u/app/node_modules/azure-redis-entra"),
    "npm install ioredis (in /home/u/app)",
  );
  assert.equal(
    installCommand(
      ["@pulumi/pulumi", "@pulumi/azure-native"],
      "/home/u/.npm/_npx/1a2b/node_modules/azure-redis-entra",
    ),
    "npx -p azure-redis-entra -p @pulumi/pulumi -p @pulumi/azure-native azure-redis-entra demo",
  );
  assert.equal(
    installCommand(["ioredis"], "/home/u/azure-redis-entra"),
    "npm ci (in /home/u/azure-redis-entra)",
  );
});

test("in the repository both steps are ready (npm ci brought ioredis and the Pulumi SDK)", () => {
  assert.deepEqual(liveStepReadiness(ROOT), { ready: true });
  assert.deepEqual(previewStepReadiness(ROOT), { ready: true });
});

test("a folder without the quick start or the peers says which is missing", () => {
  const r = previewStepReadiness("/nonexistent/node_modules/azure-redis-entra");
  assert.equal(r.ready, false);
  assert.match(r.ready ? "" : r.reason, /no quick-start program/);
  const l = liveStepReadiness("/nonexistent/node_modules/azure-redis-entra");
  assert.equal(l.ready, false);
  assert.match(l.ready ? "" : l.fix, /^npm install ioredis \(in \/nonexistent\)$/);
});
