/**
 * `npm run typecheck` and `eslint .` in one process, over one TypeScript program: CI's lint step
 * (.ci/run). Both build the program of tsconfig.json (src/, the tests, scripts, bench, the examples
 * and the policy pack, over Pulumi's declarations), and ESLint's type-aware rules ask its checker for
 * types the type check has already worked out; separately they built and checked it twice.
 *
 * The type check is tsc's (`tsc -p tsconfig.json`, noEmit): the same diagnostics (config, options,
 * syntax, global, semantic), printed as tsc prints them. The lint is `eslint .` with eslint.config.js,
 * every rule on every file, the TypeScript files given this program (parserOptions.programs) instead
 * of one typescript-eslint would build from the same tsconfig.json (parserOptions.project). Exits 1
 * when either finds an error. Usage: node scripts/typecheck-and-lint.ts
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { ESLint } from "eslint";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);

const host: ts.ParseConfigFileHost = {
  ...ts.sys,
  onUnRecoverableConfigFileDiagnostic: (d) => {
    throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
  },
};
const config = ts.getParsedCommandLineOfConfigFile("tsconfig.json", undefined, host);
if (!config) throw new Error("tsconfig.json could not be read");
const program = ts.createProgram({
  rootNames: config.fileNames,
  options: config.options,
  ...(config.projectReferences ? { projectReferences: config.projectReferences } : {}),
  configFileParsingDiagnostics: ts.getConfigFileParsingDiagnostics(config),
});

// 1. The type check, as tsc reports it.
const diagnostics = ts.sortAndDeduplicateDiagnostics(ts.getPreEmitDiagnostics(program));
const formatHost: ts.FormatDiagnosticsHost = {
  getCanonicalFileName: (f) => f,
  getCurrentDirectory: () => root,
  getNewLine: () => "\n",
};
const errors = diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error).length;
if (diagnostics.length > 0) {
  const pretty = ts.sys.writeOutputIsTTY?.() === true;
  process.stdout.write(
    pretty
      ? ts.formatDiagnosticsWithColorAndContext(diagnostics, formatHost)
      : ts.formatDiagnostics(diagnostics, formatHost),
  );
  console.log(`\ntypecheck: ${errors} error${errors === 1 ? "" : "s"} (tsc -p tsconfig.json)`);
}

// 2. The lint, as `eslint .` runs it, its TypeScript files on the program above.
const eslint = new ESLint({
  cwd: root,
  overrideConfig: [
    {
      files: ["**/*.ts", "**/*.tsx", "**/*.mts", "**/*.cts"],
      languageOptions: { parserOptions: { programs: [program], project: false } },
    },
  ],
});
const results = await eslint.lintFiles(["."]);
const output = await (await eslint.loadFormatter("stylish")).format(results);
if (output) process.stdout.write(output);
const lintErrors = results.reduce((n, r) => n + r.errorCount, 0);

process.exitCode = errors > 0 || lintErrors > 0 ? 1 : 0;
