#!/usr/bin/env node
/**
 * Entry of the `azure-redis-entra` bin. Commands: demo, preview, doctor, local (see docs/cli.md).
 */
import { runCli } from "./program.ts";

const code = await runCli(process.argv);
process.exitCode = code;
// Long-running commands (demo, local) end their own resources; anything left (e.g. a Pulumi gRPC
// handle in-process) must not keep the CLI alive after the answer is printed.
setTimeout(() => process.exit(code), 200).unref();
