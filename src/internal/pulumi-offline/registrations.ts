/**
 * `preview --baseline`: the program's registrations as the engine model reads them (from the preview
 * child's records), and the options the child records for it.
 */
import type { RegistrationMeta } from "../pulumi-mock-recorder.ts";
import type { Registration } from "../engine-steps/model.ts";
import type { EngineOptions, PreviewResource } from "./model.ts";

/** What the child records of a registration's options (child.ts). */
export function engineOptions(meta: RegistrationMeta): EngineOptions {
  return {
    aliases: meta.aliases,
    ignoreChanges: meta.ignoreChanges,
    replaceOnChanges: meta.replaceOnChanges,
    ...(meta.protect ? { protect: true } : {}),
    ...(meta.deleteBeforeReplace !== undefined ? { deleteBeforeReplace: meta.deleteBeforeReplace } : {}),
    ...(meta.importId ? { importId: meta.importId } : {}),
    propertyDependencies: meta.propertyDependencies,
  };
}

/** The preview's resources as registrations (the engine model's new side). */
export function registrationsOf(
  resources: readonly PreviewResource[],
): (Registration & { propertyDependencies?: Record<string, string[]> })[] {
  return resources.map((r) => ({
    urn: r.urn,
    type: r.type,
    name: r.name,
    custom: r.custom,
    inputs: r.inputs,
    ...(r.parent ? { parent: r.parent } : {}),
    dependencies: r.dependencies,
    aliases: r.engine?.aliases ?? [],
    ignoreChanges: r.engine?.ignoreChanges ?? [],
    replaceOnChanges: r.engine?.replaceOnChanges ?? [],
    ...(r.engine?.protect ? { protect: true } : {}),
    ...(r.engine?.deleteBeforeReplace !== undefined
      ? { deleteBeforeReplace: r.engine.deleteBeforeReplace }
      : {}),
    ...(r.engine?.importId ? { importId: r.engine.importId } : {}),
    propertyDependencies: r.engine?.propertyDependencies ?? {},
  }));
}
