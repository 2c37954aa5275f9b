/** `azure-redis-entra doctor`: why does my app get WRONGPASS? One command, every step. */
import { readFileSync } from "node:fs";
import { UsageError } from "../../../internal/cli-errors.ts";
import { bad, bold, dim, line, mark, ok, printJson, warn } from "../../output.ts";
import { printable } from "../../../internal/printable.ts";
import { startSpinner } from "../../spinner.ts";
import { parseDuration } from "../../duration.ts";
import { runDoctor, type DoctorReport, type DoctorStep } from "./checks.ts";
import { defaultPort } from "./network.ts";
import { installCommand } from "../../../internal/package-install.ts";
import { currentArgs } from "../local/shell-lines.ts";
import { PACKAGE_ROOT } from "../../../internal/package-info.ts";
import { defaultStatePath, readState } from "../local/state.ts";
import { localGatewayCredential } from "../local/token-client.ts";
import type { EntraTokenCredential } from "../../../client/index.ts";
import { CREDENTIALS } from "./credential-kinds.ts";

/** Options of `doctor`. */
export interface DoctorCommandOptions {
  host?: string;
  port?: string;
  username?: string;
  credential: string;
  ca?: string;
  json?: boolean;
  timeout: string;
  localState?: string;
  localIdentity?: string;
  localAppId?: string;
}

async function azureCredential(kind: string): Promise<EntraTokenCredential> {
  let identity: typeof import("@azure/identity");
  try {
    identity = await import("@azure/identity");
  } catch {
    throw new UsageError(
      `--credential ${kind} needs @azure/identity, which is not installed: run ${installCommand(["@azure/identity"], PACKAGE_ROOT, currentArgs())}`,
    );
  }
  if (kind === "cli") return new identity.AzureCliCredential();
  if (kind === "workload-identity") {
    try {
      return new identity.WorkloadIdentityCredential();
    } catch (err) {
      // Missing AZURE_FEDERATED_TOKEN_FILE/AZURE_CLIENT_ID/AZURE_TENANT_ID: the token step reports it.
      return { getToken: () => Promise.reject(err instanceof Error ? err : new Error(String(err))) };
    }
  }
  if (kind === "managed-identity") {
    const clientId = process.env.AZURE_CLIENT_ID;
    return clientId
      ? new identity.ManagedIdentityCredential({ clientId })
      : new identity.ManagedIdentityCredential();
  }
  return new identity.DefaultAzureCredential();
}

function printStep(s: DoctorStep): void {
  const m =
    s.status === "warn"
      ? warn("!")
      : mark(s.status === "fail" ? "fail" : s.status === "skip" ? "skip" : "pass");
  // Details quote the server, the host and the token's claims: escaped before they reach the terminal.
  const detail = printable(s.detail, { newlines: true });
  line(`${m} ${bold(s.name.padEnd(8))} ${s.status === "skip" ? dim(detail) : detail}`);
  if (s.fix)
    line(
      `  ${" ".repeat(8)} ${(s.status === "fail" ? bad : warn)("fix:")} ${printable(s.fix, { newlines: true })}`,
    );
}

/** Runs `doctor` and returns the exit code. */
export async function doctorCommand(opts: DoctorCommandOptions): Promise<number> {
  if (!(CREDENTIALS as readonly string[]).includes(opts.credential)) {
    throw new UsageError(`--credential "${opts.credential}" is not one of ${CREDENTIALS.join(", ")}`);
  }
  const timeoutMs = parseDuration(opts.timeout, "--timeout");
  let host = opts.host;
  let port = opts.port !== undefined ? Number(opts.port) : undefined;
  let ca = opts.ca ? readFileSync(opts.ca, "utf8") : undefined;
  let credential: EntraTokenCredential;
  if (opts.credential === "local") {
    const state = readState(opts.localState ?? defaultStatePath());
    host ??= state.host;
    port ??= state.port;
    ca ??= readFileSync(state.caPath, "utf8");
    credential = localGatewayCredential(state, {
      ...(opts.localIdentity ? { objectId: opts.localIdentity } : {}),
      ...(opts.localAppId ? { appId: opts.localAppId } : {}),
    });
  } else {
    if (opts.localIdentity || opts.localAppId || opts.localState)
      throw new UsageError("--local-state, --local-identity and --local-app-id go with --credential local");
    credential = await azureCredential(opts.credential);
  }
  if (!host)
    throw new UsageError("--host is required (the cache's host name, e.g. mycache.redis.cache.windows.net)");
  port ??= defaultPort(host);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new UsageError(`--port "${opts.port}" is not a port number`);

  const shownHost = printable(host);
  const spinner = opts.json ? undefined : startSpinner(`Checking ${shownHost}:${port}`);
  if (!opts.json)
    line(
      bold(`azure-redis-entra doctor: ${shownHost}:${port}`) +
        dim(` (credential: ${opts.credential}; the token is decoded, never shown)`),
    );
  const report: DoctorReport = await runDoctor(
    {
      host,
      port,
      credential,
      credentialName: opts.credential,
      timeoutMs,
      ...(opts.username ? { username: opts.username } : {}),
      ...(ca ? { ca } : {}),
    },
    (s) => {
      if (opts.json) return;
      spinner?.stop();
      printStep(s);
    },
  );
  spinner?.stop();
  if (opts.json) printJson(report);
  else {
    const failed = report.steps.filter((s) => s.status === "fail").length;
    line();
    line(
      report.ok
        ? ok("All checks passed: this identity can use this cache.")
        : bad(`${failed} ${failed === 1 ? "check" : "checks"} failed; see the fixes above.`),
    );
  }
  return report.ok ? 0 : 1;
}
