/**
 * `preview`'s run: the offline Pulumi host (src/internal/pulumi-offline) with this package's mocks
 * (mocks.ts): finds the program, runs it under Pulumi's mock runtime and returns what it declared.
 */
import { MODULE_EXT } from "../../../internal/package-info.ts";
import type { PreviewResult } from "../../../internal/pulumi-offline/model.ts";
import { runOffline, type PreviewOptions } from "../../../internal/pulumi-offline/run.ts";
import type { ProgramLocation } from "../../../internal/pulumi-offline/locate.ts";

export { locateProgram, type ProgramLocation } from "../../../internal/pulumi-offline/locate.ts";
export type { PreviewOptions } from "../../../internal/pulumi-offline/run.ts";

/** Runs the program under Pulumi's mock runtime in a child process and returns what it declared. */
export function runPreview(location: ProgramLocation, options: PreviewOptions = {}): Promise<PreviewResult> {
  return runOffline(location, new URL(`./mocks${MODULE_EXT}`, import.meta.url).href, options);
}
