/**
 * The `azure-redis-entra` command line: one commander program with the four commands. Exit codes:
 * 0 success, 1 failure, 2 usage error (commander's own errors are mapped to 2).
 */
import { Command, CommanderError } from "commander";
import { CliError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from "./errors.ts";
import { bad, errLine } from "./output.ts";
import { registerPreview } from "./commands/preview.ts";
import { registerDoctor } from "./commands/doctor.ts";
import { registerLocal } from "./commands/local.ts";
import { registerDemo } from "./commands/demo.ts";
import { docsUrl, PACKAGE_VERSION } from "./package-info.ts";

/** Builds the commander program (exported for tests and for embedding). */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name("azure-redis-entra")
    .description(
      "Password-free (Microsoft Entra ID) Redis on Azure: preview a Pulumi program offline, diagnose a " +
        "connection, run a local Entra gateway, or watch token rotation live in a demo.",
    )
    .version(PACKAGE_VERSION, "-V, --version")
    .exitOverride()
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ outputError: (text, write) => write(bad(text, process.stderr)) })
    .addHelpText(
      "after",
      "\nExit codes: 0 success, 1 failure (a check failed, the program threw), 2 usage error.\n" +
        `Docs: ${docsUrl("cli.md")}`,
    );
  registerDemo(program);
  registerPreview(program);
  registerDoctor(program);
  registerLocal(program);
  return program;
}

/**
 * Runs the CLI with `argv` (as in process.argv) and resolves to the exit code; never calls
 * process.exit itself.
 */
export async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram();
  if (argv.length <= 2) {
    program.outputHelp({ error: true });
    return EXIT_USAGE;
  }
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : EXIT_OK;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === "commander.helpDisplayed" || err.code === "commander.version") return EXIT_OK;
      return EXIT_USAGE;
    }
    if (err instanceof CliError) {
      errLine(bad(`error: ${err.message}`, process.stderr));
      return err.exitCode;
    }
    errLine(bad(`error: ${err instanceof Error ? err.message : String(err)}`, process.stderr));
    if (process.env.AZURE_REDIS_ENTRA_DEBUG && err instanceof Error && err.stack) errLine(err.stack);
    return EXIT_FAILURE;
  }
}
