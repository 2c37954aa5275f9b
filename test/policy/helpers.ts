/**
 * Runs azure-redis-entra's policy pack as Pulumi does (src/policy/pack.ts serving @pulumi/policy's
 * analyzer protocol in its own process) and calls its Analyze/AnalyzeStack entry points, so every
 * policy test goes through @pulumi/policy's own validation code.
 */
import { after, before } from "node:test";
import { fileURLToPath } from "node:url";
import {
  PolicyPackSession,
  type AnalyzedResource,
  type PolicyDiagnostic,
  type PolicyPackConfigFile,
} from "../../src/internal/pulumi-offline/policy-analyzer.ts";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const PACK = fileURLToPath(new URL("../../src/policy/pack.ts", import.meta.url));

/** One pack process for the test file; `configure` before each test that needs other settings. */
export function usePack(): { session: () => PolicyPackSession } {
  let session: PolicyPackSession | undefined;
  before(async () => {
    session = await PolicyPackSession.start(PACK, ROOT);
  });
  after(() => session?.close());
  return {
    session: () => {
      if (!session) throw new Error("the pack is not running");
      return session;
    },
  };
}

/** A resource with a URN built from its type and name. */
export function resource(
  type: string,
  name: string,
  props: Record<string, unknown>,
  dependencies: string[] = [],
): AnalyzedResource {
  return { type, name, urn: urn(type, name), props, dependencies };
}

export function urn(type: string, name: string): string {
  return `urn:pulumi:test::policy-test::${type}::${name}`;
}

/** Analyzes one resource with `config` and returns the diagnostics of `policy`. */
export async function analyzeWith(
  session: PolicyPackSession,
  policy: string,
  r: AnalyzedResource,
  config: PolicyPackConfigFile = {},
): Promise<PolicyDiagnostic[]> {
  await session.configure(config);
  return (await session.analyze(r)).filter((d) => d.policyName === policy);
}

/** Analyzes a stack with `config` and returns the diagnostics of `policy`. */
export async function analyzeStackWith(
  session: PolicyPackSession,
  policy: string,
  resources: AnalyzedResource[],
  config: PolicyPackConfigFile = {},
): Promise<PolicyDiagnostic[]> {
  await session.configure(config);
  return (await session.analyzeStack(resources)).filter((d) => d.policyName === policy);
}

/** What a policy reported (the diagnostic's message without the policy's description line). */
export function reported(d: PolicyDiagnostic): string {
  return d.message.startsWith(`${d.description}\n`) ? d.message.slice(d.description.length + 1) : d.message;
}

/** A compliant Azure Cache for Redis, as EntraRedisCache declares it. */
export const GOOD_CACHE = {
  name: "cache1",
  resourceGroupName: "rg",
  sku: { name: "Standard", family: "C", capacity: 1 },
  redisVersion: "6",
  redisConfiguration: { aadEnabled: "true" },
  disableAccessKeyAuthentication: true,
  enableNonSslPort: false,
  minimumTlsVersion: "1.2",
  publicNetworkAccess: "Disabled",
};
