/**
 * What `preview --policy` needs beyond this package, checked before anything runs: `@pulumi/policy`
 * (the pack's `new PolicyPack(...)`) and `@pulumi/pulumi` (its peer, and the analyzer protocol this
 * CLI speaks). The policy host resolves both from the pack's folder first, else next to this package
 * (resolve-hooks.ts), so that is where they must be. A missing one is one sentence with the command
 * that installs it for how the CLI and the pack were installed.
 */
import { CliError } from "../../../internal/cli-errors.ts";
import { PACKAGE_ROOT } from "../../../internal/package-info.ts";
import { installCommand, installKind } from "../../../internal/package-install.ts";
import { currentArgs } from "../local/shell-lines.ts";
import { policyPeerDir } from "../../../internal/pulumi-offline/resolve-hooks.ts";

/** The peers a policy pack runs on. */
export const POLICY_PEERS = ["@pulumi/policy", "@pulumi/pulumi"] as const;

/** The sentence for the missing peers of `pack`, or undefined when both are there. */
export function missingPolicyPeers(
  pack: { dir: string },
  root = PACKAGE_ROOT,
  argv: readonly string[] = process.argv.slice(2),
): string | undefined {
  const missing = POLICY_PEERS.filter((p) => !policyPeerDir(pack.dir, p, root));
  if (missing.length === 0) return undefined;
  const ours = pack.dir === root;
  // npx takes every package of the run on its command line (the program's azure-native too, for the
  // quick start); an install adds only what is missing.
  const fix = !ours
    ? `npm install ${missing.join(" ")} (in ${pack.dir})`
    : installCommand(
        installKind(root) === "npx" ? [...POLICY_PEERS, "@pulumi/azure-native"] : missing,
        root,
        currentArgs(argv),
      );
  const what = missing.join(" and ");
  const where = ours
    ? `next to azure-redis-entra (${root})`
    : `in the policy pack's node_modules (${pack.dir}) nor next to azure-redis-entra (${root})`;
  return `--policy needs ${what}, which ${missing.length > 1 ? "are" : "is"} not installed ${where}: run ${fix}`;
}

/** Throws the one-sentence error when the pack can't run here. */
export function requirePolicyPeers(pack: { dir: string }, root = PACKAGE_ROOT): void {
  const why = missingPolicyPeers(pack, root);
  if (why) throw new CliError(why);
}
