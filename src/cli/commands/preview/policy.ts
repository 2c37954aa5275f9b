/**
 * `preview --policy [pack]`: runs a policy pack (by default this package's, azure-redis-entra/policy)
 * over the resources the mock preview registered, through the pack's own analyzer server
 * (policy-analyzer.ts), and reports the violations. No Pulumi Cloud, no Pulumi CLI, no Azure.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { CliError, UsageError } from "../../../internal/cli-errors.ts";
import { bad, bold, dim, line, warn } from "../../output.ts";
import { printable } from "../../../internal/printable.ts";
import { MODULE_EXT, PACKAGE_ROOT } from "../../../internal/package-info.ts";
import type { PreviewResource, PreviewResult } from "../../../internal/pulumi-offline/model.ts";
import {
  PolicyPackSession,
  secretValue,
  UNKNOWN,
  type AnalyzedResource,
  type PolicyDiagnostic,
  type PolicyEnforcementLevel,
  type PolicyPackConfigFile,
} from "../../../internal/pulumi-offline/policy-analyzer.ts";

/** Where a policy pack program is and the directory it runs in. */
export interface PolicyPackLocation {
  /** The pack program's entry file. */
  file: string;
  /** Its directory (with PulumiPolicy.yaml and package.json, whose version PolicyPack reads). */
  dir: string;
}

/** One violation, for people and for --json. */
export interface PolicyViolation {
  policy: string;
  level: PolicyEnforcementLevel;
  /** The resource it is about, when the pack named one. */
  resource?: { type: string; name: string; urn: string };
  /** What the policy reported (without the policy's description, which is in `description`). */
  message: string;
  description: string;
}

/** The result of a policy check. */
export interface PolicyReport {
  pack: { name: string; version: string; file: string };
  /** Policies run, with the level each ran at. */
  policies: { name: string; level: PolicyEnforcementLevel }[];
  violations: PolicyViolation[];
  mandatory: number;
  advisory: number;
}

function yamlScalar(text: string, key: string): string | undefined {
  const m = text.match(new RegExp(`^${key}:\\s*(.+?)\\s*$`, "m"));
  return m?.[1]?.replace(/^["']|["']$/g, "");
}

/**
 * `true` (no value): this package's ready pack. A directory: a policy pack folder (PulumiPolicy.yaml;
 * entry from its `main`, else index.ts, index.js or package.json `main`). A file: that entry, run in
 * its directory.
 */
export function locatePolicyPack(pack: string | true, cwd = process.cwd()): PolicyPackLocation {
  if (pack === true) {
    return {
      file: fileURLToPath(new URL(`../../../policy/pack${MODULE_EXT}`, import.meta.url)),
      dir: PACKAGE_ROOT,
    };
  }
  const target = resolve(cwd, pack);
  if (!existsSync(target)) {
    throw new UsageError(
      `policy pack "${pack}" does not exist; give a policy pack folder (with PulumiPolicy.yaml), or --policy alone for azure-redis-entra's pack`,
    );
  }
  if (statSync(target).isFile()) return { file: target, dir: dirname(target) };
  const yamlPath = join(target, "PulumiPolicy.yaml");
  if (!existsSync(yamlPath)) {
    throw new UsageError(
      `"${pack}" has no PulumiPolicy.yaml, so it is not a policy pack folder; see docs/policy.md for the template (policy-pack/)`,
    );
  }
  const main = yamlScalar(readFileSync(yamlPath, "utf8"), "main");
  const base = main ? resolve(target, main) : target;
  const candidates = existsSync(base) && statSync(base).isFile() ? [base] : [];
  candidates.push(join(base, "index.ts"), join(base, "index.js"));
  const pkgPath = join(base, "package.json");
  if (existsSync(pkgPath)) {
    const pkgMain = (JSON.parse(readFileSync(pkgPath, "utf8")) as { main?: string }).main;
    if (pkgMain) candidates.push(resolve(base, pkgMain));
  }
  const file = candidates.find((c) => existsSync(c) && statSync(c).isFile());
  if (!file)
    throw new UsageError(`policy pack "${pack}" has no entry file (index.ts, index.js or package.json main)`);
  return { file, dir: target };
}

/** Reads a policy config file in Pulumi's `--policy-pack-config` format. */
export function readPolicyConfig(file: string | undefined, cwd = process.cwd()): PolicyPackConfigFile {
  if (file === undefined) return {};
  const path = resolve(cwd, file);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new UsageError(
      `--policy-config ${file} can't be read as JSON (${(err as Error).message}); write e.g. {"redis-data-owner-allow-list": {"dataOwnerObjectIds": ["<object id>"]}}`,
    );
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new UsageError(`--policy-config ${file} must hold a JSON object keyed by policy name`);
  }
  return parsed as PolicyPackConfigFile;
}

/** The preview's placeholders back on the wire: unknowns as unknown, secrets as secrets of an unknown value. */
function wireValue(value: unknown): unknown {
  if (value === "[computed]" || value === "[resource]" || value === "[deep]") return UNKNOWN;
  if (value === "[secret]") return secretValue(UNKNOWN);
  if (Array.isArray(value)) return value.map(wireValue);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, wireValue(v)]));
  }
  return value;
}

/** The preview's resources as the engine would send them to an analyzer. */
export function toAnalyzedResources(result: PreviewResult): AnalyzedResource[] {
  return result.resources.map((r: PreviewResource) => ({
    type: r.type,
    name: r.name,
    urn: r.urn || `urn:pulumi:${result.stack}::${result.project}::${r.type}::${r.name}`,
    props: wireValue(r.inputs) as Record<string, unknown>,
    ...(r.parent ? { parent: r.parent } : {}),
    dependencies: r.dependencies,
  }));
}

/** Runs the pack's resource policies on each resource and its stack policies on all of them. */
export async function checkPolicies(
  result: PreviewResult,
  location: PolicyPackLocation,
  config: PolicyPackConfigFile = {},
): Promise<PolicyReport> {
  const session = await PolicyPackSession.start(location.file, location.dir);
  try {
    await session.configure(config);
    const resources = toAnalyzedResources(result);
    const diagnostics: PolicyDiagnostic[] = [];
    for (const r of resources) diagnostics.push(...(await session.analyze(r)));
    diagnostics.push(...(await session.analyzeStack(resources)));
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const violations = diagnostics.map((d): PolicyViolation => {
      const r = d.urn ? byUrn.get(d.urn) : undefined;
      const message = d.message.startsWith(`${d.description}\n`)
        ? d.message.slice(d.description.length + 1)
        : d.message;
      return {
        policy: d.policyName,
        level: d.enforcementLevel,
        ...(r ? { resource: { type: r.type, name: r.name, urn: r.urn } } : {}),
        message,
        description: d.description,
      };
    });
    const levels = config;
    return {
      pack: { name: session.info.name, version: session.info.version, file: location.file },
      policies: session.info.policies.map((p) => {
        const given = levels[p.name];
        const level =
          typeof given === "string" ? given : (given?.enforcementLevel as PolicyEnforcementLevel | undefined);
        return { name: p.name, level: level ?? p.enforcementLevel };
      }),
      violations,
      mandatory: violations.filter((v) => v.level === "mandatory").length,
      advisory: violations.filter((v) => v.level === "advisory").length,
    };
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(`policy check failed: ${(err as Error).message}`);
  } finally {
    session.close();
  }
}

/** Prints the report for people. */
export function renderPolicyReport(report: PolicyReport): void {
  line();
  const head = `Policy pack ${report.pack.name} ${report.pack.version}`;
  if (report.violations.length === 0) {
    line(bold(head) + `: no violations (${report.policies.length} policies)`);
    return;
  }
  line(
    bold(head) +
      `: ${report.mandatory} mandatory, ${report.advisory} advisory violation${report.violations.length === 1 ? "" : "s"}`,
  );
  for (const v of report.violations) {
    const level = v.level === "mandatory" ? bad(v.level) : warn(v.level);
    const where = v.resource ? printable(`${v.resource.type} "${v.resource.name}"`) : "(stack)";
    line(`  ${level} ${bold(printable(v.policy))} ${dim(where)}`);
    line(`    ${printable(v.message, { newlines: true })}`);
  }
  if (report.mandatory > 0) line(bad(`${report.mandatory} mandatory policy violation(s): exit code 1`));
}
