/**
 * Runs in a child node process (isolating Pulumi's global state): sets Pulumi's mocks (answered by
 * the `offlineMocks` of the module PreviewSpec.mocks names), loads the
 * user's program the way Pulumi's Node.js language host does (import() or require(), see locate.ts
 * and typescript-hooks.ts), waits until every resource registration has finished, and sends the
 * declared resources, stack outputs and errors to the parent over IPC. Never talks to a cloud.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { installPreviewResolution } from "./resolve-hooks.ts";
import { installTypeScriptLoading, lastTypeScriptFile } from "./typescript-hooks.ts";
import { installLazyTypeScriptShim } from "./lazy-typescript.ts";
import { typeCheckDecision, typeCheckProgram } from "./typecheck.ts";
import { explainLoadError, LOAD_ERROR, missingPackageFix } from "./load-errors.ts";
import { recordMockRegistrations } from "../pulumi-mock-recorder.ts";
import { engineOptions } from "./registrations.ts";
import type * as PulumiSdk from "@pulumi/pulumi";
import type {
  KnownResource,
  LoadedPackage,
  OfflineMocks,
  PreviewError,
  PreviewResource,
  PreviewResult,
  PreviewSpec,
} from "./model.ts";

const spec = JSON.parse(process.argv[2] ?? "{}") as PreviewSpec;
// Loaded before the hooks below, as a static import would be.
const { offlineMocks: mocks } = (await import(spec.mocks)) as { offlineMocks: OfflineMocks };
const resolution = installPreviewResolution(spec.projectDir);
installTypeScriptLoading(spec, () => resolution.packageDir("@pulumi/pulumi"));
installLazyTypeScriptShim();

const errors: PreviewError[] = [];
const resources: PreviewResource[] = [];

// The program's warnings (pulumi.log.warn, which the mock runtime prints with console.warn), for
// --json and the plan against a baseline; they still reach stderr as before.
const warnings: string[] = [];
const WARNING = "warning: [runtime] ";
const consoleWarn = console.warn.bind(console);
console.warn = (...args: unknown[]) => {
  const [first] = args;
  if (typeof first === "string" && first.startsWith(WARNING)) warnings.push(first.slice(WARNING.length));
  consoleWarn(...args);
};

function toPreviewError(err: unknown): PreviewError {
  const load = explainLoadError(err, spec, lastTypeScriptFile());
  if (load) return load;
  if (err instanceof Error) {
    const field = (err as { field?: unknown }).field;
    // Pulumi wraps failures of resource registration: keep the first line of the innermost message.
    const message = err.message.replace(/^Error: /, "");
    return { name: err.name, message, ...(typeof field === "string" ? { field } : {}) };
  }
  return { name: "Error", message: String(err) };
}

function addError(err: unknown): void {
  const e = toPreviewError(err);
  if (!errors.some((x) => x.message === e.message)) errors.push(e);
}

/** The shared packages the run loaded, with versions and origin. */
function loadedPackages(): LoadedPackage[] {
  return [...resolution.loaded].map(([name, { path, from }]) => {
    let version = "unknown";
    try {
      version =
        (JSON.parse(readFileSync(join(path, "package.json"), "utf8")) as { version?: string }).version ??
        version;
    } catch {
      /* no readable package.json */
    }
    return { name, version, path, from };
  });
}

/** Whether Pulumi would type-check the program (and the compiler that did, once it has). */
const typeCheck = typeCheckDecision(spec, process.env, resolution.packageDir("@pulumi/pulumi"));
let checkedWith: string | undefined;

function typescriptHandling(): string {
  const run =
    spec.typescript && spec.moduleKind === "cjs"
      ? "compiled by TypeScript to CommonJS (as ts-node)"
      : process.execArgv.includes("--experimental-transform-types")
        ? "run by Node.js (--experimental-transform-types)"
        : "type-stripped by Node.js";
  return `${run}, ${checkedWith ? `type-checked by ${checkedWith}` : typeCheck.reason}`;
}

/** Sends what was found and ends the child. */
function report(outputs: Record<string, unknown>): void {
  const result: PreviewResult = {
    program: spec.programFile,
    project: spec.project,
    stack: spec.stack,
    loader: { moduleKind: spec.moduleKind, typescript: typescriptHandling() },
    packages: loadedPackages(),
    resources,
    outputs,
    errors,
    ...(warnings.length > 0 ? { warnings } : {}),
  };
  process.send!(result, () => process.exit(0));
}

process.on("uncaughtException", addError);
process.on("unhandledRejection", addError);

/** Pulumi's SDK, from where the resolution hook finds it (or a report of why there is none). */
async function loadSdk(): Promise<typeof PulumiSdk> {
  try {
    return await import("@pulumi/pulumi");
  } catch (err) {
    const code = (err as { code?: string }).code;
    errors.push({
      name: LOAD_ERROR,
      message:
        code === "ERR_MODULE_NOT_FOUND"
          ? `${spec.programFile} can't run: ${missingPackageFix("@pulumi/pulumi", spec.projectDir)}`
          : `@pulumi/pulumi could not be loaded: ${err instanceof Error ? err.message : String(err)}`,
    });
    report({});
    return new Promise(() => undefined);
  }
}

const pulumi = await loadSdk();
const SECRET_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** Makes a value printable: secrets hidden, unknowns marked, resources by URN. */
function sanitize(value: unknown, depth = 0): unknown {
  if (depth > 20) return "[deep]";
  if (value === null || value === undefined) return value;
  if (typeof value !== "object") return value;
  if (pulumi.Resource.isInstance(value)) return "[resource]";
  if (pulumi.Output.isInstance(value)) return "[computed]";
  if (Array.isArray(value)) return value.map((v) => sanitize(v, depth + 1));
  const rec = value as Record<string, unknown>;
  if (rec[SECRET_KEY] === SECRET_SIG) return "[secret]";
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rec)) if (v !== undefined) out[k] = sanitize(v, depth + 1);
  return out;
}

const baseline = new Map(
  (spec.baselineFile ? (JSON.parse(readFileSync(spec.baselineFile, "utf8")) as KnownResource[]) : []).map(
    (k) => [`${k.type}::${k.name}`, k],
  ),
);

await pulumi.runtime.setMocks(
  {
    newResource(args) {
      const inputs = (args.inputs ?? {}) as Record<string, unknown>;
      const meta = recorder.take(args.type, args.name);
      resources.push({
        urn: "",
        type: args.type,
        name: args.name,
        custom: args.custom !== false,
        ...(meta.parent ? { parent: meta.parent } : {}),
        dependsOn: meta.dependsOn,
        dependencies: meta.dependencies,
        inputs: mocks.redactInputs(args.type, sanitize(inputs) as Record<string, unknown>),
        ...(spec.engine ? { engine: engineOptions(meta) } : {}),
      });
      // Against a baseline (`--baseline`): what the stack has keeps its id and outputs, as in
      // `pulumi preview`; what is new has none yet (a dry run leaves them unknown).
      const known = baseline.get(`${args.type}::${args.name}`);
      if (known)
        return { id: args.custom === false ? undefined : known.id, state: { ...inputs, ...known.outputs } };
      if (spec.baselineFile) return { id: undefined, state: inputs };
      const { id, state } = mocks.placeholderState(args.type, args.name, inputs);
      return { id: args.custom === false ? undefined : id, state };
    },
    call(args) {
      return mocks.placeholderCall(args.token, (args.inputs ?? {}) as Record<string, unknown>, spec.deployer);
    },
  },
  spec.project,
  spec.stack,
  spec.baselineFile !== undefined,
);

// The parent URN, the explicit dependsOn and the URN of each resource, which newResource doesn't see.
const recorder = recordMockRegistrations(pulumi, resources);

/** Resolves an exported value (Outputs included) to plain data. */
async function resolveExport(value: unknown): Promise<unknown> {
  if (pulumi.Output.isInstance(value)) {
    const o = value;
    const secret = await (o as unknown as { isSecret: Promise<boolean> }).isSecret;
    if (secret) return "[secret]";
    // A dry run (`--baseline`) leaves what Azure computes for new resources unknown: no value comes.
    if (!(await (o as unknown as { isKnown: Promise<boolean> }).isKnown)) return "[computed]";
    return new Promise((resolve) => {
      let done = false;
      o.apply((v) => {
        done = true;
        resolve(sanitize(v));
        return v;
      });
      setTimeout(() => !done && resolve("[computed]"), 2000).unref();
    });
  }
  if (typeof value === "function") return undefined;
  return sanitize(value);
}

/** Loads the program as Pulumi does and returns what it exports (a function's result, awaited). */
async function loadProgram(): Promise<Record<string, unknown>> {
  let programExport: unknown;
  if (spec.moduleKind === "esm") {
    const mod = (await import(pathToFileURL(spec.programFile).href)) as Record<string, unknown>;
    programExport = mod;
    if (Object.getOwnPropertyDescriptor(mod, "default") !== undefined) {
      if (Object.keys(mod).length !== 1)
        throw new Error(
          `${spec.programFile}: expected the entry module to have either a default export or named exports but not both (as pulumi requires)`,
        );
      programExport = mod.default;
    }
  } else {
    programExport = createRequire(spec.programFile)(spec.programFile);
  }
  const result: unknown =
    typeof programExport === "function" ? await (programExport as () => unknown)() : programExport;
  return result && typeof result === "object" ? { ...(result as Record<string, unknown>) } : {};
}

// Pulumi's ts-node type-checks before the program runs: a type error stops it, with TypeScript's
// diagnostics (file:line:column), and nothing is declared.
if (typeCheck.check) {
  try {
    const checked = typeCheckProgram(spec, resolution.packageDir);
    checkedWith = checked.compiler.label;
    if (checked.errors.length > 0) {
      errors.push(...checked.errors);
      report({});
      await new Promise(() => undefined);
    }
  } catch (err) {
    addError(err);
    report({});
    await new Promise(() => undefined);
  }
}

let exported: Record<string, unknown> = {};
try {
  exported = await loadProgram();
} catch (err) {
  addError(err);
}

const outputs: Record<string, unknown> = {};
try {
  await pulumi.runtime.disconnect();
  for (const [k, v] of Object.entries(exported)) {
    const r = await resolveExport(v);
    if (r !== undefined) outputs[k] = r;
  }
  await pulumi.runtime.disconnect();
} catch (err) {
  addError(err);
}
// Let rejections from the last registrations reach the handlers above.
await new Promise((r) => setImmediate(r));
report(outputs);
