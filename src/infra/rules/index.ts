/**
 * Every rule of Azure's the components check, by subject, in the order of docs/azure-constraints.md
 * (generated from this list by scripts/azure-constraints.ts), and the lookup by id.
 */
import { ACCESS_RULES } from "./access.ts";
import { DATABASE_RULES } from "./database.ts";
import { GEO_REPLICATION_RULES } from "./geo-replication.ts";
import { IDENTITY_RULES } from "./identity.ts";
import { NAME_RULES } from "./names.ts";
import { NETWORK_RULES } from "./network.ts";
import { REDIS_CONFIGURATION_RULES } from "./redis-configuration.ts";
import type { AzureConstraint, RuleSubject } from "./rule.ts";
import { SIZING_RULES } from "./sizing.ts";

/** The subjects, each a section of docs/azure-constraints.md. */
export const RULE_SUBJECTS: readonly RuleSubject[] = [
  NAME_RULES,
  SIZING_RULES,
  NETWORK_RULES,
  ACCESS_RULES,
  IDENTITY_RULES,
  DATABASE_RULES,
  GEO_REPLICATION_RULES,
  REDIS_CONFIGURATION_RULES,
];

/** Every constraint, subject by subject. */
export const AZURE_CONSTRAINTS: readonly AzureConstraint[] = RULE_SUBJECTS.flatMap((s) => s.constraints);

const BY_ID = new Map(AZURE_CONSTRAINTS.map((c) => [c.id, c]));

/** The constraint with this id (throws for an unknown id: a typo in the code, not user input). */
export function constraint(id: string): AzureConstraint {
  const c = BY_ID.get(id);
  if (c === undefined) throw new Error(`azure rules: no constraint "${id}"`);
  return c;
}
