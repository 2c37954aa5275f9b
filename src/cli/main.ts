#!/usr/bin/env node
/**
 * Entry of the `azure-redis-entra` bin. Commands: demo, preview, doctor, local (see docs/cli.md).
 */
import { isMissingPackage, MissingPeerError } from "../internal/optional-peer.ts";

// commander is an optional peer (apps that only use the client don't install it): say so plainly.
try {
  await import("commander");
} catch (err) {
  if (!isMissingPackage(err, "commander")) throw err;
  process.stderr.write(`error: ${new MissingPeerError("commander", "The azure-redis-entra CLI").message}\n`);
  process.exit(1);
}
const { runCli } = await import("./program.ts");

const code = await runCli(process.argv);
process.exitCode = code;
// Commands end what they start; should anything else (e.g. a library's handle) keep the event loop
// alive, exit anyway once stdout and stderr have been flushed.
setTimeout(() => {
  process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
}, 500).unref();
