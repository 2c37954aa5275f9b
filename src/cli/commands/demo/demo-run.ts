/**
 * `azure-redis-entra demo`: the newcomer's first command. Offline preview of the quick-start Pulumi
 * program, then live token rotation against the local Entra gateway with a workload and a subscriber.
 */
import { relative } from "node:path";
import { randomUUID } from "node:crypto";
import { CliError, UsageError } from "../../../internal/cli-errors.ts";
import { bad, bold, dim, line, ok, printJson, warn } from "../../output.ts";
import { printable } from "../../../internal/printable.ts";
import { withSpinner } from "../../spinner.ts";
import { formatDuration, parseDuration } from "../../duration.ts";
import { PACKAGE_ROOT } from "../../../internal/package-info.ts";
import { locateProgram, runPreview } from "../preview/offline.ts";
import { renderPreview } from "../preview/render.ts";
import { summarizeCaches } from "../preview/summary.ts";
import { startGateway } from "../local/gateway.ts";
import { runDemoWorkload, type DemoCounters, type DemoEvent } from "./workload.ts";
import { watchSignals } from "../../signals.ts";
import { liveStepReadiness, previewStepReadiness } from "./requirements.ts";

/** Options of `demo`. */
export interface DemoCommandOptions {
  duration: string;
  tokenLifetime: string;
  json?: boolean;
  preview: boolean;
  redisServer?: string;
  /** Play the move to Managed Redis instead (../demo/migration.ts). */
  migration?: boolean;
}

function statusLine(c: DemoCounters, elapsedMs: number, totalMs: number): string {
  return (
    `${formatDuration(elapsedMs)}/${formatDuration(totalMs)}  tokens ${c.tokensIssued} (rotations ${c.rotations})  ` +
    `re-AUTHs ${c.reauthsAccepted}  sub rotations ${c.subscriberRotations}  commands ${c.commandsDone} ok / ${c.commandsFailed} failed  ` +
    `messages ${c.messagesPublished} sent / ${c.messagesReceived} received`
  );
}

/** Runs `demo` and returns the exit code. */
export async function demoCommand(opts: DemoCommandOptions): Promise<number> {
  const watch = watchSignals();
  try {
    return await runDemo(opts, watch.signal);
  } finally {
    watch.dispose();
  }
}

async function runDemo(opts: DemoCommandOptions, stop: Promise<unknown>): Promise<number> {
  if (opts.migration) {
    const { migrationDemo } = await import("./migration.ts");
    return migrationDemo(opts);
  }
  const durationMs = parseDuration(opts.duration, "--duration");
  const tokenLifetimeMs = parseDuration(opts.tokenLifetime, "--token-lifetime");
  if (tokenLifetimeMs < 2000)
    throw new UsageError(`--token-lifetime "${opts.tokenLifetime}" is too short for a demo; use 2s or more`);
  const json = opts.json === true;

  // What each step needs beyond this package, with the exact command when something is missing.
  const live = liveStepReadiness();
  if (!live.ready) throw new CliError(`demo can't run its live step: ${live.reason}. Run: ${live.fix}`);

  // 1. Offline preview of the quick-start program (shipped with the package).
  let previewDoc: Record<string, unknown> = { skipped: true };
  let previewOk = true;
  const previewReady = opts.preview ? previewStepReadiness() : undefined;
  if (previewReady?.ready) {
    const location = locateProgram(undefined);
    const result = await withSpinner("Previewing the quick-start Pulumi program offline (mock runtime)", () =>
      runPreview(location),
    );
    previewOk = result.errors.length === 0;
    previewDoc = {
      ok: previewOk,
      program: relative(PACKAGE_ROOT, location.file),
      resources: result.resources.length,
      caches: summarizeCaches(result.resources),
      errors: result.errors,
    };
    if (!json) {
      line(bold("Step 1/2: what the quick-start program would create on Azure"));
      renderPreview(result, relative(process.cwd(), location.file) || location.file);
      line();
    }
  } else if (previewReady && !previewReady.ready) {
    previewDoc = { skipped: true, reason: previewReady.reason, fix: previewReady.fix };
    if (!json) {
      line(warn(`Step 1/2 skipped: ${previewReady.reason}.`));
      line(dim(`  To run it: ${previewReady.fix}`));
      line();
    }
  }

  // 2. Live rotation against the local gateway.
  const gateway = await withSpinner("Starting redis-server and the local Entra gateway", () =>
    startGateway({ tokenLifetimeMs, ...(opts.redisServer ? { redisServerPath: opts.redisServer } : {}) }),
  );
  try {
    const objectId = randomUUID();
    await gateway.assign(objectId, "Data Contributor");
    const tty = !json && process.stdout.isTTY === true;
    if (!json) {
      line(bold("Step 2/2: live token rotation through the local Entra gateway"));
      line(
        dim(
          `gateway ${gateway.host}:${gateway.port} (TLS, tokens checked like Azure), identity ${objectId} assigned "Data Contributor", ` +
            `tokens live ${formatDuration(tokenLifetimeMs)}, running ${formatDuration(durationMs)} (Ctrl-C ends early)`,
        ),
      );
    }
    let lastProgress = 0;
    const onEvent = (e: DemoEvent): void => {
      if (json) return;
      const shown = printable(e.text);
      const text = `${dim(`+${(e.atMs / 1000).toFixed(1).padStart(5)}s`)} ${e.kind.includes("failed") ? bad(shown) : shown}`;
      if (tty) process.stdout.write(`\r\x1b[2K${text}\n`);
      else line(text);
    };
    const onTick = (c: DemoCounters, elapsedMs: number): void => {
      if (json) return;
      // One terminal row, so \r + erase-line redraws it cleanly.
      if (tty)
        process.stdout.write(
          `\r\x1b[2K${dim(statusLine(c, elapsedMs, durationMs).slice(0, Math.max(20, (process.stdout.columns || 120) - 1)))}`,
        );
      else if (elapsedMs - lastProgress >= 5000) {
        lastProgress = elapsedMs;
        line(dim(statusLine(c, elapsedMs, durationMs)));
      }
    };
    const run = await runDemoWorkload({
      gateway,
      objectId,
      durationMs,
      tokenLifetimeMs,
      stop,
      onEvent,
      onTick,
    });
    if (tty) process.stdout.write("\n");
    const c = run.counters;
    const passed = c.commandsFailed === 0 && c.messagesLost === 0 && previewOk;
    if (json) {
      printJson({
        ok: passed,
        durationMs: run.elapsedMs,
        interrupted: run.interrupted,
        tokenLifetimeMs,
        preview: previewDoc,
        ...c,
        failures: run.failures,
        gateway: run.gateway,
      });
    } else {
      line();
      line(bold("Summary"));
      line(`  ran             ${formatDuration(run.elapsedMs)}${run.interrupted ? " (interrupted)" : ""}`);
      line(
        `  tokens issued   ${c.tokensIssued} (${c.rotations} rotations${c.rotations ? `, one every ~${formatDuration(run.elapsedMs / c.rotations)}` : ""})`,
      );
      line(`  re-AUTHs        ${c.reauthsAccepted} accepted, ${c.reauthsFailed} failed`);
      line(`  subscriber      ${c.subscriberRotations} make-before-break rotations`);
      line(
        `  commands        ${c.commandsDone} done, ${(c.commandsFailed ? bad : ok)(`${c.commandsFailed} failed`)}`,
      );
      line(
        `  messages        ${c.messagesPublished} published, ${c.messagesReceived} received, ${(c.messagesLost ? bad : ok)(`${c.messagesLost} lost`)} (${c.duplicateMessages} duplicates during overlaps, deduplicated by sequence number)`,
      );
      const g = run.gateway;
      line(
        `  gateway         ${g.authAccepted} AUTHs accepted, ${g.authRefused} refused, ${g.closedForExpiry} connections closed for an expired token, ${g.commandsForwarded} commands forwarded`,
      );
      for (const f of run.failures) line(bad(`  failure: ${printable(f)}`));
      if (!previewOk) line(bad("  the quick-start program did not preview cleanly (see the errors above)"));
      line();
      line(
        passed
          ? ok(bold("No command failed and no message was lost across token rotations."))
          : bad(bold("The demo saw failures (see above).")),
      );
      line(
        dim(
          "Next: `azure-redis-entra preview` for your own program, `azure-redis-entra local` to test your app, `pulumi up` to deploy (see README).",
        ),
      );
    }
    return passed ? 0 : 1;
  } finally {
    await gateway.stop();
  }
}
