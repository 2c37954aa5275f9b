/**
 * azure-redis-entra/cli: the CLI as a library (ESM only). The bin is `azure-redis-entra`
 * (dist/esm/cli/main.js); these exports let scripts run it or reuse its pieces.
 */
export { runCli, cliProgram } from "./program.ts";
export type { ProgramSpec, CommandSpec, OptionSpec, ArgumentSpec } from "./args.ts";
export { parseDuration, formatDuration } from "./duration.ts";
export { localGatewayCredential, type LocalTokenOptions } from "./commands/local/token-client.ts";
export {
  readState as readLocalGatewayState,
  defaultStatePath as defaultLocalStatePath,
  type LocalGatewayState,
} from "./commands/local/state.ts";
export {
  locateProgram,
  runPreview,
  type ProgramLocation,
  type PreviewOptions,
} from "./commands/preview/offline.ts";
export type { PreviewResult, PreviewResource, PreviewError } from "../internal/pulumi-offline/model.ts";
export { summarizeCaches, type CacheSummary } from "./commands/preview/summary.ts";
export { runDoctor, type DoctorInput, type DoctorReport, type DoctorStep } from "./commands/doctor/checks.ts";
