/**
 * Module-resolution hook for the preview child: the user's program imports "azure-redis-entra",
 * "@pulumi/pulumi" and "@pulumi/azure-native/..."; they must all be THIS package's copies so that
 * the mocks are set on the same Pulumi SDK instance the program uses, whether or not the program's
 * folder has its own node_modules.
 */
import * as nodeModule from "node:module";
import { pathToFileURL } from "node:url";
import { entryUrl, PACKAGE_ROOT } from "../package-info.ts";

const ROOT_URL = pathToFileURL(PACKAGE_ROOT).href.replace(/\/?$/, "/");
const ANCHOR = new URL("package.json", ROOT_URL).href;
const OWN_NODE_MODULES = new URL("node_modules/", ROOT_URL).href;

function ownEntry(specifier: string): string | undefined {
  if (specifier === "azure-redis-entra") return entryUrl("");
  if (specifier === "azure-redis-entra/client") return entryUrl("client");
  if (specifier === "azure-redis-entra/testing") return entryUrl("testing");
  return undefined;
}

/** Installs the hook (synchronous, in-thread: affects both import and require). */
export function installPreviewResolution(): void {
  const registerHooks = (nodeModule as Partial<typeof nodeModule>).registerHooks;
  if (typeof registerHooks !== "function") {
    throw new Error(
      `preview needs Node.js 22.15 or later (module.registerHooks); this is ${process.version}`,
    );
  }
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const own = ownEntry(specifier);
      if (own) return { url: own, shortCircuit: true };
      const fromElsewhere = !context.parentURL?.startsWith(OWN_NODE_MODULES);
      if (fromElsewhere && specifier.startsWith("@pulumi/")) {
        return nextResolve(specifier, { ...context, parentURL: ANCHOR });
      }
      try {
        return nextResolve(specifier, context);
      } catch (err) {
        // A bare import the program's folder can't satisfy (no npm install there): try ours.
        if (/^[a-z@]/i.test(specifier) && !specifier.startsWith("node:")) {
          return nextResolve(specifier, { ...context, parentURL: ANCHOR });
        }
        throw err;
      }
    },
  });
}
