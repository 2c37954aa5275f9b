/**
 * Names azure-native generates. When `cacheName` / `clusterName` is left out, azure-native names the
 * Azure resource after the child's Pulumi name plus 8 random hex characters, with no separator and
 * no other change (pulumi-azure-native `provider/pkg/provider/provider.go` getDefaultName,
 * AutoNameRandom: `resource.NewUniqueName(seed, name, 8, 0, nil)`; its autonaming_test.go expects
 * "test614742c2" for a resource named "test"). A stack's own `pulumi:autonaming` configuration can
 * replace that scheme; the component can't see it, so it plans for the default.
 *
 * A component named "my_app" would get the cache "my_app-redis1a2b3c4d", which Azure refuses (no
 * underscores), and a 60-character name gets a cache name over the 63-character limit. So the
 * component keeps its usual child name (`${name}-redis`) whenever the generated Azure name will be
 * valid (existing stacks keep their URNs), and otherwise derives a valid child name: lower-case,
 * every run of other characters turned into one hyphen, trimmed to leave room for the suffix, plus
 * 4 hex characters of a hash of the component name, so that "my_app" and "my.app" (both "my-app")
 * don't register two children with the same URN.
 */

import { createHash } from "node:crypto";

/** Length of azure-native's random suffix. */
export const AUTONAME_SUFFIX_LENGTH = 8;

/** What Azure accepts for one kind of generated name. */
export interface NameRule {
  /** Longest name Azure accepts. */
  max: number;
  /** Whether Azure accepts the whole name (the suffix included). */
  accepts(name: string): boolean;
}

/** The child's Pulumi name and the Azure name azure-native will generate from it. */
export interface PlannedName {
  /** Pulumi resource name to register the child with. */
  childName: string;
  /** Whether `childName` differs from the usual `${component}-${suffix}`. */
  sanitized: boolean;
  /** An example of the Azure name azure-native will generate (the hex suffix is random). */
  example: string;
}

const EXAMPLE_SUFFIX = "0a1b2c3d";

/**
 * The Pulumi name to give the child `${componentName}-${suffix}` (e.g. suffix "redis") so that the
 * name azure-native generates from it passes `rule`.
 */
export function planChildName(componentName: string, suffix: string, rule: NameRule): PlannedName {
  const usual = `${componentName}-${suffix}`;
  if (rule.accepts(usual + EXAMPLE_SUFFIX) && usual.length + AUTONAME_SUFFIX_LENGTH <= rule.max) {
    return { childName: usual, sanitized: false, example: usual + EXAMPLE_SUFFIX };
  }
  const tag = createHash("sha256").update(componentName).digest("hex").slice(0, 4);
  const room = rule.max - AUTONAME_SUFFIX_LENGTH - suffix.length - tag.length - 2;
  let base = componentName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+/, "")
    .slice(0, Math.max(room, 0))
    .replace(/-+$/, "");
  if (base === "") base = "x";
  const childName = `${base}-${tag}-${suffix}`;
  const example = childName + EXAMPLE_SUFFIX;
  if (!rule.accepts(example)) {
    // Only a rule narrower than the suffix itself could get here: a bug in the caller's rule.
    throw new Error(`autoname: no valid name for "${componentName}" with suffix "${suffix}"`);
  }
  return { childName, sanitized: true, example };
}
