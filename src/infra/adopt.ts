/**
 * Adopting existing Azure resources into a component's children with Pulumi's `import` option
 * (docs/existing-cache.md). `import` is a custom-resource option: set on a ComponentResource it is
 * ignored, so it has to reach the child. The component's `transformations` option does that (it runs
 * in the SDK for every child); the newer `transforms` option runs in the engine instead, so it can't
 * be checked under mocks and isn't used here.
 */
import * as pulumi from "@pulumi/pulumi";
import { EntraRedisInputError } from "./errors.ts";

/** The input that holds each adoptable type's Azure name (a Map: looked up by any child's type). */
const NAME_INPUT: ReadonlyMap<string, string> = new Map([
  ["azure-native:redis:Redis", "name"],
  ["azure-native:redis:AccessPolicy", "accessPolicyName"],
  ["azure-native:redis:AccessPolicyAssignment", "accessPolicyAssignmentName"],
  ["azure-native:redis:FirewallRule", "ruleName"],
  ["azure-native:redisenterprise:RedisEnterprise", "clusterName"],
  ["azure-native:redisenterprise:Database", "databaseName"],
  ["azure-native:redisenterprise:AccessPolicyAssignment", "accessPolicyAssignmentName"],
]);

const ASSIGNMENT_TYPES = new Set([
  "azure-native:redis:AccessPolicyAssignment",
  "azure-native:redisenterprise:AccessPolicyAssignment",
  "azure-native:resources:Resource",
]);

/**
 * The key of `ids` naming this child: its own name, or for an assignment the alias-keyed name earlier
 * releases gave it (`<component>-assignment-<alias>`; now children are keyed by object id).
 */
function adoptionKey(
  ids: { [childName: string]: string },
  name: string,
  type: string,
  props: Record<string, unknown>,
): string | undefined {
  const has = (k: string) => Object.prototype.hasOwnProperty.call(ids, k);
  if (has(name)) return name;
  if (!ASSIGNMENT_TYPES.has(type)) return undefined;
  const alias =
    props.objectIdAlias ?? (props.properties as Record<string, unknown> | undefined)?.objectIdAlias;
  const cut = name.lastIndexOf("-assignment-");
  if (typeof alias !== "string" || cut < 0) return undefined;
  const legacy = `${name.slice(0, cut)}-assignment-${alias}`;
  return has(legacy) ? legacy : undefined;
}

/**
 * A transformation for a component's `transformations` option that imports existing Azure resources
 * as its children, by child resource name (e.g. `"cache-redis"` for the cache of
 * `new EntraRedisCache("cache", ...)`, `"cache-assignment-app"` for the assignment with alias "app").
 *
 * Since pulumi/pulumi#19339 the engine imports even when the declared inputs differ from Azure's
 * state, and then updates the resource in the same `pulumi up`. Declare the cache exactly as it is
 * (Entra already on, same SKU and capacity, same access-key setting) and check that the preview shows
 * a plain import with no update. The Azure name is checked here: the child must declare the name the
 * id ends with (e.g. `cacheName`), since a different name would replace, that is delete, the resource.
 *
 * @example
 *   // The adopted cache is protected like a created one (protectData, the default).
 *   new EntraRedisCache("cache", { cacheName: "legacy", ...sameSettingsAsTheCache }, {
 *     transformations: [adoptExisting({ "cache-redis": "/subscriptions/.../Microsoft.Cache/Redis/legacy" })],
 *   });
 */
export function adoptExisting(ids: { [childName: string]: string }): pulumi.ResourceTransformation {
  return (args) => {
    const props = args.props as Record<string, unknown>;
    const key = adoptionKey(ids, args.name, args.type, props);
    const id = key === undefined ? undefined : ids[key];
    if (id === undefined) return undefined;
    const nameInput = NAME_INPUT.get(args.type);
    if (ASSIGNMENT_TYPES.has(args.type) && nameInput !== undefined) {
      // An assignment's Azure name is kept as created (assignment-names.ts): adopt it by the id's name.
      const azureName = decodeURIComponent(
        id
          .split("/")
          .filter((s) => s !== "")
          .pop() ?? "",
      );
      return {
        props: { ...props, [nameInput]: azureName },
        opts: pulumi.mergeOptions(args.opts, { import: id } as pulumi.CustomResourceOptions),
      };
    }
    if (nameInput !== undefined) {
      const declared = (args.props as Record<string, unknown>)[nameInput];
      const azureName = decodeURIComponent(
        id
          .split("/")
          .filter((s) => s !== "")
          .pop() ?? "",
      );
      if (declared === undefined) {
        throw new EntraRedisInputError(
          `adoptExisting "${args.name}"`,
          nameInput,
          undefined,
          `is not declared, so the adopted resource would be replaced by a new, generated name`,
          `declare the existing name "${azureName}" (cacheName for EntraRedisCache, clusterName for EntraManagedRedis)`,
        );
      }
      if (typeof declared === "string" && declared.toLowerCase() !== azureName.toLowerCase()) {
        throw new EntraRedisInputError(
          `adoptExisting "${args.name}"`,
          nameInput,
          declared,
          `differs from the name "${azureName}" in the import id, so the adopted resource would be replaced`,
          `declare "${azureName}", or fix the id`,
        );
      }
    }
    return {
      props: args.props,
      opts: pulumi.mergeOptions(args.opts, { import: id } as pulumi.CustomResourceOptions),
    };
  };
}
