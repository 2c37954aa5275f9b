/**
 * Type-checks an app against the installed package in this process, with TypeScript's API: the
 * program `tsc --noEmit --strict --skipLibCheck false --target es2022 --module M --moduleResolution R
 * --types node app.ts` builds (the options parsed from that command line), with TypeScript's errors
 * for
 *
 * - the options, and the syntax of every file of the program (the package's, its dependencies' and
 *   the peers' declaration files: what an older TypeScript can't parse shows here);
 * - the types of the app and of every declaration file of the installed package (`ownDir`) the
 *   program includes: with skipLibCheck false, as `tsc` checks them, so an error inside one of the
 *   package's .d.ts files is reported even when the app's own lines are fine;
 * - the global scope (duplicate globals, missing global types).
 *
 * What it leaves out is `tsc`'s check of the other declaration files' types (@types/node's, the
 * Redis clients'): theirs, not ours, and most of the compiler's time. Declaration files are parsed
 * once per TypeScript version and module format and shared by the programs (as TypeScript's language
 * service shares them between projects): parsing, not checking, is most of what is left.
 */
import { realpathSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import type * as TS from "typescript";

export type TypeScript = typeof TS;

/** The TypeScript installed in `dir`/node_modules. */
export function loadTypeScript(dir: string): TypeScript {
  return createRequire(join(dir, "package.json"))("typescript") as TypeScript;
}

/** A `--module` and `--moduleResolution` pair. */
export interface Resolution {
  moduleResolution: string;
  module: string;
}

/** What one check found. */
export interface CheckResult {
  /** Errors, one line each as `tsc` prints them (file:line:col - error TSn: message). */
  errors: string[];
  /** The package's declaration files whose types were checked (relative to `ownDir`). */
  ownFiles: string[];
}

const DECLARATION = /\.d\.[cm]?ts$/;

/** One TypeScript version, with the declaration files its programs have parsed. */
export class AppChecker {
  private readonly parsed = new Map<string, TS.SourceFile>();

  readonly ts: TypeScript;

  constructor(ts: TypeScript) {
    this.ts = ts;
  }

  get version(): string {
    return this.ts.version;
  }

  /** Checks `appFile` (see the module comment); `ownDir` is the installed package's folder. */
  check(appFile: string, r: Resolution, ownDir: string): CheckResult {
    const ts = this.ts;
    const cmd = ts.parseCommandLine([
      "--noEmit",
      "--strict",
      "--skipLibCheck",
      "false",
      "--target",
      "es2022",
      "--module",
      r.module,
      "--moduleResolution",
      r.moduleResolution,
      "--types",
      "node",
      appFile,
    ]);
    if (cmd.errors.length > 0) return { errors: cmd.errors.map((d) => this.format(d)), ownFiles: [] };
    const host = ts.createCompilerHost(cmd.options);
    const read = host.getSourceFile.bind(host);
    host.getSourceFile = (fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile) => {
      if (!DECLARATION.test(fileName) || shouldCreateNewSourceFile)
        return read(fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile);
      // What the parse depends on: the file and the parse options, among them the module format the
      // module resolution gave the file (node16 and nodenext: its package.json's type; bundler: none).
      const o =
        typeof languageVersionOrOptions === "object"
          ? languageVersionOrOptions
          : { languageVersion: languageVersionOrOptions };
      const key = [fileName, o.languageVersion, o.impliedNodeFormat, o.jsDocParsingMode].join("|");
      let file = this.parsed.get(key);
      if (!file) {
        file = read(fileName, languageVersionOrOptions, onError);
        if (file) this.parsed.set(key, file);
      }
      return file;
    };
    const program = ts.createProgram({ rootNames: cmd.fileNames, options: cmd.options, host });
    const own = [join(ownDir, "/"), join(realpathSync(ownDir), "/")];
    const ownFiles = program
      .getSourceFiles()
      .filter((f) => f.isDeclarationFile && own.some((dir) => f.fileName.startsWith(dir)));
    const checked = [...cmd.fileNames.map((f) => program.getSourceFile(f)), ...ownFiles].filter(
      (f): f is TS.SourceFile => f !== undefined,
    );
    const diagnostics = [
      ...program.getOptionsDiagnostics(),
      ...program.getSyntacticDiagnostics(),
      ...checked.flatMap((f) => program.getSemanticDiagnostics(f)),
      ...program.getGlobalDiagnostics(),
    ];
    return {
      errors: diagnostics
        .filter((d) => d.category === ts.DiagnosticCategory.Error)
        .map((d) => this.format(d)),
      ownFiles: ownFiles.map((f) => relative(ownDir, f.fileName)),
    };
  }

  private format(d: TS.Diagnostic): string {
    const ts = this.ts;
    const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    if (!d.file || d.start === undefined) return `error TS${d.code}: ${message}`;
    const { line, character } = ts.getLineAndCharacterOfPosition(d.file, d.start);
    return `${d.file.fileName}:${line + 1}:${character + 1} - error TS${d.code}: ${message}`;
  }
}
