/**
 * The `azure-redis-entra` command line: the five commands, declared in src/cli/commands/ and
 * parsed by ./args.ts (Node's util.parseArgs). Exit codes: 0 success, 1 failure, 2 usage error.
 */
import { ArgumentError, parseCommandLine, programHelp, type ProgramSpec } from "./args.ts";
import { CliError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from "../internal/cli-errors.ts";
import { bad, errLine } from "./output.ts";
import { printable } from "../internal/printable.ts";
import { demo } from "./commands/demo/demo.ts";
import { preview } from "./commands/preview/preview.ts";
import { doctor } from "./commands/doctor/doctor.ts";
import { local } from "./commands/local/local.ts";
import { upgradeState } from "./commands/upgrade-state/upgrade-state.ts";
import { docsUrl, PACKAGE_VERSION } from "../internal/package-info.ts";

/** The program: its commands and options, from which both parsing and --help are derived. */
export const cliProgram: ProgramSpec = {
  name: "azure-redis-entra",
  description:
    "Password-free (Microsoft Entra ID) Redis on Azure: preview a Pulumi program offline, diagnose a " +
    "connection, run a local Entra gateway, watch token rotation live in a demo, or upgrade a stack's state.",
  version: PACKAGE_VERSION,
  commands: [demo, preview, doctor, local, upgradeState],
  epilogue:
    "Exit codes: 0 success, 1 failure (a check failed, the program threw), 2 usage error.\n" +
    `Docs: ${docsUrl("cli.md")}`,
};

/**
 * Runs the CLI with `argv` (as in process.argv) and resolves to the exit code; never calls
 * process.exit itself.
 */
export async function runCli(argv: string[]): Promise<number> {
  const args = argv.slice(2);
  if (args.length === 0) {
    process.stderr.write(programHelp(cliProgram));
    return EXIT_USAGE;
  }
  try {
    const parsed = parseCommandLine(cliProgram, args);
    if (parsed.action !== "run") {
      process.stdout.write(parsed.text);
      return EXIT_OK;
    }
    return await parsed.command.run(parsed.input);
  } catch (err) {
    if (err instanceof CliError) {
      errLine(bad(`error: ${printable(err.message, { newlines: true })}`, process.stderr));
      if (err instanceof ArgumentError) for (const hint of err.hints) errLine(printable(hint));
      return err.exitCode;
    }
    const message = err instanceof Error ? err.message : String(err);
    errLine(bad(`error: ${printable(message, { newlines: true })}`, process.stderr));
    if (process.env.AZURE_REDIS_ENTRA_DEBUG && err instanceof Error && err.stack)
      errLine(printable(err.stack, { newlines: true }));
    return EXIT_FAILURE;
  }
}
