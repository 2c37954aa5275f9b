/**
 * The CLI's command-line layer: commands and options are declared once ({@link defineCommand}), and
 * both the parser (Node's `util.parseArgs`, in Node.js 18.3+, so it runs on every Node.js the
 * package supports) and the `--help` text are derived from those declarations, so they can't drift.
 *
 * Conventions (those of commander, which the CLI used before, so command lines keep working):
 * - an option key `tokenLifetime` is the flag `--token-lifetime`;
 * - `{ type: "boolean" }` is a switch, `true` when given; with `negated: true` it is `--no-<name>`
 *   and the value is `true` unless that is given;
 * - `{ type: "string", value: "<duration>" }` takes a value (`--duration 8s` or `--duration=8s`; the
 *   next argument is taken whatever it starts with); the last one given wins, or with
 *   `multiple: true` every one is kept in order; `choices` limits the values;
 * - `optionalValue: true` (`--policy [pack]`): the value is the next argument when that doesn't start
 *   with `-`, else `true`;
 * - `-h`/`--help` anywhere before `--` prints the help of what it follows and exits 0; arguments after
 *   `--` are positional.
 */
import { distance } from "fastest-levenshtein";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "../internal/cli-errors.ts";

/** A switch: `--json`. */
export interface FlagOption {
  readonly type: "boolean";
  readonly description: string;
  /** One letter, for `-x`. */
  readonly short?: string;
  /** Written `--no-<name>`: the value is `true` unless that is given. */
  readonly negated?: boolean;
}

/** An option with a value: `--duration <duration>`. */
export interface ValueOption {
  readonly type: "string";
  /** The value's name in help, without brackets: `duration` shows as `--duration <duration>`. */
  readonly value: string;
  readonly description: string;
  readonly short?: string;
  /** The value when the option is not given (shown in help). */
  readonly default?: string;
  /** Repeatable: every value given, in order. */
  readonly multiple?: boolean;
  /** The only values accepted (shown in help). */
  readonly choices?: readonly string[];
  /** `--name [value]`: the value may be left out (then it is `true`). Long options only. */
  readonly optionalValue?: boolean;
}

export type OptionSpec = FlagOption | ValueOption;
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** A positional argument: `[program]` (optional) or `<file>`. */
export interface ArgumentSpec {
  readonly name: string;
  readonly description: string;
  readonly optional?: boolean;
}

type ValueOf<O extends OptionSpec> = O extends FlagOption
  ? boolean
  : ValueOption extends O
    ? string | true | string[] // not a declaration but any option (the program's list of commands)
    : O extends { readonly multiple: true }
      ? string[]
      : O extends { readonly optionalValue: true }
        ? string | true
        : O extends { readonly choices: readonly (infer C extends string)[] }
          ? C
          : string;

type AlwaysSet<O extends OptionSpec> = O extends { readonly negated: true }
  ? true
  : O extends { readonly default: string }
    ? true
    : false;

/** The parsed options of a command: keys with a default (or negated switches) are always set. */
export type OptionValues<S extends OptionSpecs> = {
  -readonly [K in keyof S as AlwaysSet<S[K]> extends true ? K : never]: ValueOf<S[K]>;
} & {
  -readonly [K in keyof S as AlwaysSet<S[K]> extends true ? never : K]?: ValueOf<S[K]>;
};

/** The parsed positional arguments of a command, by name. */
export type ArgumentValues<A extends readonly ArgumentSpec[]> = {
  [P in A[number] as P["name"]]: P extends { readonly optional: true }
    ? string | undefined
    : ArgumentSpec extends P
      ? string | undefined // any command's
      : string;
};

/** What a command's `run` gets. */
export interface CommandInput<S extends OptionSpecs, A extends readonly ArgumentSpec[]> {
  options: OptionValues<S>;
  args: ArgumentValues<A>;
}

/** One command: its name, help texts, arguments, options and what it runs. */
export interface CommandSpec<
  S extends OptionSpecs = OptionSpecs,
  A extends readonly ArgumentSpec[] = readonly ArgumentSpec[],
> {
  readonly name: string;
  /** One sentence: the first paragraph of its help, and its line in the program's help. */
  readonly description: string;
  readonly arguments?: A;
  readonly options: S;
  /** Text after the options in its help (examples, requirements). */
  readonly epilogue?: string;
  /** Runs the command; resolves to the exit code. */
  run(input: CommandInput<S, A>): Promise<number>;
}

/** The whole program: its commands and the text around them. */
export interface ProgramSpec {
  readonly name: string;
  readonly description: string;
  readonly version: string;
  readonly commands: readonly CommandSpec[];
  /** Text at the end of the program's help. */
  readonly epilogue?: string;
}

/** Declares a command, keeping the literal types of its options for `run`'s input. */
export function defineCommand<const S extends OptionSpecs, const A extends readonly ArgumentSpec[] = []>(
  spec: CommandSpec<S, A>,
): CommandSpec<S, A> {
  for (const [key, o] of Object.entries(spec.options)) {
    if (key === "help" || o.short === "h") throw new Error(`${spec.name}: --help and -h are built in`);
    if (o.short !== undefined && o.short.length !== 1)
      throw new Error(`${spec.name} ${key}: short is one letter`);
    if (o.type === "string" && o.optionalValue && o.short) throw new Error(`${spec.name} ${key}: long only`);
  }
  return spec;
}

/** A command line the program can't run: exit code 2, printed with a hint. */
export class ArgumentError extends UsageError {
  /** Extra lines after the error: a "did you mean" and where to find the usage. */
  readonly hints: string[];

  constructor(message: string, hints: string[]) {
    super(message);
    this.name = "ArgumentError";
    this.hints = hints;
  }
}

/** What a command line asks for. */
export type ParsedCommandLine =
  | { readonly action: "help"; readonly text: string }
  | { readonly action: "version"; readonly text: string }
  | {
      readonly action: "run";
      readonly command: CommandSpec;
      readonly input: CommandInput<OptionSpecs, readonly ArgumentSpec[]>;
    };

const HELP_DESCRIPTION = "display help for command";
const HELP_TERM = "-h, --help";
const VERSION_TERM = "-V, --version";

/** `tokenLifetime` -> `token-lifetime`. */
function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** The long flag of an option: `--token-lifetime`, `--no-preview`. */
export function longFlag(key: string, o: OptionSpec): string {
  return `--${o.type === "boolean" && o.negated ? "no-" : ""}${kebab(key)}`;
}

/** The option as help writes it: `-c, --config <key=value>`, `--policy [pack]`. */
export function optionTerm(key: string, o: OptionSpec): string {
  const flags = `${o.short ? `-${o.short}, ` : ""}${longFlag(key, o)}`;
  if (o.type === "boolean") return flags;
  return `${flags} ${o.optionalValue ? `[${o.value}]` : `<${o.value}>`}`;
}

function argumentTerm(a: ArgumentSpec): string {
  return a.optional ? `[${a.name}]` : `<${a.name}>`;
}

/** The nearest of `candidates` to a mistyped `word`, when it is near enough to be what was meant. */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = distance(word, c);
    const similarity = (Math.max(word.length, c.length) - d) / Math.max(word.length, c.length);
    if (d < bestDistance && d < 3 && similarity > 0.4) [best, bestDistance] = [c, d];
  }
  return best;
}

function usageHint(program: ProgramSpec, command?: CommandSpec): string {
  return `(run \`${program.name}${command ? ` ${command.name}` : ""} --help\` for usage)`;
}

function fail(
  program: ProgramSpec,
  command: CommandSpec | undefined,
  message: string,
  meant?: string,
): never {
  throw new ArgumentError(message, [
    ...(meant ? [`(Did you mean ${meant}?)`] : []),
    usageHint(program, command),
  ]);
}

/** Parses `args` (the command line after the program name). Throws {@link ArgumentError}. */
export function parseCommandLine(program: ProgramSpec, args: readonly string[]): ParsedCommandLine {
  const names = program.commands.map((c) => c.name);
  let i = 0;
  for (; i < args.length && args[i].startsWith("-"); i++) {
    const a = args[i];
    if (a === "-h" || a === "--help") return { action: "help", text: programHelp(program) };
    if (a === "-V" || a === "--version") return { action: "version", text: `${program.version}\n` };
    if (a === "--") {
      i++;
      break;
    }
    fail(program, undefined, `unknown option '${a}'`, nearest(a, ["--help", "--version"]));
  }
  const name = args[i];
  if (name === undefined) return { action: "help", text: programHelp(program) };
  if (name === "help") {
    const about = args[i + 1];
    if (about === undefined || about === "help") return { action: "help", text: programHelp(program) };
    const command = program.commands.find((c) => c.name === about);
    if (!command) fail(program, undefined, `unknown command '${about}'`, nearest(about, names));
    return { action: "help", text: commandHelp(program, command) };
  }
  const command = program.commands.find((c) => c.name === name);
  if (!command) fail(program, undefined, `unknown command '${name}'`, nearest(name, [...names, "help"]));
  return parseCommand(program, command, args.slice(i + 1));
}

function parseCommand(
  program: ProgramSpec,
  command: CommandSpec,
  args: readonly string[],
): ParsedCommandLine {
  const byFlag = new Map<string, [key: string, spec: OptionSpec]>();
  const config: NonNullable<ParseArgsConfig["options"]> = { help: { type: "boolean", short: "h" } };
  for (const [key, o] of Object.entries(command.options)) {
    const flag = longFlag(key, o).slice(2);
    byFlag.set(flag, [key, o]);
    config[flag] = { type: o.type, ...(o.short ? { short: o.short } : {}) };
  }

  // An optional value left out: parseArgs would take the next argument, so give it an empty inline
  // value and remember where (the positions parseArgs reports stay the same).
  const given = [...args];
  const bare = new Set<number>();
  for (let i = 0; i < given.length && given[i] !== "--"; i++) {
    const a = given[i];
    const option = a.startsWith("--")
      ? byFlag.get(a.slice(2))
      : a.length === 2 && a.startsWith("-")
        ? [...byFlag.values()].find(([, o]) => o.short === a[1])
        : undefined;
    if (!option || option[1].type !== "string") continue;
    const next = given[i + 1];
    if (!option[1].optionalValue)
      i++; // its value, whatever it looks like
    else if (next === undefined || next.startsWith("-")) {
      given[i] += "=";
      bare.add(i);
    }
  }

  const { tokens } = parseArgs({
    args: given,
    options: config,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  if (tokens.some((t) => t.kind === "option" && t.name === "help"))
    return { action: "help", text: commandHelp(program, command) };

  const options: Record<string, string | boolean | string[]> = {};
  const positionals: string[] = [];
  const flags = ["--help", ...[...byFlag.keys()].map((f) => `--${f}`)];
  for (const t of tokens) {
    if (t.kind === "positional") positionals.push(t.value);
    if (t.kind !== "option") continue;
    const found = byFlag.get(t.name) ?? [...byFlag.values()].find(([, o]) => o.short === t.name);
    if (!found) fail(program, command, `unknown option '${t.rawName}'`, nearest(t.rawName, flags));
    const [key, o] = found;
    const term = optionTerm(key, o);
    if (o.type === "boolean") {
      if (t.value !== undefined) fail(program, command, `option '${term}' takes no value (got '${t.value}')`);
      options[key] = !o.negated;
      continue;
    }
    if (bare.has(t.index)) {
      options[key] = true;
      continue;
    }
    if (t.value === undefined) fail(program, command, `option '${term}' argument missing`);
    if (o.choices && !o.choices.includes(t.value))
      fail(program, command, `${longFlag(key, o)} "${t.value}" is not one of ${o.choices.join(", ")}`);
    const previous = options[key];
    options[key] = o.multiple ? [...(Array.isArray(previous) ? previous : []), t.value] : t.value;
  }
  for (const [key, o] of Object.entries(command.options)) {
    if (key in options) continue;
    if (o.type === "boolean" && o.negated) options[key] = true;
    if (o.type === "string" && o.default !== undefined) options[key] = o.default;
  }

  const declared = command.arguments ?? [];
  if (positionals.length > declared.length) {
    const expected = `${declared.length} argument${declared.length === 1 ? "" : "s"}`;
    fail(
      program,
      command,
      `too many arguments for '${command.name}'. Expected ${expected} but got ${positionals.length}: ${positionals.join(", ")}.`,
    );
  }
  const named: Record<string, string | undefined> = {};
  declared.forEach((a, n) => {
    if (positionals[n] === undefined && !a.optional)
      fail(program, command, `missing required argument '${a.name}'`);
    named[a.name] = positionals[n];
  });
  return { action: "run", command, input: { options, args: named } };
}

// ---- help ----

const HELP_WIDTH = 80;

/** Wraps `text` to `width` columns (words longer than a line stay whole). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    let current = "";
    for (const word of paragraph.split(/ +/)) {
      if (current && current.length + 1 + word.length > width) {
        lines.push(current);
        current = word;
      } else current = current ? `${current} ${word}` : word;
    }
    lines.push(current);
  }
  return lines;
}

/** A two-column section: terms padded to `pad`, descriptions wrapped beside them. */
function section(title: string, rows: readonly (readonly [string, string])[], pad: number): string {
  const indent = 2 + pad + 2;
  const body = rows.map(([term, text]) => {
    const [first = "", ...rest] = wrap(text, Math.max(HELP_WIDTH - indent, 30));
    return [`  ${term.padEnd(pad)}  ${first}`, ...rest.map((l) => " ".repeat(indent) + l)].join("\n");
  });
  return `${title}:\n${body.join("\n")}`;
}

function optionText(o: OptionSpec): string {
  const extras: string[] = [];
  if (o.type === "string" && o.choices)
    extras.push(`choices: ${o.choices.map((c) => JSON.stringify(c)).join(", ")}`);
  if (o.type === "string" && o.default !== undefined) extras.push(`default: ${JSON.stringify(o.default)}`);
  if (o.type === "string" && o.multiple) extras.push("repeatable");
  return extras.length ? `${o.description} (${extras.join(", ")})` : o.description;
}

function page(
  usage: string,
  description: string,
  sections: (readonly [string, (readonly [string, string])[]])[],
  epilogue?: string,
): string {
  const pad = Math.max(...sections.flatMap(([, rows]) => rows.map(([term]) => term.length)));
  return (
    [
      `Usage: ${usage}`,
      wrap(description, HELP_WIDTH).join("\n"),
      ...sections.filter(([, rows]) => rows.length > 0).map(([title, rows]) => section(title, rows, pad)),
      ...(epilogue ? [epilogue] : []),
    ].join("\n\n") + "\n"
  );
}

/** The command's `--help`: usage, description, arguments, options (from the declarations), epilogue. */
export function commandHelp(program: ProgramSpec, command: CommandSpec): string {
  const args = command.arguments ?? [];
  return page(
    `${program.name} ${command.name} [options]${args.map((a) => ` ${argumentTerm(a)}`).join("")}`,
    command.description,
    [
      ["Arguments", args.map((a) => [a.name, a.description] as const)],
      [
        "Options",
        [
          ...Object.entries(command.options).map(([key, o]) => [optionTerm(key, o), optionText(o)] as const),
          [HELP_TERM, HELP_DESCRIPTION] as const,
        ],
      ],
    ],
    command.epilogue,
  );
}

/** The program's `--help`: its options, one line per command, epilogue. */
export function programHelp(program: ProgramSpec): string {
  const usage = (c: CommandSpec): string =>
    [
      c.name,
      ...(Object.keys(c.options).length ? ["[options]"] : []),
      ...(c.arguments ?? []).map(argumentTerm),
    ].join(" ");
  return page(
    `${program.name} [options] [command]`,
    program.description,
    [
      [
        "Options",
        [
          [VERSION_TERM, "output the version number"],
          [HELP_TERM, HELP_DESCRIPTION],
        ],
      ],
      [
        "Commands",
        [
          ...program.commands.map((c) => [usage(c), c.description] as const),
          ["help [command]", HELP_DESCRIPTION] as const,
        ],
      ],
    ],
    program.epilogue,
  );
}
