/**
 * fast-check arbitraries for Redis ACL permission strings (custom data access policies): mostly valid
 * Redis 6 rules, mixed with near misses, Redis 7 syntax, user-management rules, passwords behind odd
 * separators, Object.prototype names and odd whitespace, so both the checker's accept and reject paths
 * are exercised.
 */
import fc from "fast-check";
import { REDIS6_ACL_CATEGORIES, REDIS6_COMMANDS } from "../../src/infra/acl-redis6-commands.ts";

const COMMANDS = [...REDIS6_COMMANDS.keys()];
const CONTAINERS = COMMANDS.filter((c) => (REDIS6_COMMANDS.get(c) ?? []).length > 0);
const PROTOTYPE_NAMES = ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf", "prototype"];

/** A word in random letter case (Redis is case-insensitive for commands, categories and keywords). */
const anyCase = (word: string): fc.Arbitrary<string> =>
  fc
    .array(fc.boolean(), { minLength: word.length, maxLength: word.length })
    .map((upper) => [...word].map((ch, i) => (upper[i] ? ch.toUpperCase() : ch)).join(""));

const casedFrom = (words: readonly string[]): fc.Arbitrary<string> =>
  fc.constantFrom(...words).chain(anyCase);

/** Short text from the characters rule parsers care about. */
const junk = fc.string({
  unit: fc.constantFrom(..."abcxyz019:*?[]^-_|@~&%+()<>#!'\"\\{}.,;"),
  minLength: 1,
  maxLength: 6,
});

const sign = fc.constantFrom("+", "-");

/** Rules Redis 6 accepts on their own (given the right key/channel state). */
export const validRule: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(sign, casedFrom(COMMANDS)).map(([s, c]) => s + c),
  fc.tuple(sign, casedFrom(REDIS6_ACL_CATEGORIES)).map(([s, c]) => `${s}@${c}`),
  fc
    .constantFrom(...CONTAINERS)
    .chain((c) => fc.tuple(anyCase(c), casedFrom(REDIS6_COMMANDS.get(c) ?? [])))
    .map(([c, sub]) => `+${c}|${sub}`),
  fc
    .tuple(fc.constantFrom("select", "debug", "get", "cluster"), fc.constantFrom("0", "object", "info", "x"))
    .map(([c, a]) => `+${c}|${a}`),
  casedFrom(["allcommands", "nocommands", "allkeys", "resetkeys", "allchannels", "resetchannels"]),
  fc.oneof(fc.constantFrom("*", "cache:*", "a", "x?y", "[ab]*", "{tag}:*"), junk).map((p) => `~${p}`),
  fc.oneof(fc.constantFrom("*", "events:*", "c"), junk).map((p) => `&${p}`),
);

/** Rules the checker must reject (most of which Redis rejects too). */
export const invalidRule: fc.Arbitrary<string> = fc.oneof(
  fc.oneof(fc.constantFrom("reed", "wrte", "dangerus", "alll", "keys", ""), junk).map((c) => `+@${c}`),
  fc
    .tuple(sign, fc.oneof(fc.constantFrom("gett", "fcall", "function", "sintercard", "lmpop", ""), junk))
    .map(([s, c]) => s + c),
  fc
    .tuple(fc.constantFrom(...CONTAINERS), fc.oneof(fc.constantFrom("nosuch", "", "get|x", "no-evict"), junk))
    .map(([c, sub]) => `+${c}|${sub}`),
  fc
    .tuple(fc.constantFrom(...CONTAINERS), fc.constantFrom("get", "list", "info"))
    .map(([c, s]) => `-${c}|${s}`),
  fc.constantFrom("on", "off", "nopass", "resetpass", "reset", "sanitize-payload", "skip-sanitize-payload"),
  fc.tuple(fc.constantFrom(">", "<"), fc.oneof(fc.constantFrom("pw", ""), junk)).map(([m, p]) => m + p),
  fc.tuple(fc.constantFrom("#", "!"), fc.constantFrom("a".repeat(64), "abc", "")).map(([m, h]) => m + h),
  fc.tuple(fc.constantFrom("%R~", "%W~", "%RW~", "%"), fc.constantFrom("*", "x")).map(([p, k]) => p + k),
  fc.constantFrom("(+get", "~x)", "(~a", "clearselectors", "()"),
  fc.oneof(fc.constantFrom("get", "@read", "allkeyz", "~", "&", "|", "+|"), junk),
  // Object.prototype's names, as commands, subcommands and categories (issue 19 item 8).
  fc
    .tuple(fc.constantFrom("+", "-", "+@", ""), casedFrom(PROTOTYPE_NAMES), fc.constantFrom("", "|x", "|get"))
    .map(([s, n, sub]) => s + n + sub),
  fc.tuple(fc.constantFrom(...CONTAINERS), casedFrom(PROTOTYPE_NAMES)).map(([c, n]) => `+${c}|${n}`),
);

/** Separators between rules: mostly one space, sometimes several, sometimes other whitespace. */
const separator = fc.oneof(
  { weight: 20, arbitrary: fc.constant(" ") },
  { weight: 2, arbitrary: fc.constant("  ") },
  { weight: 1, arbitrary: fc.constantFrom("\t", "\u00a0", "\u3000", "\u2028", "\n") },
);

/** A permissions string: 1-6 rules, mostly valid, joined by mostly plain spaces. */
export const aclPermissions: fc.Arbitrary<string> = fc
  .array(
    fc.tuple(fc.oneof({ weight: 6, arbitrary: validRule }, { weight: 1, arbitrary: invalidRule }), separator),
    { minLength: 1, maxLength: 6 },
  )
  .map((parts) => parts.map(([rule, sep], i) => (i === 0 ? rule : sep + rule)).join(""));

/** The password the secret-bearing arbitrary hides (never a substring of a rule the arbitraries make). */
export const PASSWORD = "Hunter2-QZJX";

/**
 * A permissions string with a password or hash rule put somewhere: after a separator Redis would see,
 * one it would not (comma, semicolon, no-break space) or none at all (`allkeys>pw`).
 */
export const aclPermissionsWithPassword: fc.Arbitrary<string> = fc
  .tuple(
    aclPermissions,
    fc.constantFrom(">", "<", "#", "!"),
    fc.constantFrom(" ", ",", ";", "", "\u00a0", "|", "\t"),
    fc.nat(),
  )
  .map(([permissions, marker, sep, at]) => {
    const rules = permissions.split(" ");
    const i = at % rules.length;
    rules[i] = `${rules[i]}${sep}${marker}${PASSWORD}`;
    return rules.join(" ");
  });
