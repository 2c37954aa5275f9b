/**
 * The one shape both components share (EntraRedisCache, EntraManagedRedis). Data flows one way:
 *
 *   args ──check──▶ plan ──create──▶ target ──parts──▶ outputs
 *
 * 1. check (`<component>/check.ts`): every argument is checked once and resolved into a plan. Plain
 *    values are checked now and throw EntraRedisInputError; Output values register a check on the
 *    plan's InputGate. Nothing is created. Checks over the raw arguments as a whole run first (unknown
 *    keys: check-start.ts); the values Azure constrains are checked against src/infra/rules/.
 * 2. target (`<component>/create.ts`, the Target of target.ts): the thing the parts attach to: a
 *    new cache, a new Managed Redis cluster with its database, or an existing cache looked up. It
 *    gives the resource id, name, host, port, cluster flag and the resource to depend on, plus how to
 *    write data access to it (its AccessWriter: typed resources, or the generic `resources:Resource`
 *    for a preview API; the chain that orders the writes is parts/access.ts).
 * 3. parts (`parts/*.ts`, listed in order by parts/index.ts): one feature a file, each exporting one
 *    Part (part.ts): its `check` (the component's arguments → its slice of the plan) and its `create`
 *    (its slice + the target → resources; none when the slice asks for none). Both components run
 *    every part's check through `checkParts` and every part's create through finish.ts. A part whose
 *    rules differ per component (data access, the cache's geo-replication link, the migration) has no
 *    `check`: the components' checks plan its slice. A few features shape the target instead of
 *    creating resources (the managed identity, parts/identity.ts; customer-managed keys,
 *    parts/encryption.ts; Managed Redis's active geo-replication): create.ts sends them with the cache
 *    or cluster. Files a part alone uses sit beside it in parts/ (firewall-rules.ts,
 *    custom-policies.ts, roles.ts, assignments.ts).
 * 4. outputs (outputs.ts): the same names on both components.
 *
 * Adding a part (three files): write `parts/<feature>.ts` exporting `<feature>Part` (its check, its
 * create, its slice type, and the shape of its argument when that is an object); list it in
 * parts/index.ts (the plan's slice and the facts it needs follow from the list); add its argument to
 * `<component>/args.ts`, the interface and the top-level shape beside it (the typecheck keeps the
 * two equal); export its public types from src/index.ts. A part that is a setting of the target (the
 * cache's redisConfiguration) gives `settings` instead of `create`; an argument only one component
 * has is refused by name on the other through the part's `refusedOn` (parts/keyspace-notifications.ts
 * is both). A part that needs a fact from the component (like the private-link service) declares
 * it in its `Part<Slice, Facts>`: the components' checks then fail the typecheck until they give it.
 */
import type { PlanBase } from "./part.ts";
import type { IdentityPlan } from "./parts/identity.ts";
import type { PartSlices } from "./parts/index.ts";

/** What both components' checks produce, whatever the target: every part's slice, and the identity. */
export type CommonPlan = PlanBase &
  PartSlices & {
    /** Managed identity of the cache or cluster itself, sent with the target (no resource of its own). */
    identity?: IdentityPlan;
    /**
     * Whether the cache, or the cluster and database, are registered with `protect: true`
     * (protect-data.ts): `protectData`, default true.
     */
    protectData: boolean;
  };
