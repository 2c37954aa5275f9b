#!/usr/bin/env node
/**
 * Entry of the `azure-redis-entra` bin. Commands: demo, preview, doctor, local, upgrade-state (see docs/cli.md).
 */
import { runCli } from "./program.ts";

const code = await runCli(process.argv);
process.exitCode = code;
// Commands end what they start; should anything else (e.g. a library's handle) keep the event loop
// alive, exit anyway once stdout and stderr have been flushed.
setTimeout(() => {
  process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
}, 500).unref();
