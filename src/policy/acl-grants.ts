/**
 * What a Redis ACL rule string grants, as far as the policies need it: whether it leaves the
 * `@dangerous` category allowed (as Data Owner's `+@all allkeys` and Azure Managed Redis's default
 * access string `+@all ~*` do, and Data Contributor's `+@all -@dangerous ...` does not).
 */

/**
 * True when, read left to right as Redis applies them, the rules end with the `@dangerous` category
 * allowed: `+@all`, `allcommands` or `+@dangerous`, not undone by a later `-@dangerous`, `-@all` or
 * `nocommands`. Single dangerous commands allowed by name (`+flushall`) are not counted.
 */
export function grantsDangerousCommands(rules: string): boolean {
  let dangerous = false;
  for (const token of rules.split(/\s+/)) {
    switch (token.toLowerCase()) {
      case "+@all":
      case "allcommands":
      case "+@dangerous":
        dangerous = true;
        break;
      case "-@all":
      case "nocommands":
      case "-@dangerous":
        dangerous = false;
        break;
    }
  }
  return dangerous;
}
