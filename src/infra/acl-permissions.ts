import { REDIS6_ACL_CATEGORIES, REDIS6_COMMANDS } from "./acl-redis6-commands.ts";

/**
 * Result of {@link checkAclPermissions}. On failure, `problem` is a clause that reads after the field
 * name and value (e.g. `uses the unknown ACL category "@reed" (rule 1)`) and `fix` is an imperative
 * clause (e.g. `use "+@read" instead`); neither ends with a period, so both slot into
 * `EntraRedisInputError(context, field, value, problem, fix)`. Neither ever contains a password or
 * password hash from the input (see {@link redactAclPermissions} for showing the value itself).
 */
export type AclCheckResult = { ok: true } | { ok: false; problem: string; fix: string };

const CATEGORIES = new Set(REDIS6_ACL_CATEGORIES);
const COMMAND_NAMES = [...REDIS6_COMMANDS.keys()];
const SHOWN_MAX = 60;

/** User-management keywords: valid in `ACL SETUSER`, but not permissions. */
const USER_KEYWORDS = new Set([
  "on",
  "off",
  "nopass",
  "resetpass",
  "reset",
  "sanitize-payload",
  "skip-sanitize-payload",
]);

/** Prefixes whose remainder is a secret: `>password`, `<password`, `#sha256`, `!sha256`. */
const SECRET_PREFIXES = new Set([">", "<", "#", "!"]);

const REDIS6_NOTE = "Azure Cache for Redis runs Redis 6, which does not have it";

/**
 * Checks an Azure Cache for Redis custom data access policy `permissions` string before anything is
 * deployed: a space-separated list of Redis 6 ACL permission rules.
 *
 * Accepted: `+cmd`/`-cmd`, `+cmd|subcommand` (a known subcommand for commands that have them, or a
 * first argument for commands that don't, as Redis 6 allows), `+@category`/`-@category`,
 * `allcommands`/`nocommands`, `~pattern`, `allkeys`, `resetkeys`, `&pattern`, `allchannels`,
 * `resetchannels`. Commands and categories are Redis 6.2's (a table generated from redis-server, see
 * acl-redis6-commands.ts); keywords, commands and categories are case-insensitive as in Redis.
 *
 * Rejected, with a problem and a fix: an empty string; any whitespace but the plain space (tabs, line
 * breaks, no-break and other Unicode spaces); unknown categories (the
 * closest is suggested), commands and subcommands; user-management rules (`on`, `off`, `>pass`,
 * `<pass`, `#hash`, `!hash`, `nopass`, `resetpass`, `reset`); Redis 7 syntax (`%R~`, `%W~`, `%RW~`,
 * selectors `(...)`, `clearselectors`, `-cmd|sub`); a key pattern after `allkeys`/`~*` or a channel
 * pattern while all channels are allowed (Redis rejects both; Redis 6 starts every user with
 * `allchannels`, so channel patterns need `resetchannels` first); anything else.
 *
 * The rule it keeps: whatever it accepts, a real Redis `ACL SETUSER` accepts too (tested against
 * redis-server on generated rule strings). It may reject a few things Redis 7 would take.
 */
export function checkAclPermissions(permissions: string): AclCheckResult {
  if (typeof permissions !== "string" || permissions.trim() === "") {
    return fail("is empty", 'give at least one Redis ACL permission rule, e.g. "+@read allkeys"');
  }
  // Any whitespace but the plain space: Redis and Azure split rules on spaces, so a no-break space
  // would hide a second rule (maybe a password) inside the first.
  const odd = /[^\S ]/.exec(permissions);
  if (odd !== null) {
    const what = /[\t\n\r\v\f]/.test(odd[0])
      ? "a tab or line break"
      : `the space character ${codePoint(odd[0])}`;
    return fail(`contains ${what}`, "separate the rules with single spaces (U+0020)");
  }
  if (/[\u0000-\u001f\u007f]/.test(permissions)) {
    return fail("contains a control character", "remove it; rules are printable text separated by spaces");
  }
  const tokens = permissions.split(" ").filter((t) => t !== "");
  // Redis 6 creates users with allchannels (acl-pubsub-default), and nobody starts with allkeys.
  let allKeys = false;
  let allChannels = true;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const at = `(rule ${i + 1})`;
    const lower = token.toLowerCase();
    const first = token[0];

    if (SECRET_PREFIXES.has(first)) {
      const what = first === ">" || first === "<" ? "a password" : "a password hash";
      return fail(
        `contains the user-management rule "${first}…" ${at}, which sets or removes ${what} (value hidden) and is not a permission`,
        "remove it: Azure authenticates every identity with its Entra ID token, and a data access policy holds only command, key and channel rules",
      );
    }
    if (USER_KEYWORDS.has(lower)) {
      return fail(
        `contains the user-management rule "${token}" ${at}, which is not a permission`,
        "remove it: Azure manages the Redis user behind each assignment, and a data access policy holds only command, key and channel rules",
      );
    }
    if (lower === "clearselectors" || first === "(") {
      return fail(
        `uses a Redis 7 selector rule "${shown(token)}" ${at}; ${REDIS6_NOTE}`,
        "remove it and write the rules for one set of keys without selectors",
      );
    }
    if (first === "%") {
      return fail(
        `uses the Redis 7 read/write key pattern "${shown(token)}" ${at}; ${REDIS6_NOTE}`,
        'use a plain key pattern such as "~prefix:*" and limit writes with the commands or categories you allow (e.g. "+@read")',
      );
    }
    switch (lower) {
      case "allcommands":
      case "nocommands":
      case "resetkeys":
        if (lower === "resetkeys") allKeys = false;
        continue;
      case "allkeys":
      case "~*":
        allKeys = true;
        continue;
      case "allchannels":
      case "&*":
        allChannels = true;
        continue;
      case "resetchannels":
        allChannels = false;
        continue;
    }
    if (first === "~") {
      if (token.length === 1) {
        return fail(
          `has a key rule "~" without a pattern ${at}`,
          'write the pattern right after the "~", e.g. "~cache:*"',
        );
      }
      if (allKeys) {
        return fail(
          `adds the key pattern "${shown(token)}" ${at} after all keys were already allowed (allkeys or ~*), which Redis rejects`,
          "drop the key pattern, or drop allkeys/~* (or put resetkeys before the patterns)",
        );
      }
      continue;
    }
    if (first === "&") {
      if (token.length === 1) {
        return fail(
          `has a channel rule "&" without a pattern ${at}`,
          'write the pattern right after the "&", e.g. "&events:*"',
        );
      }
      if (allChannels) {
        return fail(
          `adds the channel pattern "${shown(token)}" ${at} while all channels are allowed (Redis 6 starts every user with allchannels), which Redis rejects`,
          "put resetchannels before the first channel pattern (and drop allchannels/&*)",
        );
      }
      continue;
    }
    if (first === "+" || first === "-") {
      const result = token[1] === "@" ? checkCategory(token, at) : checkCommand(token, at);
      if (!result.ok) return result;
      continue;
    }
    return unparseable(token, at);
  }
  return { ok: true };
}

/**
 * Returns the permissions string with every password and hash value replaced by `***`
 * (`>secret` becomes `>***`), for showing the offending value in an error message. A password
 * marker anywhere in a rule counts, not only at its start: `allkeys>pw` and `+@read,>pw` are a
 * password after a missing or wrong separator, so from the marker to the next whitespace is hidden
 * (a key pattern such as `~a>b` is shown as `~a>***`; a message may hide too much, never too little).
 */
export function redactAclPermissions(permissions: string): string {
  return permissions.split(/(\s+)/).map(redactRule).join("");
}

/** One rule with everything from its first password or hash marker on replaced by `***`. */
function redactRule(rule: string): string {
  return rule.replace(/[<>#!].*/s, (secret) => `${secret[0]}***`);
}

function checkCategory(token: string, at: string): AclCheckResult {
  const name = token.slice(2).toLowerCase();
  if (CATEGORIES.has(name)) return { ok: true };
  const closest = closestOf(name, REDIS6_ACL_CATEGORIES);
  return fail(
    `uses the unknown ACL category "${shown(token.slice(1))}" ${at}`,
    `use "${token[0]}@${closest}" if that is what you meant; Redis 6 categories are ${REDIS6_ACL_CATEGORIES.map((c) => "@" + c).join(", ")}`,
  );
}

function checkCommand(token: string, at: string): AclCheckResult {
  const sign = token[0];
  const body = token.slice(1);
  const pipe = body.indexOf("|");
  const name = (pipe === -1 ? body : body.slice(0, pipe)).toLowerCase();
  if (name === "") return unparseable(token, at);
  const subcommands = REDIS6_COMMANDS.get(name);
  if (subcommands === undefined) {
    const closest = closestOf(name, COMMAND_NAMES);
    const hint =
      distance(name, closest) <= Math.max(2, Math.floor(name.length / 3))
        ? `use "${sign}${closest}" if that is what you meant, or `
        : "";
    return fail(
      `allows or denies the unknown Redis command "${shown(name)}" ${at}`,
      `${hint}use a Redis 6 command name or a category such as "${sign}@read"`,
    );
  }
  if (pipe === -1) return { ok: true };
  const sub = body.slice(pipe + 1);
  if (sign === "-") {
    return fail(
      `removes a single subcommand with "${shown(token)}" ${at}; ${REDIS6_NOTE}`,
      `deny the whole command with "-${name}" and allow back the subcommands you want with "+${name}|<subcommand>"`,
    );
  }
  if (sub === "" || sub.includes("|")) {
    return fail(
      `has the malformed subcommand rule "${shown(token)}" ${at}`,
      `write exactly one subcommand after the "|", e.g. "+${name}|${subcommands[0] ?? "<first-argument>"}"`,
    );
  }
  if (subcommands.length > 0 && !subcommands.includes(sub.toLowerCase())) {
    const closest = closestOf(sub.toLowerCase(), subcommands);
    return fail(
      `allows the unknown subcommand "${shown(sub)}" of "${name}" ${at}`,
      `use one of ${name}'s Redis 6 subcommands (closest: "+${name}|${closest}"): ${subcommands.join(", ")}`,
    );
  }
  return { ok: true };
}

function unparseable(token: string, at: string): AclCheckResult {
  const lower = token.toLowerCase();
  let fix =
    "write each rule as +command, -command, +command|subcommand, +@category, -@category, ~keypattern, &channelpattern, allcommands, nocommands, allkeys, resetkeys, allchannels or resetchannels";
  if (token[0] === "@")
    fix = `prefix the category with "+" to allow it or "-" to deny it, e.g. "+${shown(token)}"`;
  else if (REDIS6_COMMANDS.has(lower.split("|")[0]))
    fix = `prefix the command with "+" to allow it or "-" to deny it, e.g. "+${shown(token)}"`;
  return fail(`contains "${shown(token)}" ${at}, which is not a Redis ACL permission rule`, fix);
}

function fail(problem: string, fix: string): AclCheckResult {
  return { ok: false, problem, fix };
}

/** A token (or part of one) for a message: shortened, and any password in it hidden. */
function shown(token: string): string {
  const safe = redactRule(token);
  return safe.length > SHOWN_MAX ? `${safe.slice(0, SHOWN_MAX)}…` : safe;
}

/** "U+00A0" for a character. */
function codePoint(ch: string): string {
  return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}

function closestOf(word: string, candidates: readonly string[]): string {
  let best = candidates[0];
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(word, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length];
}
