/**
 * Part: diagnostic settings. One `monitor:DiagnosticSetting` per scope that gets at least one
 * category: the cache; on Managed Redis the cluster (metrics) and the database (connection logs), whose
 * categories differ. Categories are checked against Azure Monitor's documented lists per resource type
 * (docs/azure-facts.md, "Monitoring"):
 * - Microsoft.Cache/redis logs: https://learn.microsoft.com/azure/azure-monitor/reference/supported-logs/microsoft-cache-redis-logs
 * - Microsoft.Cache/redisEnterprise/databases logs: https://learn.microsoft.com/azure/azure-monitor/reference/supported-logs/microsoft-cache-redisenterprise-databases-logs
 * - Microsoft.Cache/redisEnterprise has metrics only (no supported-logs page):
 *   https://learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/microsoft-cache-redisenterprise-metrics
 */
import * as monitor from "@pulumi/azure-native/monitor/index.js";
import type * as pulumi from "@pulumi/pulumi";
import type { InputGate } from "../input-gate.ts";
import type { Part, PartScope } from "../part.ts";
import { armIdPattern } from "../rules/ids.ts";
import { LogAnalyticsDestinationType, type DiagnosticsArgs } from "../types.ts";
import { checkOneOf, fail, type ErrorContext } from "../validate.ts";
import { defined } from "../defined.ts";

/** One resource a diagnostic setting can be scoped to, with the categories Azure documents for its type. */
export interface DiagnosticScopeSpec {
  /** Key of the scope in Target.scopes, and the suffix of the setting's Pulumi name. */
  key: string;
  /** Azure resource type, for messages. */
  resourceType: string;
  /** Documented log categories. */
  logs: readonly string[];
  /** Documented metric categories. */
  metrics: readonly string[];
}

/** Azure Cache for Redis: one scope, the cache. */
export const CACHE_DIAGNOSTIC_SCOPES: readonly DiagnosticScopeSpec[] = [
  {
    key: "cache",
    resourceType: "Microsoft.Cache/redis",
    logs: ["ConnectedClientList", "MSEntraAuthenticationAuditLog"],
    metrics: ["AllMetrics"],
  },
];

/** Azure Managed Redis: the cluster has the metrics, the database the connection logs. */
export const MANAGED_DIAGNOSTIC_SCOPES: readonly DiagnosticScopeSpec[] = [
  { key: "cluster", resourceType: "Microsoft.Cache/redisEnterprise", logs: [], metrics: ["AllMetrics"] },
  {
    key: "database",
    resourceType: "Microsoft.Cache/redisEnterprise/databases",
    logs: ["ConnectionEvents"],
    metrics: [],
  },
];

/** One diagnostic setting to create. */
export interface DiagnosticSettingPlan {
  scope: string;
  /** Azure name of the setting. */
  name: string;
  logs: string[];
  metrics: string[];
  workspaceId?: pulumi.Input<string>;
  storageAccountId?: pulumi.Input<string>;
  eventHubAuthorizationRuleId?: pulumi.Input<string>;
  eventHubName?: string;
  logAnalyticsDestinationType?: string;
}

/** Default Azure name of the settings. */
export const DEFAULT_DIAGNOSTIC_SETTING_NAME = "azure-redis-entra";
const SETTING_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const EVENT_HUB_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,255}$/;

const DESTINATIONS = [
  {
    field: "workspaceId",
    pattern: armIdPattern("Microsoft\\.OperationalInsights/workspaces/[^/]+"),
    what: "a Log Analytics workspace resource id",
    example:
      "/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.OperationalInsights/workspaces/<name>, e.g. workspace.id",
  },
  {
    field: "storageAccountId",
    pattern: armIdPattern("Microsoft\\.Storage/storageAccounts/[^/]+"),
    what: "a storage account resource id",
    example:
      "/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Storage/storageAccounts/<name> (in the cache's region), e.g. account.id",
  },
  {
    field: "eventHubAuthorizationRuleId",
    pattern: armIdPattern("Microsoft\\.EventHub/namespaces/[^/]+/authorizationRules/[^/]+"),
    what: "an Event Hubs namespace authorization rule id",
    example:
      "/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.EventHub/namespaces/<namespace>/authorizationRules/<rule>, e.g. rule.id",
  },
] as const;

function list(values: readonly string[]): string {
  return values.map((v) => JSON.stringify(v)).join(", ");
}

function checkCategories(
  ctx: ErrorContext,
  field: string,
  value: unknown,
  documented: readonly string[],
  kind: string,
  types: string,
): string[] {
  if (!Array.isArray(value))
    fail(ctx, field, value, "is not a list", `give category names, e.g. [${list(documented.slice(0, 1))}]`);
  const seen = new Map<string, number>();
  return value.map((c: unknown, i) => {
    const f = `${field}[${i}]`;
    const known =
      typeof c === "string" ? documented.find((d) => d.toLowerCase() === c.toLowerCase()) : undefined;
    if (typeof c !== "string" || known === undefined) {
      fail(
        ctx,
        f,
        c,
        `is not a ${kind} category Azure documents for ${types}`,
        documented.length > 0 ? `use ${list(documented)}` : `leave ${field} out: ${types} has none`,
      );
    }
    if (known !== c) fail(ctx, f, c, "is not spelled as Azure spells it", `write ${JSON.stringify(known)}`);
    const first = seen.get(c);
    if (first !== undefined)
      fail(ctx, f, c, `is already listed at ${field}[${first}]`, "list each category once");
    seen.set(c, i);
    return c;
  });
}

/**
 * Checks `diagnostics` and routes its categories to the scopes that have them. Destination ids are
 * checked now when plain, through the gate when Outputs. Returns no setting when `diagnostics` is absent.
 */
export function checkDiagnostics(
  ctx: ErrorContext,
  gate: InputGate,
  args: DiagnosticsArgs | undefined,
  scopes: readonly DiagnosticScopeSpec[],
): DiagnosticSettingPlan[] {
  if (args === undefined) return [];
  if (typeof args !== "object" || args === null || Array.isArray(args))
    fail(
      ctx,
      "diagnostics",
      args,
      "is not an object",
      "give { workspaceId } (or storageAccountId / eventHubAuthorizationRuleId)",
    );
  const name = args.name ?? DEFAULT_DIAGNOSTIC_SETTING_NAME;
  if (typeof name !== "string" || !SETTING_NAME.test(name))
    fail(
      ctx,
      "diagnostics.name",
      name,
      "is not a valid diagnostic setting name",
      "use 1-64 letters, digits, dots, hyphens or underscores, starting with a letter or digit",
    );
  const destinations: Partial<Record<(typeof DESTINATIONS)[number]["field"], pulumi.Input<string>>> = {};
  for (const d of DESTINATIONS) {
    const value = args[d.field];
    if (value === undefined) continue;
    const field = `diagnostics.${d.field}`;
    destinations[d.field] = gate.check(value, (v) => {
      if (typeof v !== "string" || !d.pattern.test(v))
        fail(ctx, field, v, `is not ${d.what}`, `give ${d.example}`);
    });
  }
  if (Object.keys(destinations).length === 0) {
    fail(
      ctx,
      "diagnostics",
      "(no destination)",
      "sends the logs and metrics nowhere",
      "give at least one of workspaceId (Log Analytics), storageAccountId or eventHubAuthorizationRuleId",
    );
  }
  if (args.eventHubName !== undefined) {
    if (args.eventHubAuthorizationRuleId === undefined)
      fail(
        ctx,
        "diagnostics.eventHubName",
        args.eventHubName,
        "is given without eventHubAuthorizationRuleId",
        "give the namespace's authorization rule id too, or remove eventHubName",
      );
    if (typeof args.eventHubName !== "string" || !EVENT_HUB_NAME.test(args.eventHubName))
      fail(
        ctx,
        "diagnostics.eventHubName",
        args.eventHubName,
        "is not a valid event hub name",
        "use 1-256 letters, digits, dots, hyphens or underscores, starting with a letter or digit (or leave it out for the namespace's default hub)",
      );
  }
  const destinationType = args.logAnalyticsDestinationType;
  if (destinationType !== undefined) {
    checkOneOf(
      ctx,
      "diagnostics.logAnalyticsDestinationType",
      destinationType,
      Object.values(LogAnalyticsDestinationType),
      "a Log Analytics destination type",
    );
    if (args.workspaceId === undefined)
      fail(
        ctx,
        "diagnostics.logAnalyticsDestinationType",
        destinationType,
        "is given without workspaceId (it chooses Log Analytics tables)",
        "give workspaceId too, or remove logAnalyticsDestinationType",
      );
  }
  const types = scopes.map((s) => s.resourceType).join(" and ");
  const allLogs = scopes.flatMap((s) => s.logs);
  const allMetrics = scopes.flatMap((s) => s.metrics);
  const logs =
    args.logs === undefined
      ? allLogs
      : checkCategories(ctx, "diagnostics.logs", args.logs, allLogs, "log", types);
  const metrics =
    args.metrics === undefined
      ? allMetrics
      : checkCategories(ctx, "diagnostics.metrics", args.metrics, [...new Set(allMetrics)], "metric", types);
  if (logs.length === 0 && metrics.length === 0)
    fail(
      ctx,
      "diagnostics",
      "(logs: [], metrics: [])",
      "selects no category",
      "leave logs or metrics out to get every documented category, or remove diagnostics",
    );
  const plans: DiagnosticSettingPlan[] = [];
  for (const s of scopes) {
    const scopeLogs = logs.filter((c) => s.logs.includes(c));
    const scopeMetrics = metrics.filter((c) => s.metrics.includes(c));
    if (scopeLogs.length === 0 && scopeMetrics.length === 0) continue;
    plans.push({
      scope: s.key,
      name,
      logs: scopeLogs,
      metrics: scopeMetrics,
      ...destinations,
      ...defined({ eventHubName: args.eventHubName }),
      // Azure's default is the AzureDiagnostics table: only "Dedicated" is sent.
      ...(destinationType === "Dedicated" ? { logAnalyticsDestinationType: destinationType } : {}),
    });
  }
  return plans;
}

/** Creates the diagnostic settings, each after the resource it is scoped to. */
export function createDiagnostics({
  parent,
  plan,
  target,
}: PartScope<{ diagnostics: DiagnosticSettingPlan[] }>): pulumi.Resource[] {
  return plan.diagnostics.map((d) => {
    const scope = target.scopes[d.scope];
    if (scope === undefined) throw new Error(`diagnostics: the target has no scope "${d.scope}"`);
    return new monitor.DiagnosticSetting(
      `${plan.name}-diag-${d.scope}`,
      {
        resourceUri: scope.id,
        name: d.name,
        ...defined({
          workspaceId: d.workspaceId,
          storageAccountId: d.storageAccountId,
          eventHubAuthorizationRuleId: d.eventHubAuthorizationRuleId,
          eventHubName: d.eventHubName,
          logAnalyticsDestinationType: d.logAnalyticsDestinationType,
        }),
        logs: d.logs.map((category) => ({ category, enabled: true })),
        metrics: d.metrics.map((category) => ({ category, enabled: true })),
      },
      { parent, dependsOn: plan.gate.after(...(scope.resource ? [scope.resource] : [])) },
    );
  });
}

/** The part: `diagnostics`, one diagnostic setting per scope of the component that gets a category. */
export const diagnosticsPart = {
  name: "diagnostics",
  check: ({ ctx, gate, args, facts }) => ({
    diagnostics: checkDiagnostics(
      ctx,
      gate,
      args.diagnostics as DiagnosticsArgs | undefined,
      facts.diagnosticScopes,
    ),
  }),
  create: createDiagnostics,
} satisfies Part<
  { diagnostics: DiagnosticSettingPlan[] },
  { diagnosticScopes: readonly DiagnosticScopeSpec[] }
>;
