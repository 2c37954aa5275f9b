/**
 * Runs in a child node process (isolating Pulumi's global state): sets Pulumi's mocks, imports the
 * user's program, waits until every resource registration has finished, and sends the declared
 * resources, stack outputs and errors to the parent over IPC. Never talks to a cloud.
 */
import { pathToFileURL } from "node:url";
import { installPreviewResolution } from "./resolve-hooks.ts";
import { placeholderCall, placeholderState } from "./placeholders.ts";
import { recordMockRegistrations } from "../../internal/pulumi-mock-recorder.ts";
import type { PreviewError, PreviewResource, PreviewResult, PreviewSpec } from "./model.ts";

installPreviewResolution();

const spec = JSON.parse(process.argv[2] ?? "{}") as PreviewSpec;
const errors: PreviewError[] = [];
const resources: PreviewResource[] = [];

function toPreviewError(err: unknown): PreviewError {
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

process.on("uncaughtException", addError);
process.on("unhandledRejection", addError);

const pulumi = await import("@pulumi/pulumi");
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
        inputs: sanitize(inputs) as Record<string, unknown>,
      });
      const { id, state } = placeholderState(args.type, args.name, inputs);
      return { id: args.custom === false ? undefined : id, state };
    },
    call(args) {
      return placeholderCall(args.token, (args.inputs ?? {}) as Record<string, unknown>);
    },
  },
  spec.project,
  spec.stack,
  false,
);

// The parent URN, the explicit dependsOn and the URN of each resource, which newResource doesn't see.
const recorder = recordMockRegistrations(pulumi, resources);

/** Resolves an exported value (Outputs included) to plain data. */
async function resolveExport(value: unknown): Promise<unknown> {
  if (pulumi.Output.isInstance(value)) {
    const o = value;
    const secret = await (o as unknown as { isSecret: Promise<boolean> }).isSecret;
    if (secret) return "[secret]";
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

let exported: Record<string, unknown> = {};
try {
  const mod = (await import(pathToFileURL(spec.programFile).href)) as Record<string, unknown>;
  exported = { ...mod };
  // A CommonJS-style program exporting through `module.exports = {...}` or a default async function.
  if (typeof mod.default === "function") {
    const r = await (mod.default as () => unknown)();
    if (r && typeof r === "object") exported = { ...(r as Record<string, unknown>) };
  } else if (mod.default && typeof mod.default === "object" && Object.keys(exported).length === 1) {
    exported = { ...(mod.default as Record<string, unknown>) };
  }
} catch (err) {
  addError(err);
}

const outputs: Record<string, unknown> = {};
try {
  await pulumi.runtime.disconnect();
  for (const [k, v] of Object.entries(exported)) {
    if (k === "default") continue;
    const r = await resolveExport(v);
    if (r !== undefined) outputs[k] = r;
  }
  await pulumi.runtime.disconnect();
} catch (err) {
  addError(err);
}
// Let rejections from the last registrations reach the handlers above.
await new Promise((r) => setImmediate(r));

const result: PreviewResult = {
  program: spec.programFile,
  project: spec.project,
  stack: spec.stack,
  resources,
  outputs,
  errors,
};
process.send!(result, () => process.exit(0));
