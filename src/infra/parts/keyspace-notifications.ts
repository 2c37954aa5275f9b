/**
 * Part: keyspace notifications of an Azure Cache for Redis: Redis publishes an event on
 * `__keyevent@<db>__:<event>` (and/or `__keyspace@<db>__:<key>`) when a key of the chosen classes
 * changes, expires or is evicted. A setting of the cache (`redisConfiguration.notify-keyspace-events`,
 * whose rule in rules/redis-configuration.ts every value made here meets: a test says so), sent with
 * the cache: no resource of its own. Named event classes instead of Redis's one-letter flags, which
 * are easy to get wrong ("Ex" works, "xE" too, "x" alone publishes nothing).
 *
 * Refused with `existingCache` (the component doesn't manage an adopted cache's settings), beside
 * `redisConfiguration.notifyKeyspaceEvents` (two sources for one setting), and on EntraManagedRedis
 * (the database API the component sends, azure-native's redisenterprise.Database, has no such setting).
 * Azure's migration to Managed Redis doesn't copy it (parts/migration-disparities.ts warns).
 */
import type { Part, PlanBase } from "../part.ts";
import { argShape, type ArgShape } from "../unknown-args.ts";
import { checkOneOf, fail, type ErrorContext } from "../validate.ts";

/**
 * A class of keyspace events (Redis 6.0, the version Azure Cache for Redis runs): `all` is Redis's
 * `A`, every class but `keyMiss`.
 */
export const KeyspaceEvent = {
  /** DEL, EXPIRE, RENAME and other commands of any type (`g`). */
  generic: "generic",
  /** String commands (`$`). */
  string: "string",
  /** List commands (`l`). */
  list: "list",
  /** Set commands (`s`). */
  set: "set",
  /** Hash commands (`h`). */
  hash: "hash",
  /** Sorted set commands (`z`). */
  sortedSet: "sortedSet",
  /** A key expired (`x`). */
  expired: "expired",
  /** A key was evicted for maxmemory (`e`). */
  evicted: "evicted",
  /** Stream commands (`t`). */
  stream: "stream",
  /** A read found no key (`m`; busy: every cache miss publishes). */
  keyMiss: "keyMiss",
  /** Every class above but keyMiss (`A`). */
  all: "all",
} as const;
export type KeyspaceEvent = (typeof KeyspaceEvent)[keyof typeof KeyspaceEvent];

/** Where Redis publishes the events. */
export const KeyspaceChannel = {
  /** `__keyevent@<db>__:<event>`, the key as the message (`E`): one channel per event. */
  keyevent: "keyevent",
  /** `__keyspace@<db>__:<key>`, the event as the message (`K`): one channel per key. */
  keyspace: "keyspace",
} as const;
export type KeyspaceChannel = (typeof KeyspaceChannel)[keyof typeof KeyspaceChannel];

/** `keyspaceNotifications` (EntraRedisCache). */
export interface KeyspaceNotificationsArgs {
  /** The event classes to publish: at least one. */
  events: KeyspaceEvent[];
  /** Where to publish them; default `["keyevent"]` (one channel per event, e.g. `__keyevent@0__:expired`). */
  channels?: KeyspaceChannel[];
}

export const KEYSPACE_NOTIFICATIONS_SHAPE: ArgShape = argShape<KeyspaceNotificationsArgs>(
  { events: "value", channels: "value" },
  { seeAlso: { classes: "events", flags: "events", types: "channels" } },
);

/** Redis's flag for each class and channel (a table: no prototype). */
const FLAGS: Readonly<Record<KeyspaceEvent | KeyspaceChannel, string>> = Object.assign(
  Object.create(null) as Record<KeyspaceEvent | KeyspaceChannel, string>,
  {
    generic: "g",
    string: "$",
    list: "l",
    set: "s",
    hash: "h",
    sortedSet: "z",
    expired: "x",
    evicted: "e",
    stream: "t",
    keyMiss: "m",
    all: "A",
    keyevent: "E",
    keyspace: "K",
  },
);

/** Checks a list of names against one of the tables above (order and repeats: keyspaceFlags). */
function checkNames<T extends string>(
  ctx: ErrorContext,
  field: string,
  value: unknown,
  names: readonly T[],
  what: string,
): T[] {
  if (!Array.isArray(value) || value.length === 0)
    fail(ctx, field, value, "is not a list of one or more names", `give some of ${names.join(", ")}`);
  value.forEach((name: unknown, i) => checkOneOf(ctx, `${field}[${i}]`, name, names, what));
  return value as T[];
}

/**
 * Redis's `notify-keyspace-events` value for checked arguments ("Ex", "KEA", ...): channels first, then
 * the classes, each in the order of the tables above, without repeats; `all` stands for every class it
 * covers (all but keyMiss).
 */
export function keyspaceFlags(
  events: readonly KeyspaceEvent[],
  channels: readonly KeyspaceChannel[],
): string {
  const covered = (e: KeyspaceEvent) => events.includes("all") && e !== "all" && e !== "keyMiss";
  const classes = Object.values(KeyspaceEvent).filter((e) => events.includes(e) && !covered(e));
  const kinds = Object.values(KeyspaceChannel).filter((c) => channels.includes(c));
  return [...kinds, ...classes].map((n) => FLAGS[n]).join("");
}

/** The part's slice: the flags to send, when asked for. */
export interface KeyspaceNotificationsSlice {
  keyspaceFlags?: string;
}

/** Checks `keyspaceNotifications` against the rest of the cache's arguments. */
export function checkKeyspaceNotifications(
  ctx: ErrorContext,
  args: { readonly [key: string]: unknown },
): KeyspaceNotificationsSlice {
  const value = args["keyspaceNotifications"];
  if (value === undefined) return {};
  const field = "keyspaceNotifications";
  if (typeof value !== "object" || value === null || Array.isArray(value))
    fail(ctx, field, value, "is not an object", 'give { events: ["expired"] }');
  if (args["existingCache"] !== undefined)
    fail(
      ctx,
      field,
      "(set)",
      "can't be set with existingCache: the component doesn't manage an adopted cache's settings",
      "set notify-keyspace-events on the cache itself (az redis update --set redisConfiguration.notify-keyspace-events=Ex), or leave keyspaceNotifications out",
    );
  const config = args["redisConfiguration"];
  if (typeof config === "object" && config !== null && Object.hasOwn(config, "notifyKeyspaceEvents"))
    fail(
      ctx,
      field,
      "(set)",
      "sets the same setting as redisConfiguration.notifyKeyspaceEvents",
      "keep one: remove redisConfiguration.notifyKeyspaceEvents, or leave keyspaceNotifications out",
    );
  const { events, channels } = value as Partial<KeyspaceNotificationsArgs>;
  const checkedEvents = checkNames(
    ctx,
    `${field}.events`,
    events,
    Object.values(KeyspaceEvent),
    "an event class",
  );
  const checkedChannels =
    channels === undefined
      ? [KeyspaceChannel.keyevent]
      : checkNames(ctx, `${field}.channels`, channels, Object.values(KeyspaceChannel), "a channel kind");
  return { keyspaceFlags: keyspaceFlags(checkedEvents, checkedChannels) };
}

/** The part: `keyspaceNotifications`, a setting of the cache. */
export const keyspaceNotificationsPart = {
  name: "keyspace-notifications",
  check: ({ ctx, args }) => checkKeyspaceNotifications(ctx, args),
  settings: (plan: PlanBase & KeyspaceNotificationsSlice) =>
    plan.keyspaceFlags === undefined
      ? {}
      : { redisConfiguration: { notifyKeyspaceEvents: plan.keyspaceFlags } },
  refusedOn: {
    keyspaceNotifications: {
      EntraManagedRedis: {
        problem:
          "is not supported by EntraManagedRedis: the database API it sends (azure-native's redisenterprise.Database) has no keyspace notifications setting",
        fix: "leave it out; on Azure Cache for Redis, EntraRedisCache takes it",
      },
    },
  },
} satisfies Part<KeyspaceNotificationsSlice>;
