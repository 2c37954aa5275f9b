/**
 * Runs in a child node process: loads a policy pack program, whose `new PolicyPack(...)` starts
 * @pulumi/policy's analyzer server on a loopback port and prints the port, exactly as under
 * `pulumi preview --policy-pack`. "azure-redis-entra/policy" (and "/policy/pack") resolve to this
 * package, like "azure-redis-entra" does for preview programs. Exits when the parent goes away.
 */
import { registerHooks } from "node:module";
import { dirname } from "node:path";
import { pathToFileURL } from "node:url";
import { ENTRY_DIR_URL, MODULE_EXT } from "../package-info.ts";
import { installPreviewResolution } from "./resolve-hooks.ts";
import { installLazyTypeScriptShim } from "./lazy-typescript.ts";

const packFile = process.argv[2];
if (!packFile) throw new Error("policy-host: no policy pack file given");
// The pack's own node_modules first (its @pulumi/policy, @pulumi/pulumi), else this package's.
installPreviewResolution(dirname(packFile));
installLazyTypeScriptShim();
registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === "azure-redis-entra/policy")
      return { url: new URL(`policy/index${MODULE_EXT}`, ENTRY_DIR_URL).href, shortCircuit: true };
    if (specifier === "azure-redis-entra/policy/pack")
      return { url: new URL(`policy/pack${MODULE_EXT}`, ENTRY_DIR_URL).href, shortCircuit: true };
    return nextResolve(specifier, context);
  },
});

// The analyzer server keeps the event loop alive; the parent's IPC channel bounds its life.
process.on("disconnect", () => process.exit(0));
await import(pathToFileURL(packFile).href);
