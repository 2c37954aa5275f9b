/**
 * Optional peer dependencies (ioredis, redis, @azure/identity, the Pulumi SDK, ...), which an app
 * installs only for the faces it uses. When a feature needs one that is missing, it says which
 * package and the install line. (The CLI parses its command line
 * with Node's own util.parseArgs, so `npx azure-redis-entra` works with no dependency of its own.)
 */

/** Raised when a feature needs an optional peer dependency that is not installed. */
export class MissingPeerError extends Error {
  readonly packageName: string;

  constructor(packageName: string, feature: string) {
    super(
      `${feature} needs the package ${packageName}, which is not installed (it is an optional peer dependency of azure-redis-entra): npm install --save-dev ${packageName}`,
    );
    this.name = "MissingPeerError";
    this.packageName = packageName;
  }
}

/** True when `err` says that `packageName` itself could not be found (ESM or CommonJS loader). */
export function isMissingPackage(err: unknown, packageName: string): boolean {
  const e = err as NodeJS.ErrnoException | undefined;
  return (
    (e?.code === "ERR_MODULE_NOT_FOUND" || e?.code === "MODULE_NOT_FOUND") &&
    (e.message.includes(`'${packageName}'`) || e.message.includes(`"${packageName}"`))
  );
}
