/**
 * Install size of an app that only uses the client runtime: `npm pack` of this repository, installed
 * with npm into a fresh project (no optional peers: no Pulumi, no Redis client, no testing-kit or CLI
 * dependencies), then the size on disk (`du -sk`) of node_modules, of the package itself, and of each
 * dependency npm brought. The app adds its own Redis client (ioredis or redis) on top.
 *
 *   npm run bench -- install-size
 */
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { installPacked } from "../test/package/pack.ts";

function kib(path: string): number {
  return Number(execFileSync("du", ["-sk", path], { encoding: "utf8" }).split("\t")[0]);
}

const project = await installPacked();
try {
  const modules = join(project.dir, "node_modules");
  const packages = readdirSync(modules)
    .filter((n) => !n.startsWith("."))
    .flatMap((n) => (n.startsWith("@") ? readdirSync(join(modules, n)).map((s) => `${n}/${s}`) : [n]))
    .map((name) => ({ name, kib: kib(join(modules, name)) }))
    .sort((a, b) => b.kib - a.kib);
  console.log("client-only app: npm install <packed azure-redis-entra> (optional peers not installed)\n");
  for (const p of packages) console.log(`  ${p.name.padEnd(28)} ${String(p.kib).padStart(6)} KiB`);
  console.log(
    `\n  node_modules total            ${String(kib(modules)).padStart(6)} KiB (${packages.length} packages)`,
  );
  // Only the testing kit (@peculiar/x509 and tsyringe), the CLI (commander, before it used
  // node:util's parseArgs), Pulumi and the Redis clients would bring these: none belongs here.
  const testingOrCli = packages.filter((p) =>
    /^(@peculiar\/|tsyringe$|commander$|@pulumi\/|ioredis$|redis$|@redis\/)/.test(p.name),
  );
  console.log(
    testingOrCli.length
      ? `  UNEXPECTED: ${testingOrCli.map((p) => p.name).join(", ")}`
      : "  none of @peculiar/x509, tsyringe, commander, Pulumi or a Redis client",
  );
  if (testingOrCli.length) process.exitCode = 1;
} finally {
  project.remove();
}
