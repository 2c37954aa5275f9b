/**
 * `preview --baseline <file>`: reads the stack's current state, either a `pulumi stack export` file
 * (the deployment format, version 3: pulumi/pulumi `sdk/go/common/apitype/core.go`, UntypedDeployment
 * { version, deployment } with DeploymentV3 { manifest, secrets_providers, resources: ResourceV3[] })
 * or the JSON of an earlier `azure-redis-entra preview --json`. Secrets stay as they are in the file
 * (encrypted, `{ "4dabf1…": "1b4706…", ciphertext }`): they are never decrypted, printed or compared
 * by value.
 */
import { readFileSync } from "node:fs";
import { UsageError } from "../../../../internal/cli-errors.ts";
import { SECRET_KEY, SECRET_SIG, type OldResource } from "../../../../internal/engine-steps/model.ts";
import type { KnownResource } from "../../../../internal/pulumi-offline/model.ts";
import { parseUrn } from "../../../../internal/engine-steps/urn.ts";

/** The stack's state as the engine model and the preview child need it. */
export interface BaselineState {
  format: "stack-export" | "preview-json";
  olds: (OldResource & { propertyDependencies?: Record<string, string[]> })[];
  /** What the child returns for resources the stack has (ids and outputs). */
  known: KnownResource[];
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];

/** ResourceV3 (apitype/core.go): the fields the engine reads for an update. */
function fromResourceV3(r: Json, file: string, i: number): BaselineState["olds"][number] | undefined {
  const urn = r.urn;
  const type = r.type;
  if (typeof urn !== "string" || typeof type !== "string")
    throw new UsageError(
      `${file}: deployment.resources[${i}] has no urn or type; is this a \`pulumi stack export\` file?`,
    );
  // Pending deletes of an earlier replacement, providers and the stack itself aren't program resources.
  if (r.delete === true || type.startsWith("pulumi:providers:") || type === "pulumi:pulumi:Stack")
    return undefined;
  const propertyDependencies = isObject(r.propertyDependencies)
    ? Object.fromEntries(Object.entries(r.propertyDependencies).map(([k, v]) => [k, strings(v)]))
    : undefined;
  return {
    urn,
    type,
    id: typeof r.id === "string" ? r.id : "",
    custom: r.custom === true,
    inputs: isObject(r.inputs) ? r.inputs : {},
    ...(typeof r.parent === "string" && r.parent !== "" && !r.parent.includes("::pulumi:pulumi:Stack::")
      ? { parent: r.parent }
      : {}),
    dependencies: strings(r.dependencies),
    ...(r.protect === true ? { protect: true } : {}),
    ...(r.retainOnDelete === true ? { retainOnDelete: true } : {}),
    ...(propertyDependencies ? { propertyDependencies } : {}),
  };
}

/**
 * Outputs as the preview child returns them: each secret (`{ sig, ciphertext }`, never decrypted)
 * becomes a secret whose value is "[secret]" (Pulumi's SDK needs a value to deserialise a secret).
 */
export function maskSecrets(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(maskSecrets);
  if (!isObject(v)) return v;
  if (v[SECRET_KEY] === SECRET_SIG) return { [SECRET_KEY]: SECRET_SIG, value: "[secret]" };
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, maskSecrets(x)]));
}

/** Reads and checks a baseline file. */
export function readBaseline(file: string): BaselineState {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new UsageError(
      `--baseline ${file}: ${(err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : `not JSON (${(err as Error).message})`}; give the output of \`pulumi stack export --file state.json\` or of \`azure-redis-entra preview --json\``,
    );
  }
  if (!isObject(doc)) throw new UsageError(`--baseline ${file}: not a JSON object`);
  if (isObject(doc.deployment)) {
    if (doc.version !== 3)
      throw new UsageError(
        `--baseline ${file}: deployment version ${String(doc.version)}; this reads version 3 (\`pulumi stack export\` of Pulumi 3.x)`,
      );
    const list = doc.deployment.resources;
    const raw = Array.isArray(list) ? list : [];
    const olds = raw.flatMap((r, i) => {
      const o = isObject(r) ? fromResourceV3(r, file, i) : undefined;
      return o ? [o] : [];
    });
    const known = raw.flatMap((r) =>
      isObject(r) && typeof r.urn === "string" && typeof r.type === "string" && r.delete !== true
        ? [
            {
              type: r.type,
              name: parseUrn(r.urn).name,
              id: typeof r.id === "string" ? r.id : "",
              outputs: isObject(r.outputs) ? (maskSecrets(r.outputs) as Json) : {},
            },
          ]
        : [],
    );
    return { format: "stack-export", olds, known };
  }
  if (Array.isArray(doc.resources) && typeof doc.program === "string") {
    // An earlier `preview --json`: inputs as declared (secrets "[secret]"), no ids or outputs.
    const olds = doc.resources.filter(isObject).map((r, i) => {
      if (typeof r.urn !== "string" || typeof r.type !== "string")
        throw new UsageError(`${file}: resources[${i}] has no urn or type`);
      return {
        urn: r.urn,
        type: r.type,
        id: r.custom === false ? "" : `(from ${file})`,
        custom: r.custom !== false,
        inputs: isObject(r.inputs) ? r.inputs : {},
        ...(typeof r.parent === "string" ? { parent: r.parent } : {}),
        dependencies: strings(r.dependencies),
      };
    });
    return { format: "preview-json", olds, known: [] };
  }
  throw new UsageError(
    `--baseline ${file}: neither a \`pulumi stack export\` file ({ "version": 3, "deployment": … }) nor \`azure-redis-entra preview --json\` output`,
  );
}
