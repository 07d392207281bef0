/**
 * Every flag, declared once as data and handed to commander; help is generated from the same
 * data. Values arrive as strings and are checked in settings.ts, so that every bad value gets
 * the same kind of one-line error and exit code 2.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { InputError } from '../errors.js';
import { shownName } from '../names.js';

export interface FlagSpec {
  flags: string;
  description: string;
  /** Repeatable: values are collected into a list (--start a=1 --start b=2). */
  repeat?: boolean;
  choices?: readonly string[];
}

export const OUTPUT_FLAGS: FlagSpec[] = [
  { flags: '--json', description: 'print exactly one JSON document on stdout (same as --format json)' },
  { flags: '--format <format>', description: 'output format', choices: ['text', 'json', 'csv'] },
  { flags: '-q, --quiet', description: 'print only the result line(s)' },
  { flags: '--digits <n>', description: 'significant digits in text output (default 6 for fit, 12 for minimize; JSON is always full precision)' },
  { flags: '--no-chart', description: 'leave out the chart' },
  { flags: '--no-color', description: 'no colour (also NO_COLOR=1; FORCE_COLOR=1 forces it on)' },
];

export const OPTIMISER_FLAGS: FlagSpec[] = [
  { flags: '--start <name=value,...>', description: 'starting point', repeat: true },
  { flags: '--lr <rate>', description: 'learning rate of gd, momentum and adam' },
  { flags: '--max-steps <n>', description: 'step (iteration) cap' },
  { flags: '--tol <t>', description: 'gradient-norm tolerance' },
  { flags: '--seed <n>', description: 'draw starting values not given by --start from a seeded normal distribution' },
  { flags: '--strict', description: 'exit 3 when the run stops at the step cap without converging' },
];

/** minimize's global search. */
export const SEARCH_FLAGS: FlagSpec[] = [
  { flags: '--global', description: 'deterministic global search: screen a box, run the local method from the best points, report the lowest minimum' },
  { flags: '--range <name=lo:hi,...>', description: 'the box of --global for these variables (implies --global; others: start ± max(10, 10·|start|))', repeat: true },
];

export const CHECK_FLAGS: FlagSpec[] = [
  { flags: '--expect <name=value,...>', description: 'each value must match within --rtol/--atol, else exit 1', repeat: true },
  { flags: '--baseline <file.json>', description: 'compare with an earlier --json result, else exit 1' },
  { flags: '--rtol <r>', description: 'relative tolerance of --expect and --baseline (default 1e-3)' },
  { flags: '--atol <a>', description: 'absolute tolerance of --expect and --baseline (default 0)' },
  { flags: '--junit <file.xml>', description: 'write every check as a JUnit XML test case (also when all pass)' },
];

export const FIT_CHECK_FLAGS: FlagSpec[] = [
  { flags: '--sigma-tol <k>', description: 'with --baseline: fail a parameter that moved by more than k combined standard errors √(se² + se_base²); --rtol/--atol then apply only if given' },
  { flags: '--max-rmse <x>', description: 'fail (exit 1) when the RMSE is above x' },
  { flags: '--min-r2 <x>', description: 'fail (exit 1) when R² is below x' },
];

export const CSV_FLAGS: FlagSpec[] = [
  { flags: '-x, --x-column <col>', description: 'the column x stands for, by header name or 1-based index (default: the first column, past row names, that the model does not name)' },
  { flags: '-y, --y-column <col>', description: 'response: a column by name or index, or an expression of columns such as "log(Volume)" (default: the next free column)' },
  { flags: '--sigma <col>', description: 'per-row standard deviations (a column or an expression of columns): weighted least squares' },
  { flags: '--where <expr>', description: 'keep only the rows where this condition of columns holds, e.g. "Time > 0" or "$3 == 2"' },
  { flags: '--decimal <c>', description: "decimal separator: '.' (default) or ',' (then ';' is the default delimiter)" },
  { flags: '--delimiter <c>', description: "field separator: ',' ';' 'tab' 'space' (runs of whitespace) or any character (default: detected)" },
  { flags: '--header', description: 'the first row is column names, even numbers (pandas writes 0,1,... over unnamed columns)' },
  { flags: '--no-header', description: 'the first row is data, not column names, and no comment line gives names' },
  { flags: '--skip-invalid', description: 'drop rows whose cells are not numbers, and say how many' },
];

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** The name a user typed for an option: its long flag, else its short one. */
function flagName(option: Option): string {
  return option.long ?? option.short ?? option.flags;
}

/**
 * An option that takes one value may be given once: a second --degree (or --model, --format, ...)
 * is an error naming the flag, never a silent choice of the last one.
 */
export function once(option: Option): Option {
  const choices = option.argChoices;
  return option.argParser((value: string, previous: unknown) => {
    if (previous !== undefined) throw new InputError(`${flagName(option)} is given twice ('${shownName(String(previous))}' and '${shownName(value)}'); give it once`);
    if (choices && !choices.includes(value)) {
      throw new InvalidArgumentError(`Allowed choices are ${choices.join(', ')}.`);
    }
    return value;
  });
}

export function addFlags(command: Command, specs: readonly FlagSpec[]): Command {
  for (const spec of specs) {
    const option = new Option(spec.flags, spec.description);
    if (spec.choices) option.choices(spec.choices);
    if (spec.repeat) option.argParser(collect);
    else if (option.required || option.optional) once(option);
    command.addOption(option);
  }
  return command;
}
