/** The data a preview produces: what the program declared under Pulumi's mock runtime. */
import type { AliasSpec } from "../engine-steps/model.ts";

/** One resource the program declared. */
export interface PreviewResource {
  /** Pulumi URN as the mock runtime builds it. */
  urn: string;
  /** Type token, e.g. `azure-native:redis:Redis` or `azure-redis-entra:index:EntraRedisCache`. */
  type: string;
  /** Logical (Pulumi) name. */
  name: string;
  /** True for provider resources (custom), false for components. */
  custom: boolean;
  /** URN of the parent resource, undefined for top-level resources. */
  parent?: string;
  /** URNs named in `dependsOn` (explicit dependencies, not those implied by inputs). */
  dependsOn: string[];
  /** URNs of every direct dependency (dependsOn plus those implied by Output inputs). */
  dependencies: string[];
  /** Inputs as declared; secrets shown as "[secret]", unknown values as "[computed]". */
  inputs: Record<string, unknown>;
  /** With `--baseline`: what the engine reads beyond the inputs (aliases, options). */
  engine?: EngineOptions;
}

/** A registration's options the engine uses to match and diff it (`preview --baseline`). */
export interface EngineOptions {
  aliases: AliasSpec[];
  ignoreChanges: string[];
  replaceOnChanges: string[];
  protect?: boolean;
  deleteBeforeReplace?: boolean;
  importId?: string;
  propertyDependencies: Record<string, string[]>;
}

/** A resource the baseline's stack already has: the child returns its id and outputs. */
export interface KnownResource {
  type: string;
  name: string;
  id: string;
  outputs: Record<string, unknown>;
}

/** A failure of the program: an exception or a failed resource registration. */
export interface PreviewError {
  /** Error class name, e.g. EntraRedisInputError. */
  name: string;
  message: string;
  /** For EntraRedisInputError: the offending argument path. */
  field?: string;
}

/** A package the program ran with, and where it came from. */
export interface LoadedPackage {
  name: string;
  version: string;
  /** Its folder. */
  path: string;
  /** `program`: the program's own node_modules; `azure-redis-entra`: the copy running the preview. */
  from: "program" | "azure-redis-entra";
}

/** Everything a preview run found. */
export interface PreviewResult {
  program: string;
  project: string;
  stack: string;
  /** How the program was loaded: import() (esm) or require() (cjs), and TypeScript's handling. */
  loader?: { moduleKind: "esm" | "cjs"; typescript: string };
  /** The shared packages (@pulumi/*, azure-redis-entra) the program ran with. */
  packages?: LoadedPackage[];
  resources: PreviewResource[];
  /** The program's exported stack outputs (placeholders where the cloud would compute them). */
  outputs: Record<string, unknown>;
  errors: PreviewError[];
  /** The program's warnings (`pulumi.log.warn`), in the order it logged them. */
  warnings?: string[];
}

/**
 * What the mock runtime answers, and what it hides: the module a run names (`PreviewSpec.mocks`, a
 * file URL) exports them as `offlineMocks`. The CLI's preview gives azure-native placeholders and Redis ACL redaction
 * (src/cli/commands/preview/mocks.ts).
 */
export interface OfflineMocks {
  /** Mock id and state for a new resource of `type` (inputs plus placeholder outputs). */
  placeholderState(
    type: string,
    name: string,
    inputs: Record<string, unknown>,
  ): { id: string; state: Record<string, unknown> };
  /** Mock result of a provider function call; `deployer`: PreviewSpec.deployer. */
  placeholderCall(token: string, inputs: Record<string, unknown>, deployer?: string): Record<string, unknown>;
  /** A resource's inputs as the preview shows them (secrets the SDK doesn't mark, hidden). */
  redactInputs(type: string, inputs: Record<string, unknown>): Record<string, unknown>;
}

/** What the parent sends the child process. */
export interface PreviewSpec {
  /** File URL of the module exporting the run's {@link OfflineMocks} as `offlineMocks`. */
  mocks: string;
  /** Absolute path of the program's entry file. */
  programFile: string;
  project: string;
  stack: string;
  /** The project folder (Pulumi.yaml's). */
  projectDir: string;
  /** import() (esm) or require() (cjs), as Pulumi decides from package.json "type". */
  moduleKind: "esm" | "cjs";
  /** Pulumi.yaml runtime option `typescript` (default true). */
  typescript: boolean;
  /** The tsconfig.json Pulumi would read, if present. */
  tsconfig?: string;
  /** The CLI's working directory: messages name files relative to it. */
  cwd: string;
  /** `--baseline`: record what the engine reads of each registration (aliases, options). */
  engine?: boolean;
  /**
   * `--baseline` with a stack export: the stack's resources, with ids and outputs; the run is then a
   * dry run (what isn't listed has no outputs yet, as in `pulumi preview`). A JSON file of
   * KnownResource[] (an argument could be too long).
   */
  baselineFile?: string;
  /** `--deployer`: the object id getClientConfig (`currentPrincipal()`) returns; default a placeholder. */
  deployer?: string;
}

/** The name of the errors preview's type check reports (typecheck.ts). */
export const TYPE_ERROR = "TypeScriptError";
