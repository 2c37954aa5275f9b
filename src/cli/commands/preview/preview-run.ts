/** `azure-redis-entra preview [program]`: what a Pulumi program would create, offline. */
import { relative } from "node:path";
import { UsageError } from "../../../internal/cli-errors.ts";
import { printJson } from "../../output.ts";
import { withSpinner } from "../../spinner.ts";
import { parseDuration } from "../../duration.ts";
import { renderPreview, PLACEHOLDER_NOTE } from "./render.ts";
import { locateProgram, runPreview } from "./offline.ts";
import { summarizeCaches } from "./summary.ts";
import type { PreviewResult } from "../../../internal/pulumi-offline/model.ts";
// --policy (./policy.ts: the analyzer client, gRPC) and --baseline (./baseline/: the update planner)
// are loaded only when asked for: a plain preview starts without them.

/** Options of `preview`. */
export interface PreviewCommandOptions {
  json?: boolean;
  config?: string[];
  stack?: string;
  timeout?: string;
  /** `--policy [pack]`: true for this package's pack, or a policy pack folder. */
  policy?: string | boolean;
  policyConfig?: string;
  /** `--baseline <file>`: the stack's state (`pulumi stack export`, or an earlier `preview --json`). */
  baseline?: string;
  /** `--fail-on-hazard`: exit 1 when the plan against the baseline has a hazard. */
  failOnHazard?: boolean;
  /** `--deployer <object id>`: what `currentPrincipal()` returns (default: a placeholder). */
  deployer?: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Parses repeated `key=value` options. */
export function parseConfigPairs(pairs: string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0)
      throw new UsageError(`--config "${pair}" is not key=value; write e.g. --config location=westeurope`);
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

/** The --json document of a preview. */
export function previewJson(result: PreviewResult): Record<string, unknown> {
  return {
    ok: result.errors.length === 0,
    note: PLACEHOLDER_NOTE,
    program: result.program,
    project: result.project,
    stack: result.stack,
    loader: result.loader,
    packages: result.packages,
    caches: summarizeCaches(result.resources),
    resources: result.resources,
    outputs: result.outputs,
    errors: result.errors,
    warnings: result.warnings ?? [],
  };
}

/** Runs `preview` and returns the exit code. */
export async function previewCommand(
  program: string | undefined,
  opts: PreviewCommandOptions,
): Promise<number> {
  const location = locateProgram(program);
  const policies = opts.policy ? await import("./policy.ts") : undefined;
  const pack = policies && opts.policy ? policies.locatePolicyPack(opts.policy) : undefined;
  if (pack) (await import("./policy-peers.ts")).requirePolicyPeers(pack);
  const policyConfig = pack && policies ? policies.readPolicyConfig(opts.policyConfig) : undefined;
  const config = parseConfigPairs(opts.config);
  const timeoutMs = opts.timeout ? parseDuration(opts.timeout, "--timeout") : 120_000;
  if (opts.failOnHazard && !opts.baseline)
    throw new UsageError(
      "--fail-on-hazard needs --baseline <file>: hazards are found against the stack's state",
    );
  if (opts.deployer !== undefined && !GUID.test(opts.deployer))
    throw new UsageError(
      `--deployer "${opts.deployer}" is not an object id; give a GUID, e.g. the output of \`az ad signed-in-user show --query id -o tsv\``,
    );
  const state = opts.baseline ? (await import("./baseline/state.ts")).readBaseline(opts.baseline) : undefined;
  const plans = state ? await import("./baseline/report.ts") : undefined;
  const result = await withSpinner(
    `Running ${relative(process.cwd(), location.file) || location.file} under Pulumi's mock runtime`,
    () =>
      runPreview(location, {
        config,
        timeoutMs,
        ...(opts.stack ? { stack: opts.stack } : {}),
        ...(opts.deployer ? { deployer: opts.deployer } : {}),
        ...(state ? { baseline: state.format === "stack-export" ? { known: state.known } : {} } : {}),
      }),
  );
  // A program that failed declared only part of the stack: `pulumi preview` stops there, with no plan
  // (planning it would delete whatever the program didn't get to).
  const failed = result.errors.length > 0;
  const update =
    state && plans && opts.baseline && !failed ? plans.baselinePlan(opts.baseline, state, result) : undefined;
  const policy =
    pack && policies
      ? await withSpinner(`Running policy pack ${relative(process.cwd(), pack.file) || pack.file}`, () =>
          policies.checkPolicies(result, pack, policyConfig),
        )
      : undefined;
  const hazardous = opts.failOnHazard === true && (update?.hazards.length ?? 0) > 0;
  if (opts.json) {
    const doc = previewJson(result);
    const ok = doc.ok === true && (policy?.mandatory ?? 0) === 0 && !hazardous;
    printJson({ ...doc, ok, ...(policy ? { policy } : {}), ...(update ? { plan: update } : {}) });
  } else {
    renderPreview(result, relative(process.cwd(), location.file) || location.file);
    if (policy) policies?.renderPolicyReport(policy);
    if (update) plans?.renderBaselinePlan(update);
    else if (state && opts.baseline)
      console.log(
        `No update plan against ${opts.baseline}: the program failed (errors above), so \`pulumi preview\` would stop there too.`,
      );
  }
  return result.errors.length === 0 && (policy?.mandatory ?? 0) === 0 && !hazardous ? 0 : 1;
}
