// ESLint flat config: typescript-eslint with type information for the rules that need it (unused
// code, floating and misused promises). Formatting is Prettier's job (npm run format).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "dist/",
      ".tools/",
      "bench/results/",
      "examples/*/node_modules/",
      "test/**/fixtures/",
      "test/cli/programs/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: {
        // One TypeScript program for every linted file: tsconfig.json, the one `npm run typecheck`
        // checks, includes them all. (projectService opened each file's nearest tsconfig.json, so
        // examples/ and policy-pack/ each got a program of their own over src/ and Pulumi's
        // declarations: three programs, 109 CPU-s and 2.6 GB for `eslint .`; with one, 81 CPU-s.)
        // A file outside tsconfig.json is an error here: add it there rather than a program here.
        project: "./tsconfig.json",
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": [
        "error",
        {
          allowForKnownSafeCalls: [
            {
              from: "package",
              package: "node:test",
              name: ["test", "it", "describe", "suite", "before", "after"],
            },
          ],
        },
      ],
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { arguments: false } }],
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
      "@typescript-eslint/no-unnecessary-type-assertion": "error",
      "@typescript-eslint/no-explicit-any": "error",
      "no-empty": ["error", { allowEmptyCatch: true }],
      // RESP and terminal output are control characters by design.
      "no-control-regex": "off",
    },
  },
  {
    files: ["**/*.js", "**/*.cjs", "**/*.mjs"],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
