/**
 * What `doctor` says when no token could be obtained at all: the credential's own reason (redacted,
 * one line per credential it tried) and the fix for that kind of credential. Nothing here is about
 * Redis: without a token, no Redis answer is involved, so no access-policy advice is given.
 */
import { redact } from "../../../client/index.ts";

/** The `--credential` kinds that get a token from Microsoft Entra ID (plus `local`, the local gateway). */
export type CredentialKind = "default" | "cli" | "managed-identity" | "workload-identity" | "local";

/** The environment variables workload identity needs (AKS's webhook sets them in the pod). */
export const WORKLOAD_IDENTITY_ENV = [
  "AZURE_FEDERATED_TOKEN_FILE",
  "AZURE_CLIENT_ID",
  "AZURE_TENANT_ID",
] as const;

/** The token step's failure: what happened and what to do. */
export interface CredentialFailure {
  detail: string;
  fix: string;
}

/** The credential's reasons, one short line each (a chained credential lists every member's). */
export function credentialReasons(err: unknown): string[] {
  const message = redact(err instanceof Error ? err.message : String(err));
  const lines = message
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  // A chained credential says "ChainedTokenCredential authentication failed." then one line per member.
  const members = lines.filter((l) => /^(CredentialUnavailableError|AuthenticationError)\b/.test(l));
  const picked = members.length ? members : [lines[0] ?? message];
  return picked.map((l) =>
    l
      .replace(/^(CredentialUnavailableError|AuthenticationError): /, "")
      .replace(/ To troubleshoot, visit \S+\.?/g, "")
      .replace(/ - Correlation ID:.*$/, "")
      .slice(0, 240),
  );
}

/** The missing workload-identity variables in `env`. */
export function missingWorkloadEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  return WORKLOAD_IDENTITY_ENV.filter((k) => !env[k]);
}

/** Explains a failed token request of credential `kind`. */
export function explainCredentialFailure(
  kind: CredentialKind,
  err: unknown,
  env: NodeJS.ProcessEnv = process.env,
): CredentialFailure {
  const reasons = credentialReasons(err);
  const all = reasons.join(" ");
  const detail = `no token could be obtained from the ${kind} credential: ${reasons.join("; ")}`;
  const azLogin = /could not be found|not installed|not recognized/i.test(all)
    ? "install the Azure CLI (https://aka.ms/azure-cli), then run `az login`"
    : "run `az login` (and `az account set --subscription <id>` for the cache's subscription)";
  const managed =
    "no managed identity answered: on Azure, enable the resource's managed identity (system-assigned), or assign the user-assigned identity to it and set AZURE_CLIENT_ID to that identity's client id; off Azure there is none (use --credential cli after `az login`)";
  const missing = missingWorkloadEnv(env);
  const workload = missing.length
    ? `workload identity needs ${missing.join(", ")} (missing here): on AKS, label the pod \`azure.workload.identity/use: "true"\` and annotate its service account with \`azure.workload.identity/client-id\`, so the webhook sets them`
    : "the federated token was refused: check the identity's federated credential (issuer = the cluster's OIDC issuer URL, subject = system:serviceaccount:<namespace>:<service account>) and that AZURE_CLIENT_ID is that identity's client id";
  switch (kind) {
    case "cli":
      return { detail, fix: azLogin };
    case "managed-identity":
      if (env.AZURE_CLIENT_ID && /not found|400|identity.*not|unable to find/i.test(all))
        return {
          detail,
          fix: `no user-assigned identity with client id ${env.AZURE_CLIENT_ID} is assigned to this resource: assign it (Identity > User assigned), or unset AZURE_CLIENT_ID to use the system-assigned one`,
        };
      return { detail, fix: managed };
    case "workload-identity":
      return { detail, fix: workload };
    case "local":
      return {
        detail,
        fix: "start the local gateway (`azure-redis-entra local`) and give doctor its state file (--local-state)",
      };
    default:
      return {
        detail,
        fix: `DefaultAzureCredential found no identity here. Locally: ${azLogin}. On Azure: enable a managed identity on the resource (AZURE_CLIENT_ID for a user-assigned one). On AKS: workload identity (${WORKLOAD_IDENTITY_ENV.join(", ")}${missing.length ? `; missing: ${missing.join(", ")}` : ""}).`,
      };
  }
}

/** Rejects with a clear reason when `promise` has not settled after `ms` (a credential that never answers). */
export function withinTime<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not answer within ${(ms / 1000).toFixed(1)}s`)),
      ms,
    );
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
