/**
 * `azure-redis-entra upgrade-state <export.json>`: reads a `pulumi stack export`, rewrites 0.1.0's
 * typed EntraManagedRedis assignments into the generic resource (./rewrite.ts), writes the result to
 * a new file (never over the input unless asked), prints what it rewrote (URNs only) and either runs
 * the offline `preview --baseline <out> --fail-on-hazard` against the user's program (`--check`) or
 * says how to.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { CliError, UsageError } from "../../../internal/cli-errors.ts";
import { bold, dim, line, ok } from "../../output.ts";
import { printable } from "../../../internal/printable.ts";
import { LossyNumberError, parseExact, stringifyExact } from "./json.ts";
import { GENERIC_TYPE, upgradeState, type UpgradeStateResult } from "./rewrite.ts";
import {
  ACCESS_STRING_API_VERSION,
  LEGACY_ASSIGNMENT_TYPE,
} from "../../../infra/managed-redis/access-api.ts";

/** Options of `upgrade-state`. */
export interface UpgradeStateOptions {
  /** Where to write the result (default: `<input>.upgraded.json` beside the input). */
  out?: string;
  /** Write over an existing file, the input included. */
  overwrite?: boolean;
  /** A program to run `preview --baseline <out> --fail-on-hazard` against. */
  check?: string;
  /** `key=value` config for that preview. */
  config?: string[];
  /** With `--check`: what `currentPrincipal()` returns (as for preview). */
  deployer?: string;
  /** That preview's timeout. */
  timeout?: string;
}

/** The default output file: `state.json` → `state.upgraded.json`, beside it. */
export function defaultOut(file: string): string {
  const name = basename(file);
  const stem = name.toLowerCase().endsWith(".json") ? name.slice(0, -5) : name;
  return join(dirname(file), `${stem}.upgraded.json`);
}

function readExport(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(
      `${file}: ${code === "ENOENT" ? "no such file" : `can't be read (${String(code)})`}; give the file \`pulumi stack export --file state.json\` wrote`,
    );
  }
  try {
    return parseExact(text);
  } catch (err) {
    if (err instanceof LossyNumberError)
      throw new CliError(`${file}: ${err.message}; use Node.js 22 or later`);
    throw new UsageError(
      `${file}: not JSON (${(err as Error).message}); give the file \`pulumi stack export --file state.json\` wrote`,
    );
  }
}

/** Writes `text` to `file` through a temporary file beside it (no half-written state file). */
function writeAtomically(file: string, text: string): void {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  writeFileSync(tmp, text, { mode: 0o600 });
  renameSync(tmp, file);
}

function report(file: string, out: string, result: UpgradeStateResult): void {
  const n = result.rewritten.length;
  if (n === 0)
    line(
      `Nothing to rewrite: ${printable(file)} has no ${LEGACY_ASSIGNMENT_TYPE} under an EntraManagedRedis (already rewritten, or never typed).`,
    );
  else {
    line(
      bold(
        `Rewrote ${n} EntraManagedRedis assignment${n > 1 ? "s" : ""}: ${LEGACY_ASSIGNMENT_TYPE} → ${GENERIC_TYPE} (apiVersion ${ACCESS_STRING_API_VERSION}; Azure name, id and outputs kept):`,
      ),
    );
    for (const r of result.rewritten) {
      line(`  ${printable(r.from)}`);
      line(`    → ${printable(r.to)}`);
    }
    line(
      dim(
        "  and every reference to those URNs (parent, dependencies, propertyDependencies, deletedWith, aliases).",
      ),
    );
  }
  for (const urn of result.leftAlone)
    line(`Left alone (not a child of an EntraManagedRedis): ${printable(urn)}`);
  line(
    ok(`Wrote ${printable(out)}`) +
      dim(` (nothing was sent to Azure; ${printable(file)} is unchanged unless it is that file).`),
  );
}

function nextSteps(out: string, stack: string | undefined): void {
  const stackOpt = stack ? ` --stack ${stack}` : "";
  line("");
  line("Next, with the upgraded program (the same check runs here with --check <program>):");
  line(
    `  azure-redis-entra preview <program>${printable(stackOpt)} --baseline ${printable(out)} --fail-on-hazard`,
  );
  line("    must show no replace and no hazard (only policy changes, in place, if you made any);");
  line(`  pulumi stack import --file ${printable(out)}    (Pulumi checks the snapshot's integrity)`);
  line(
    "  pulumi preview, pulumi up, then pulumi refresh once (reads the assignments back at the new API version).",
  );
}

/** Runs `upgrade-state` and returns the exit code. */
export async function upgradeStateCommand(file: string, opts: UpgradeStateOptions): Promise<number> {
  const out = opts.out ?? defaultOut(file);
  if (resolve(out) === resolve(file) && !opts.overwrite)
    throw new UsageError(
      `--out ${out} is the input file; give another --out (keep the export as it is), or --overwrite to replace it`,
    );
  if (existsSync(out) && !opts.overwrite)
    throw new UsageError(`${out} exists; give another --out, or --overwrite to replace it`);
  if ((opts.config?.length || opts.deployer) && !opts.check)
    throw new UsageError(
      `${opts.deployer ? "--deployer" : "--config"} is for the preview --check runs; give --check <program> too`,
    );
  const doc = readExport(file);
  const result = upgradeState(doc, file);
  writeAtomically(out, stringifyExact(doc));
  report(file, out, result);
  if (!opts.check) {
    nextSteps(out, result.stack);
    return 0;
  }
  line("");
  line(
    bold(`Checking ${printable(out)} against ${printable(opts.check)}: preview --baseline --fail-on-hazard`),
  );
  const { previewCommand } = await import("../preview/preview-run.ts");
  return previewCommand(opts.check, {
    baseline: out,
    failOnHazard: true,
    ...(result.stack ? { stack: result.stack } : {}),
    ...(opts.config ? { config: opts.config } : {}),
    ...(opts.deployer ? { deployer: opts.deployer } : {}),
    ...(opts.timeout ? { timeout: opts.timeout } : {}),
  });
}
