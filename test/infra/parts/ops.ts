/** Shared fixtures of the ops-part tests (diagnostics, lock, role assignments). */
import { SUB } from "../mocks.ts";

export const WORKSPACE_ID = `/subscriptions/${SUB}/resourceGroups/ops/providers/Microsoft.OperationalInsights/workspaces/logs`;
export const STORAGE_ID = `/subscriptions/${SUB}/resourceGroups/ops/providers/Microsoft.Storage/storageAccounts/archive`;
export const EVENT_HUB_RULE_ID = `/subscriptions/${SUB}/resourceGroups/ops/providers/Microsoft.EventHub/namespaces/ns/authorizationRules/send`;
export const GROUP_ID = "44444444-4444-4444-8444-444444444444";
