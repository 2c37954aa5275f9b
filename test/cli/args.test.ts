/**
 * The CLI's option layer (src/cli/args.ts): the command lines the commands are documented with parse
 * to the values the commands get, usage errors name what is wrong, and --help is generated from the
 * same declarations the parser uses (every declared option and default shows up; nothing else).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  ArgumentError,
  commandHelp,
  defineCommand,
  longFlag,
  nearest,
  optionTerm,
  parseCommandLine,
  programHelp,
  type ProgramSpec,
} from "../../src/cli/args.ts";
import { cliProgram } from "../../src/cli/program.ts";

const sample = defineCommand({
  name: "sample",
  description: "a command for the tests",
  arguments: [{ name: "target", description: "what to work on", optional: true }],
  options: {
    json: { type: "boolean", description: "JSON output" },
    preview: { type: "boolean", negated: true, description: "skip the preview" },
    config: { type: "string", short: "c", value: "key=value", multiple: true, description: "a config value" },
    policy: { type: "string", value: "pack", optionalValue: true, description: "run a policy pack" },
    stack: { type: "string", value: "name", description: "stack name", default: "preview" },
    kind: { type: "string", value: "kind", description: "a kind", choices: ["a", "b"], default: "a" },
    tokenLifetime: { type: "string", value: "duration", description: "token lifetime" },
  },
  epilogue: "Examples:\n  tool sample",
  run(input) {
    // The declarations type the input: these lines don't compile when a type is off.
    const json: boolean | undefined = input.options.json;
    const preview: boolean = input.options.preview;
    const config: string[] | undefined = input.options.config;
    const policy: string | true | undefined = input.options.policy;
    const stack: string = input.options.stack;
    const kind: "a" | "b" = input.options.kind;
    const target: string | undefined = input.args.target;
    void [json, preview, config, policy, stack, kind, target];
    return Promise.resolve(0);
  },
});
const program: ProgramSpec = {
  name: "tool",
  description: "a program for the tests",
  version: "1.2.3",
  commands: [sample],
  epilogue: "Docs: https://example.org/docs",
};

function parse(...args: string[]) {
  const r = parseCommandLine(program, args);
  assert.equal(r.action, "run");
  return r.input;
}

function usageError(args: string[], message: RegExp, hint?: RegExp): void {
  assert.throws(
    () => parseCommandLine(program, args),
    (err: unknown) => {
      assert.ok(err instanceof ArgumentError, String(err));
      assert.equal(err.exitCode, 2);
      assert.match(err.message, message);
      if (hint) assert.match(err.hints.join("\n"), hint);
      return true;
    },
  );
}

test("defaults and negated switches are set when not given; other options are left out", () => {
  const { options, args } = parse("sample");
  assert.deepEqual(options, { preview: true, stack: "preview", kind: "a" });
  assert.deepEqual(args, { target: undefined });
});

test("values, repeated values, inline values, short options and the positional argument", () => {
  const { options, args } = parse(
    "sample",
    "dir",
    "--json",
    "--no-preview",
    "-c",
    "a=1",
    "--config=b=2",
    "-cc=3",
    "--stack",
    "dev",
    "--stack",
    "prod",
    "--token-lifetime",
    "8s",
  );
  assert.deepEqual(options, {
    json: true,
    preview: false,
    config: ["a=1", "b=2", "c=3"],
    stack: "prod",
    kind: "a",
    tokenLifetime: "8s",
  });
  assert.deepEqual(args, { target: "dir" });
});

test("a value is the next argument even when it starts with a dash", () => {
  assert.equal(parse("sample", "--stack", "--json").options.stack, "--json");
  assert.deepEqual(parse("sample", "-c", "--policy").options.config, ["--policy"]);
  assert.equal(parse("sample", "-c", "--policy").options.policy, undefined);
});

test("an optional value: the next argument unless it is an option, else true", () => {
  assert.equal(parse("sample", "--policy").options.policy, true);
  assert.equal(parse("sample", "--policy", "--json").options.policy, true);
  assert.equal(parse("sample", "--policy", "--json").options.json, true);
  const named = parse("sample", "--policy", "packs/mine");
  assert.equal(named.options.policy, "packs/mine");
  assert.equal(named.args.target, undefined);
  assert.equal(parse("sample", "--policy=packs/mine").options.policy, "packs/mine");
  const after = parse("sample", "dir", "--policy");
  assert.deepEqual([after.args.target, after.options.policy], ["dir", true]);
});

test("after --, everything is positional", () => {
  const r = parse("sample", "--", "--json");
  assert.deepEqual(r.args, { target: "--json" });
  assert.equal(r.options.json, undefined);
});

test("usage errors name the option, the value or the command, with a suggestion when one is near", () => {
  usageError(["sample", "--frobnicate"], /^unknown option '--frobnicate'$/);
  usageError(["sample", "--jsno"], /^unknown option '--jsno'$/, /\(Did you mean --json\?\)/);
  usageError(["sample", "-x"], /^unknown option '-x'$/);
  usageError(["sample", "--stack"], /^option '--stack <name>' argument missing$/);
  usageError(["sample", "--json=yes"], /^option '--json' takes no value \(got 'yes'\)$/);
  usageError(["sample", "--kind", "c"], /^--kind "c" is not one of a, b$/);
  usageError(
    ["sample", "x", "y"],
    /^too many arguments for 'sample'\. Expected 1 argument but got 2: x, y\.$/,
  );
  usageError(["sampel"], /^unknown command 'sampel'$/, /\(Did you mean sample\?\)/);
  usageError(["deploy"], /^unknown command 'deploy'$/);
  usageError(["--frob"], /^unknown option '--frob'$/, /tool --help/);
  usageError(["sample", "--jsno"], /./, /\(run `tool sample --help` for usage\)/);
});

test("--help and -h anywhere before -- print the command's help; help <command> too; --version", () => {
  const help = commandHelp(program, sample);
  for (const args of [
    ["sample", "--help"],
    ["sample", "dir", "--frobnicate", "-h"],
    ["help", "sample"],
  ]) {
    assert.deepEqual(parseCommandLine(program, args), { action: "help", text: help });
  }
  assert.deepEqual(parseCommandLine(program, ["--help"]), { action: "help", text: programHelp(program) });
  assert.deepEqual(parseCommandLine(program, ["help"]), { action: "help", text: programHelp(program) });
  assert.deepEqual(parseCommandLine(program, ["-V"]), { action: "version", text: "1.2.3\n" });
  assert.equal(parseCommandLine(program, ["sample", "--", "--help"]).action, "run");
});

test("a command's help is generated from its declarations", () => {
  const help = commandHelp(program, sample);
  assert.equal(
    help,
    `Usage: tool sample [options] [target]

a command for the tests

Arguments:
  target                       what to work on

Options:
  --json                       JSON output
  --no-preview                 skip the preview
  -c, --config <key=value>     a config value (repeatable)
  --policy [pack]              run a policy pack
  --stack <name>               stack name (default: "preview")
  --kind <kind>                a kind (choices: "a", "b", default: "a")
  --token-lifetime <duration>  token lifetime
  -h, --help                   display help for command

Examples:
  tool sample
`,
  );
});

test("long descriptions wrap at 80 columns beside their option", () => {
  const wide = defineCommand({
    name: "wide",
    description: "d",
    options: { long: { type: "boolean", description: "word ".repeat(30).trim() } },
    run: () => Promise.resolve(0),
  });
  const lines = commandHelp(program, wide).split("\n");
  assert.ok(
    lines.every((l) => l.length <= 80),
    lines.join("\n"),
  );
  const at = lines.indexOf("  --long      word word word word word word word word word word word word word");
  assert.ok(at > 0, lines.join("\n"));
  assert.match(lines[at + 1], /^ {14}word/);
});

test("the program's help lists every command with its usage, then the epilogue", () => {
  const help = programHelp(program);
  assert.match(help, /^Usage: tool \[options\] \[command\]\n\na program for the tests\n/);
  assert.match(help, /\n {2}-V, --version +output the version number\n/);
  assert.match(help, /\n {2}sample \[options\] \[target\] +a command for the tests\n/);
  assert.match(help, /\n {2}help \[command\] +display help for command\n/);
  assert.ok(help.endsWith("\nDocs: https://example.org/docs\n"));
});

test("every option of every CLI command is in its help with its default, and parses", () => {
  for (const command of cliProgram.commands) {
    const help = commandHelp(cliProgram, command);
    // A value for each required positional (upgrade-state <export>), so each option parses alone.
    const positionals = (command.arguments ?? [])
      .filter((a) => a.optional !== true)
      .map((a) => `${a.name}.json`);
    for (const [key, o] of Object.entries(command.options)) {
      assert.ok(
        help.includes(`  ${optionTerm(key, o)}  `),
        `${command.name}: ${optionTerm(key, o)} not in help`,
      );
      for (const choice of o.type === "string" ? (o.choices ?? []) : [])
        assert.ok(
          help.includes(JSON.stringify(choice)),
          `${command.name} ${longFlag(key, o)}: ${choice} not in help`,
        );
      if (o.type === "string" && o.default !== undefined)
        assert.ok(
          help.replace(/\s+/g, " ").includes(`default: ${JSON.stringify(o.default)}`),
          `${key} default`,
        );
      const value = o.type === "string" ? (o.choices?.[0] ?? "v") : undefined;
      const r = parseCommandLine(cliProgram, [
        command.name,
        ...positionals,
        longFlag(key, o),
        ...(value ? [value] : []),
      ]);
      assert.equal(r.action, "run");
      assert.ok(key in r.input.options, `${command.name} ${longFlag(key, o)}`);
    }
  }
});

test("declarations that would clash with the built-in help, or can't be parsed, are refused", () => {
  const run = () => Promise.resolve(0);
  assert.throws(
    () =>
      defineCommand({
        name: "x",
        description: "",
        options: { help: { type: "boolean", description: "" } },
        run,
      }),
    /built in/,
  );
  assert.throws(
    () =>
      defineCommand({
        name: "x",
        description: "",
        options: { hat: { type: "boolean", short: "h", description: "" } },
        run,
      }),
    /built in/,
  );
  assert.throws(
    () =>
      defineCommand({
        name: "x",
        description: "",
        options: { p: { type: "string", value: "v", short: "p", optionalValue: true, description: "" } },
        run,
      }),
    /long only/,
  );
});

test("suggestions: near words only", () => {
  assert.equal(nearest("--jsno", ["--json", "--stack"]), "--json");
  assert.equal(nearest("dem", ["demo", "doctor"]), "demo");
  assert.equal(nearest("deploy", ["demo", "doctor", "local"]), undefined);
  assert.equal(nearest("--x", ["--json"]), undefined);
});
