/**
 * What each step of `demo` needs beyond this package, checked before it starts, with the exact
 * command that brings a missing piece for how the CLI was installed (the repository, a project's
 * node_modules, or npx's cache):
 *
 * - step 1 (offline preview of the quick start): Node.js 22.15+, the quick-start program (shipped),
 *   `@pulumi/pulumi` and `@pulumi/azure-native` (optional peers);
 * - step 2 (live rotation): `ioredis` (optional peer; the workload is an ioredis app) and redis-server
 *   (checked when the gateway starts); the testing kit's throwaway CA needs nothing (node:crypto).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { PACKAGE_ROOT } from "../../../internal/package-info.ts";
import { installCommand, installedHere } from "../../../internal/package-install.ts";
import { canRunPreview, onNewerNodeCommand, PREVIEW_NODE } from "../../../internal/node-support.ts";

/** A step that can run, or why not and how to get there. */
export type StepReadiness = { ready: true } | { ready: false; reason: string; fix: string };

/** Can step 1 (the offline preview of the quick start) run here? */
export function previewStepReadiness(root = PACKAGE_ROOT): StepReadiness {
  if (!canRunPreview())
    return {
      ready: false,
      reason: `the offline preview needs Node.js ${PREVIEW_NODE.version} or later (${PREVIEW_NODE.reason}); this is Node.js ${process.versions.node}`,
      fix: `run it on Node.js 24 with: ${onNewerNodeCommand(process.argv.slice(2), root)}`,
    };
  if (!existsSync(join(root, "Pulumi.yaml")) || !existsSync(join(root, "index.ts")))
    return {
      ready: false,
      reason: `this copy (${root}) has no quick-start program (Pulumi.yaml, index.ts)`,
      fix: "install azure-redis-entra from npm, whose package ships it",
    };
  const missing = ["@pulumi/pulumi", "@pulumi/azure-native"].filter((p) => !installedHere(p, root));
  if (missing.length)
    return {
      ready: false,
      reason: `the preview runs the quick start on Pulumi's SDK, and ${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} not installed`,
      fix: installCommand(["@pulumi/pulumi", "@pulumi/azure-native"], root),
    };
  return { ready: true };
}

/** Can step 2 (live rotation through the local gateway) run here? */
export function liveStepReadiness(root = PACKAGE_ROOT): StepReadiness {
  if (!installedHere("ioredis", root))
    return {
      ready: false,
      reason: "the live step is an ioredis app, and ioredis is not installed",
      fix: installCommand(["ioredis"], root),
    };
  return { ready: true };
}
