/**
 * Data access policies on Azure Managed Redis, as access strings (Redis ACL rules).
 *
 * Azure Managed Redis has no policy resource: each assignment carries its permissions as an
 * `accessString` (API 2026-05-01-preview; default `+@all ~*`, full access). The component gives the
 * same policy names as Azure Cache for Redis and maps each to the access string that grants what the
 * cache's built-in policy of that name grants (docs/azure-facts.md, "Data access policies"):
 *
 * | policy | Azure Cache for Redis (built-in) | Azure Managed Redis access string |
 * |---|---|---|
 * | Data Owner | `+@all allkeys` | `+@all ~*` (Azure's default, the same as `default`) |
 * | Data Contributor | `+@all -@dangerous +cluster\|info +cluster\|nodes +cluster\|slots allkeys` | the same rules, with `~*` for `allkeys` |
 * | Data Reader | `+@read +@connection +cluster\|info +cluster\|nodes +cluster\|slots allkeys` | the same rules, with `~*` for `allkeys` |
 *
 * `-@dangerous` removes, among others, KEYS, FLUSHALL, FLUSHDB, INFO, MONITOR, SORT, RESTORE,
 * MIGRATE, SWAPDB, CLIENT LIST/KILL/PAUSE, CONFIG, DEBUG, ACL, the replication and persistence
 * commands and the cluster-topology writes. Azure blocks the administrative ones (CONFIG, ACL, DEBUG,
 * replication, persistence, cluster writes) on Managed Redis whatever the access string, so what
 * Data Contributor really takes away from an app there is KEYS, FLUSHALL/FLUSHDB, INFO, MONITOR,
 * SORT, RESTORE, SWAPDB and the CLIENT management subcommands. The cluster-topology reads are
 * granted back because cluster-aware clients (ioredis, node-redis) read the slot map with them on an
 * OSSCluster database. `~*` is `allkeys` as Azure's own examples spell it. A custom policy's access
 * string is its `permissions`, checked by the same ACL checker as on the cache.
 */
import { BuiltInPolicies, type BuiltInPolicy } from "../policies.ts";

const TOPOLOGY_READS = "+cluster|info +cluster|nodes +cluster|slots";

/** The access string of each built-in policy on Azure Managed Redis. */
export const MANAGED_BUILT_IN_ACCESS: { readonly [P in BuiltInPolicy]: string } = {
  [BuiltInPolicies.DataOwner]: "+@all ~*",
  [BuiltInPolicies.DataContributor]: `+@all -@dangerous ${TOPOLOGY_READS} ~*`,
  [BuiltInPolicies.DataReader]: `+@read +@connection ${TOPOLOGY_READS} ~*`,
};

/** Azure Managed Redis's own full-access default (an assignment without an access string). */
export const MANAGED_DEFAULT_ACCESS = "+@all ~*";
