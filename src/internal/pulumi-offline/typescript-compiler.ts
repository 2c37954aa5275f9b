/**
 * Which TypeScript compiler a program gets, in Pulumi's order: Pulumi's SDK `require("typescript")`s,
 * which finds the program's own (its node_modules, or one above); this CLI then falls back to this
 * package's, then to the copy Pulumi's SDK vendors (`vendor/typescript@3.8.3`, Pulumi's own fallback).
 */
import * as nodeModule from "node:module";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { PACKAGE_ROOT } from "../package-info.ts";

/** The part of TypeScript's API the transpiling hook uses (any version from 3.8 on). */
export interface TypeScriptApi {
  version: string;
  sys: unknown;
  ModuleKind: { CommonJS: number };
  readConfigFile(path: string, read: (p: string) => string | undefined): { config?: unknown };
  parseJsonConfigFileContent(
    json: unknown,
    host: unknown,
    basePath: string,
  ): { options: Record<string, unknown> };
  transpileModule(
    input: string,
    options: { compilerOptions: Record<string, unknown>; fileName: string; reportDiagnostics: boolean },
  ): { outputText: string; diagnostics?: { category: number; start?: number; messageText: unknown }[] };
  flattenDiagnosticMessageText(text: unknown, newLine: string): string;
}

/** A compiler, where it was found, and that in words ("TypeScript 5.9.3, the program's own"). */
export interface TypeScriptChoice {
  version: string;
  path: string;
  from: "program" | "azure-redis-entra" | "pulumi";
  /** e.g. "TypeScript 5.9.3 (the program's own)". */
  label: string;
}

const FROM_LABEL: Record<TypeScriptChoice["from"], string> = {
  program: "the program's own",
  "azure-redis-entra": "azure-redis-entra's, the program has none",
  pulumi: "the copy @pulumi/pulumi vendors, the program has none",
};

/** Loads the compiler for a program in `projectDir` (`pulumiDir`: the run's @pulumi/pulumi folder). */
export function loadTypeScript(
  projectDir: string,
  pulumiDir: string | undefined,
): { ts: TypeScriptApi; choice: TypeScriptChoice } {
  const fromDir = (dir: string, from: TypeScriptChoice["from"]) => (): [string, TypeScriptChoice["from"]] => [
    nodeModule.createRequire(join(dir, "package.json")).resolve("typescript"),
    from,
  ];
  const tries: (() => [string, TypeScriptChoice["from"]])[] = [
    fromDir(projectDir, "program"),
    fromDir(PACKAGE_ROOT, "azure-redis-entra"),
  ];
  if (pulumiDir) {
    tries.push(fromDir(pulumiDir, "pulumi"));
    tries.push(() => [join(pulumiDir, "vendor", "typescript@3.8.3", "typescript.js"), "pulumi"]);
  }
  for (const t of tries) {
    try {
      const [path, from] = t();
      if (!existsSync(path)) continue;
      const ts = nodeModule.createRequire(path)(path) as TypeScriptApi;
      return {
        ts,
        choice: { version: ts.version, path, from, label: `TypeScript ${ts.version} (${FROM_LABEL[from]})` },
      };
    } catch {
      /* next candidate */
    }
  }
  throw new Error(
    "this TypeScript program needs a TypeScript compiler (as pulumi's ts-node does): run npm install --save-dev typescript in the program's folder",
  );
}
