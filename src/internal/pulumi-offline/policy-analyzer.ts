/**
 * Talks to a policy pack the way the Pulumi engine does: starts the pack program (policy-host.ts),
 * whose `PolicyPack` serves Pulumi's Analyzer gRPC protocol on a loopback port, then calls its
 * `GetAnalyzerInfo`, `Configure`, `Analyze` (one resource) and `AnalyzeStack` (all resources) with the
 * messages of `@pulumi/pulumi/proto`. So the policies run inside @pulumi/policy's own server code
 * (property deserialisation, unknown-value proxies, enforcement levels, config), not a copy of it.
 */
import { fork, type ChildProcess } from "node:child_process";
import { realpathSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CliError } from "../cli-errors.ts";
import { MODULE_EXT } from "../package-info.ts";
import { policyPeerDir } from "./resolve-hooks.ts";

/** A policy's enforcement level, as @pulumi/policy names them. */
export type PolicyEnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";
const LEVELS: readonly PolicyEnforcementLevel[] = ["advisory", "mandatory", "disabled", "remediate"]; // proto enum order

/** One violation a policy reported. */
export interface PolicyDiagnostic {
  policyName: string;
  policyPackName: string;
  policyPackVersion: string;
  description: string;
  /** The policy's description, a line break, then what the policy reported. */
  message: string;
  enforcementLevel: PolicyEnforcementLevel;
  /** The resource the violation is about (resource policies: the analysed resource). */
  urn?: string;
}

/** A policy of the pack, from its GetAnalyzerInfo answer. */
export interface PolicyInfo {
  name: string;
  description: string;
  kind: "resource" | "stack";
  enforcementLevel: PolicyEnforcementLevel;
  /** JSON-schema properties of the policy's config. */
  configSchema: Record<string, { type?: string | string[]; default?: unknown; description?: string }>;
}

/** What the pack says about itself. */
export interface PolicyPackInfo {
  name: string;
  version: string;
  policies: PolicyInfo[];
}

/** A resource as the engine sends it to the analyzer. */
export interface AnalyzedResource {
  type: string;
  name: string;
  urn: string;
  /** Properties; `UNKNOWN` marks a value not known yet (as during `pulumi preview`). */
  props: Record<string, unknown>;
  parent?: string;
  dependencies: string[];
  propertyDependencies?: Record<string, string[]>;
}

/** Pulumi's config of a pack: per policy, a level or `{ enforcementLevel?, ...properties }` (as `--policy-pack-config`). */
export type PolicyPackConfigFile = Record<string, PolicyEnforcementLevel | Record<string, unknown>>;

/** The wire marker of an unknown value (Pulumi's `UnknownStringValue`). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const SECRET_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** Marks `value` as a secret on the wire. */
export function secretValue(value: unknown): Record<string, unknown> {
  return { [SECRET_KEY]: SECRET_SIG, value };
}

// ---- the generated protobuf and gRPC modules, from the same Pulumi SDK the pack uses ----

interface Message {
  [method: string]: (...args: never[]) => unknown;
}
type Ctor = new () => Message;
interface ProtoMap {
  set(key: string, value: Message): void;
  forEach(cb: (value: Message, key: string) => void): void;
}
interface Proto {
  grpc: {
    credentials: { createInsecure(): unknown };
  };
  AnalyzerClient: new (
    address: string,
    credentials: unknown,
  ) => Record<string, (req: unknown, cb: (err: Error | null, res: Message) => void) => void> & {
    close(): void;
  };
  pb: Record<string, unknown> & {
    EnforcementLevel: Record<string, number>;
    PolicyType: Record<string, number>;
  };
  Struct: { fromJavaScript(value: unknown): Message };
  Empty: Ctor;
}

let proto: Proto | undefined;
function loadProto(packDir: string): Proto {
  if (proto) return proto;
  // The pack's @pulumi/pulumi, else the one next to this package (as the policy host picks it).
  const pulumiDir = policyPeerDir(packDir, "@pulumi/pulumi");
  if (!pulumiDir) throw new CliError(`@pulumi/pulumi is not installed next to the policy pack (${packDir})`);
  // Its real path: its own dependencies (@grpc/grpc-js) resolve from there when it is a link.
  const requirePulumi = createRequire(join(realpathSync(pulumiDir), "package.json"));
  const grpc = requirePulumi("@grpc/grpc-js") as Proto["grpc"];
  const services = requirePulumi("@pulumi/pulumi/proto/analyzer_grpc_pb.js") as {
    AnalyzerClient: Proto["AnalyzerClient"];
  };
  const pb = requirePulumi("@pulumi/pulumi/proto/analyzer_pb.js") as Proto["pb"];
  const requireProto = createRequire(requirePulumi.resolve("@pulumi/pulumi/proto/analyzer_pb.js"));
  const struct = requireProto("google-protobuf/google/protobuf/struct_pb.js") as { Struct: Proto["Struct"] };
  const empty = requireProto("google-protobuf/google/protobuf/empty_pb.js") as { Empty: Ctor };
  proto = { grpc, AnalyzerClient: services.AnalyzerClient, pb, Struct: struct.Struct, Empty: empty.Empty };
  return proto;
}

/** The protocol loaded when the session started. */
function loadedProto(): Proto {
  if (!proto) throw new Error("policy analyzer: the protocol is loaded when a session starts");
  return proto;
}

function make(p: Proto, type: string): Message {
  const C = p.pb[type] as Ctor;
  return new C();
}

function call(m: Message, method: string, ...args: unknown[]): unknown {
  const fn = m[method] as unknown as (...a: unknown[]) => unknown;
  return fn.apply(m, args);
}

/** Plain JSON for a Struct: undefined dropped (Struct can't hold it). */
function toStructValue(value: unknown): unknown {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => toStructValue(v) ?? null);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const converted = toStructValue(v);
    if (converted !== undefined) out[k] = converted;
  }
  return out;
}

/** A running policy pack and a gRPC client connected to it. */
export class PolicyPackSession {
  readonly info: PolicyPackInfo;
  private readonly child: ChildProcess;
  private readonly client: InstanceType<Proto["AnalyzerClient"]>;

  private constructor(
    child: ChildProcess,
    client: InstanceType<Proto["AnalyzerClient"]>,
    info: PolicyPackInfo,
  ) {
    this.child = child;
    this.client = client;
    this.info = info;
  }

  /**
   * Starts the pack program `packFile` with `cwd` as its working directory (PolicyPack reads the
   * version from `cwd`'s package.json) and connects to it.
   */
  static async start(packFile: string, cwd: string, timeoutMs = 60_000): Promise<PolicyPackSession> {
    const p = loadProto(cwd);
    const hostPath = fileURLToPath(new URL(`./policy-host${MODULE_EXT}`, import.meta.url));
    const child = fork(hostPath, [packFile], {
      cwd,
      execArgv: [
        "--experimental-transform-types",
        "--disable-warning=ExperimentalWarning",
        "--no-deprecation",
      ],
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    let stderr = "";
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    const port = await new Promise<number>((resolve, reject) => {
      let out = "";
      const fail = (why: string): void => {
        clearTimeout(timer);
        child.kill("SIGKILL");
        const tail = stderr.trim().split("\n").slice(-8).join("\n");
        reject(new CliError(`policy pack ${packFile} ${why}${tail ? `:\n${tail}` : ""}`));
      };
      const timer = setTimeout(
        () => fail(`did not start within ${Math.round(timeoutMs / 1000)}s`),
        timeoutMs,
      );
      child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
        out += chunk;
        const m = /^(\d+)\s*$/m.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      child.on("exit", (code, signal) => fail(`stopped (${signal ?? `exit code ${code}`}) before serving`));
      child.on("error", (err) => fail(`could not start (${err.message})`));
    });
    child.removeAllListeners("exit");
    const client = new p.AnalyzerClient(`127.0.0.1:${port}`, p.grpc.credentials.createInsecure());
    const session = new PolicyPackSession(child, client, { name: "", version: "", policies: [] });
    try {
      const res = await session.rpc("getAnalyzerInfo", new p.Empty());
      (session as { info: PolicyPackInfo }).info = readInfo(res, p);
    } catch (err) {
      session.close();
      throw err;
    }
    return session;
  }

  private rpc(method: string, req: Message): Promise<Message> {
    return new Promise((resolve, reject) => {
      this.client[method](req, (err, res) => {
        if (err)
          reject(
            new CliError(`policy pack ${this.info.name || "(starting)"}: ${method} failed: ${err.message}`),
          );
        else resolve(res);
      });
    });
  }

  /**
   * Sends the config of every policy, as the engine does before analysing: each policy's schema
   * defaults, overlaid with `config` (Pulumi's policy pack config format). Checks `config` first:
   * unknown policy names, levels and properties are errors, as they are for `pulumi preview`.
   */
  async configure(config: PolicyPackConfigFile = {}): Promise<void> {
    const p = loadedProto();
    const known = new Map(this.info.policies.map((x) => [x.name, x]));
    for (const [policyName, value] of Object.entries(config)) {
      const policy = known.get(policyName);
      if (!policy) {
        throw new CliError(
          `policy config names "${policyName}", which is not a policy of ${this.info.name}; its policies are ${[...known.keys()].join(", ")}`,
        );
      }
      const settings = typeof value === "string" ? { enforcementLevel: value } : value;
      for (const [key, v] of Object.entries(settings)) {
        if (key === "enforcementLevel") {
          if (!LEVELS.includes(v as PolicyEnforcementLevel))
            throw new CliError(
              `policy config ${policyName}.enforcementLevel ${JSON.stringify(v)} is not one of ${LEVELS.join(", ")}`,
            );
          continue;
        }
        // Own keys only: a config key such as "constructor" must not find Object.prototype's.
        const schema = Object.hasOwn(policy.configSchema, key) ? policy.configSchema[key] : undefined;
        if (!schema) {
          const props = Object.keys(policy.configSchema);
          throw new CliError(
            `policy config ${policyName}.${key} is not a setting of that policy; ${props.length ? `its settings are ${props.join(", ")}` : "it has none"}`,
          );
        }
        const type = Array.isArray(v) ? "array" : v === null ? "null" : typeof v;
        const allowed =
          schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
        if (
          allowed.length > 0 &&
          !allowed.includes(type === "number" && Number.isInteger(v) ? "integer" : type) &&
          !allowed.includes(type)
        ) {
          throw new CliError(
            `policy config ${policyName}.${key} ${JSON.stringify(v)} is not of type ${allowed.join(" or ")}`,
          );
        }
      }
    }
    const req = make(p, "ConfigureAnalyzerRequest");
    const map = call(req, "getPolicyconfigMap") as ProtoMap;
    for (const policy of this.info.policies) {
      const given = config[policy.name];
      const settings: Record<string, unknown> =
        typeof given === "string" ? { enforcementLevel: given } : { ...given };
      const level =
        (settings.enforcementLevel as PolicyEnforcementLevel | undefined) ?? policy.enforcementLevel;
      delete settings.enforcementLevel;
      const properties: Record<string, unknown> = {};
      for (const [key, schema] of Object.entries(policy.configSchema)) {
        if (schema.default !== undefined) properties[key] = schema.default;
      }
      Object.assign(properties, settings);
      const pc = make(p, "PolicyConfig");
      call(pc, "setEnforcementlevel", p.pb.EnforcementLevel[level.toUpperCase()]);
      call(pc, "setProperties", p.Struct.fromJavaScript(toStructValue(properties)));
      map.set(policy.name, pc);
    }
    await this.rpc("configure", req);
  }

  /** `Analyze`: runs the resource policies on one resource (its inputs, as before an update). */
  async analyze(resource: AnalyzedResource): Promise<PolicyDiagnostic[]> {
    const p = loadedProto();
    const req = make(p, "AnalyzeRequest");
    call(req, "setType", resource.type);
    call(req, "setName", resource.name);
    call(req, "setUrn", resource.urn);
    call(req, "setProperties", p.Struct.fromJavaScript(toStructValue(resource.props)));
    call(req, "setOptions", options(p, resource));
    return readDiagnostics(await this.rpc("analyze", req), resource.urn);
  }

  /** `AnalyzeStack`: runs the stack policies on every resource of the stack. */
  async analyzeStack(resources: AnalyzedResource[]): Promise<PolicyDiagnostic[]> {
    const p = loadedProto();
    const req = make(p, "AnalyzeStackRequest");
    const list = resources.map((r) => {
      const m = make(p, "AnalyzerResource");
      call(m, "setType", r.type);
      call(m, "setName", r.name);
      call(m, "setUrn", r.urn);
      call(m, "setProperties", p.Struct.fromJavaScript(toStructValue(r.props)));
      call(m, "setOptions", options(p, r));
      if (r.parent) call(m, "setParent", r.parent);
      call(m, "setDependenciesList", r.dependencies);
      const deps = call(m, "getPropertydependenciesMap") as ProtoMap;
      for (const [key, urns] of Object.entries(r.propertyDependencies ?? {})) {
        const d = make(p, "AnalyzerPropertyDependencies");
        call(d, "setUrnsList", urns);
        deps.set(key, d);
      }
      return m;
    });
    call(req, "setResourcesList", list);
    return readDiagnostics(await this.rpc("analyzeStack", req), undefined);
  }

  /** Closes the connection and stops the pack process. */
  close(): void {
    this.client.close();
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill();
  }
}

function options(p: Proto, r: AnalyzedResource): Message {
  const o = make(p, "AnalyzerResourceOptions");
  if (r.parent) call(o, "setParent", r.parent);
  return o;
}

function level(n: unknown): PolicyEnforcementLevel {
  return LEVELS[typeof n === "number" ? n : 0] ?? "advisory";
}

function readInfo(res: Message, p: Proto): PolicyPackInfo {
  const policies = (call(res, "getPoliciesList") as Message[]).map((pi): PolicyInfo => {
    const schema = call(pi, "getConfigschema") as Message | undefined;
    const props = schema ? (call(schema, "getProperties") as Message | undefined) : undefined;
    return {
      name: call(pi, "getName") as string,
      description: call(pi, "getDescription") as string,
      kind: call(pi, "getPolicyType") === p.pb.PolicyType.POLICY_TYPE_STACK ? "stack" : "resource",
      enforcementLevel: level(call(pi, "getEnforcementlevel")),
      configSchema: (props ? call(props, "toJavaScript") : {}) as PolicyInfo["configSchema"],
    };
  });
  return { name: call(res, "getName") as string, version: call(res, "getVersion") as string, policies };
}

function readDiagnostics(res: Message, urn: string | undefined): PolicyDiagnostic[] {
  return (call(res, "getDiagnosticsList") as Message[]).map((d) => {
    const own = call(d, "getUrn") as string;
    return {
      policyName: call(d, "getPolicyname") as string,
      policyPackName: call(d, "getPolicypackname") as string,
      policyPackVersion: call(d, "getPolicypackversion") as string,
      description: call(d, "getDescription") as string,
      message: call(d, "getMessage") as string,
      enforcementLevel: level(call(d, "getEnforcementlevel")),
      ...(own || urn ? { urn: own || urn } : {}),
    };
  });
}
