/**
 * Adopting existing Azure resources into a component's children with Pulumi's `import` option
 * (docs/existing-cache.md). `import` is a custom-resource option: set on a ComponentResource it is
 * ignored, so it has to reach the child. The component's `transformations` option does that (it runs
 * in the SDK for every child); the newer `transforms` option runs in the engine instead, so it can't
 * be checked under mocks and isn't used here.
 */
import * as pulumi from "@pulumi/pulumi";

/**
 * A transformation for a component's `transformations` option that imports existing Azure resources
 * as its children, by child resource name (e.g. `"cache-redis"` for the cache of
 * `new EntraRedisCache("cache", ...)`, `"cache-assignment-app"` for the assignment with alias "app").
 *
 * Pulumi imports only when the declared inputs match the resource as it is in Azure, so the adoption
 * can't change anything (in particular it never turns Entra on together with a SKU change). Remove the
 * transformation after the first successful `pulumi up`.
 *
 * @example
 *   new EntraRedisCache("cache", { ...sameSettingsAsTheCache }, {
 *     transformations: [adoptExisting({ "cache-redis": "/subscriptions/.../Microsoft.Cache/Redis/legacy" })],
 *   });
 */
export function adoptExisting(ids: { [childName: string]: string }): pulumi.ResourceTransformation {
  return (args) => {
    const id = Object.prototype.hasOwnProperty.call(ids, args.name) ? ids[args.name] : undefined;
    if (id === undefined) return undefined;
    return { props: args.props, opts: pulumi.mergeOptions(args.opts, { import: id } as pulumi.CustomResourceOptions) };
  };
}
