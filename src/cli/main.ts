/**
 * The gradfit executable: commander wiring, flags to options, exit codes, stdout/stderr.
 * Each command's module is imported only when that command runs, so that `gradfit grad`
 * never initialises the CSV reader or the chart library (in the CommonJS bundle these imports
 * become lazy initialisers).
 */
import { Command, CommanderError, Option } from 'commander';
import { addFlags, once, CHECK_FLAGS, CSV_FLAGS, FIT_CHECK_FLAGS, OPTIMISER_FLAGS, OUTPUT_FLAGS, SEARCH_FLAGS } from './options.js';
import { FIT_EXAMPLES, GRAD_EXAMPLES, MINIMIZE_EXAMPLES, PREDICT_EXAMPLES, PROGRAM_EXAMPLES } from './help.js';
import { EXIT, oneLine, reportError } from './exit.js';
import { writeErr, writeOut } from './output.js';
import { VERSION } from './version.js';
import { shownName } from '../names.js';

/** Commands (and aliases) whose run needs no other command's options. */
const COMMANDS_RUN_ALONE: ReadonlyMap<string, string> = new Map([
  ['grad', 'grad'],
  ['minimize', 'minimize'],
  ['minimise', 'minimize'],
  ['fit', 'fit'],
  ['predict', 'predict'],
  ['columns', 'columns'],
]);

/** Run an action and turn whatever it throws into the one-line error and its exit code. */
function action<A extends unknown[]>(run: (...args: A) => Promise<number> | number) {
  return async (...args: A): Promise<void> => {
    try {
      process.exitCode = await run(...args);
    } catch (e) {
      process.exitCode = reportError(e);
    }
  };
}

/**
 * The program. With `argv`, a run that names a command first (`gradfit fit ...`) gets the options
 * of that command only: making the others' (a hundred Option objects) is about a millisecond of
 * every start. Help, completion and anything else get every command whole.
 */
export function buildProgram(argv: readonly string[] = []): Command {
  const only = COMMANDS_RUN_ALONE.get(argv[0] ?? '');
  const wanted = (name: string) => only === undefined || only === name;
  const program = new Command('gradfit')
    .description('Fit curves to data and minimise expressions, with exact gradients from an embedded autograd engine.')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .helpCommand(false)
    .addHelpText('before', PROGRAM_EXAMPLES + '\n')
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => writeOut(s),
      writeErr: (s) => writeErr(s),
      outputError: (s, write) => write(`gradfit: ${oneLine(s)}\n`),
    })
    .exitOverride();

  const grad = program
    .command('grad')
    .description('value and every partial derivative of EXPR at a point, by the engine\'s backward pass')
    .argument('<expr>', 'the expression, e.g. "w*x+b"')
    .addHelpText('before', GRAD_EXAMPLES + '\n')
    .action(action(async (expr: string, o) => (await import('./commands/grad.js')).gradCommand(expr, o)));
  if (wanted('grad')) {
    grad
      .option('--at <name=value,...>', 'the point: a value for every variable', (v: string, prev?: string[]) => [...(prev ?? []), v])
      .addOption(new Option('--graph [format]', "print the computational graph: a tree, or 'dot' for Graphviz"));
    addFlags(grad, OUTPUT_FLAGS.filter((f) => f.flags !== '--no-chart'));
  }

  const minimize = program
    .command('minimize')
    .alias('minimise')
    .description('minimum of EXPR over all its variables')
    .argument('<expr>', 'the expression, e.g. "3*x^2+2*x-1.2"')
    .addHelpText('before', MINIMIZE_EXAMPLES + '\n')
    .action(action(async (expr: string, o) => (await import('./commands/minimize.js')).minimizeCommand(expr, o)));
  if (wanted('minimize')) {
    minimize
      .addOption(once(new Option('--method <method>', 'lbfgs (default: no tuning needed), gd (the textbook loop), momentum, adam')))
      .option('--trace', 'write one CSV row per step (step,f,<variables>) to stdout; the summary goes to stderr');
    addFlags(minimize, [...OPTIMISER_FLAGS, ...SEARCH_FLAGS, ...CHECK_FLAGS, ...OUTPUT_FLAGS]);
  }

  const fit = program
    .command('fit')
    .description('least-squares fit of a polynomial or any model to CSV data (FILE, -, or piped stdin)')
    .argument('[file]', 'CSV file; - or none reads stdin')
    .addHelpText('before', FIT_EXAMPLES + '\n')
    .action(action(async (file: string | undefined, o) => (await import('./commands/fit.js')).fitCommand(file, o)));
  if (wanted('fit')) {
    fit
      .addOption(once(new Option('--degree <n>', 'polynomial of degree n in x: parameters c0..cn (ck multiplies x^k); auto or auto:MAX picks 0..MAX (default 10) by AICc')))
      .addOption(once(new Option('--model <expr>', 'any model: CSV column names and x are data, other names are parameters')))
      .addOption(once(new Option('--method <method>', 'lm (default: Levenberg–Marquardt, exact Jacobian), gd, momentum, adam, lbfgs')))
      .option('--global', 'search for the fit even when --start gives every parameter (the start is one candidate)')
      .option('--bounds <name=lo:hi,...>', 'box constraints (a side may be empty or inf); repeatable', (v: string, prev: string[] | undefined) => [...(prev ?? []), v])
      .option('--fix <name=value,...>', 'hold parameters at these values; repeatable', (v: string, prev: string[] | undefined) => [...(prev ?? []), v])
      .addOption(once(new Option('--loss <loss>', 'robust loss, as scipy least_squares: linear, huber, soft-l1 (or soft_l1), cauchy, arctan (default linear)')))
      .addOption(once(new Option('--f-scale <s>', 'residual size beyond which a robust loss down-weights (default 1)')))
      .option('--absolute-sigma', 'with --sigma: sigma is absolute, the covariance is not scaled by the reduced chi-square')
      .addOption(once(new Option('--group <col>', 'fit the model to each group of rows separately: a column (name, 1-based index or $N) whose values name the groups')))
      .addOption(once(new Option('--shared <names>', 'with --group: one joint fit in which these parameters are common to all groups; the others are per group, named name[group]')))
      .addOption(once(new Option('--save <file.json>', 'write the fitted model for gradfit predict (with --group: a name holding {group}, one file per group)')))
      .addOption(once(new Option('--level <p>', 'confidence level of the intervals and the plotted band (default 0.95)')))
      .addOption(once(new Option('--intervals <method>', 'confidence intervals: wald (value ± t·stderr, the default) or profile (profile likelihood, as R\'s confint for nls)')))
      .option('--plot', 'draw the data and the fitted curve in the terminal')
      .addOption(once(new Option('--plot-file <file.svg>', 'write an SVG picture of the data, the fit, the residuals and the loss')))
      .addOption(once(new Option('--save-fold <file.fold>', 'also write the fold of this part of the data (a model linear in its parameters), for a later fit --folds')))
      .option('--folds <file.fold...>', 'fit from the folds of parts of the data (written by --save-fold): the same fit as over all their rows');
    addFlags(fit, [...CSV_FLAGS, ...OPTIMISER_FLAGS, ...CHECK_FLAGS, ...FIT_CHECK_FLAGS, ...OUTPUT_FLAGS]);
  }

  const predict = program
    .command('predict')
    .description('write x,y rows of a saved model (from fit --save) at the x values of FILE or stdin')
    .argument('<model>', 'model file written by gradfit fit --save')
    .argument('[file]', 'x values: CSV with the model\'s column names, or one number per line; - or none reads stdin')
    .addHelpText('before', PREDICT_EXAMPLES + '\n')
    .action(action(async (model: string, file: string | undefined, o) => (await import('./commands/predict.js')).predictCommand(model, file, o)));
  if (wanted('predict')) {
    predict
      .addOption(once(new Option('--interval <kind>', 'add lower,upper columns: a confidence band for the curve, or a prediction band for new observations')))
      .addOption(once(new Option('--level <p>', 'confidence level of the band (default 0.95)')));
    addFlags(predict, CSV_FLAGS.filter((f) => ['--delimiter <c>', '--decimal <c>', '--header', '--no-header', '--skip-invalid'].includes(f.flags)));
  }

  program
    .command('completion')
    .description('print a shell completion script: source <(gradfit completion bash)')
    .argument('<shell>', 'bash, zsh or fish')
    .action(
      action(async (shell: string) => {
        const { completionScript } = await import('./completion.js');
        const { FIT_METHODS } = await import('../fit/fit.js');
        const { MINIMIZE_METHODS } = await import('../minimize/minimize.js');
        writeOut(completionScript(shell, program, { fit: FIT_METHODS, minimize: MINIMIZE_METHODS }));
        return EXIT.ok;
      }),
    );

  // For completion scripts: a data file's column names, one per line.
  const columns = program
    .command('columns', { hidden: true })
    .description('the column names of a data file, one per line (for shell completion)')
    .argument('<file>', 'CSV file')
    .action(action(async (file: string, o) => (await import('./commands/columns.js')).columnsCommand(file, o)));
  if (wanted('columns')) {
    addFlags(columns, CSV_FLAGS.filter((f) => ['--delimiter <c>', '--header', '--no-header'].includes(f.flags)));
  }

  program
    .command('help')
    .description('help for a command, or for the expression syntax: gradfit help expressions; --man prints the manual page')
    .argument('[topic]', 'a command name, or "expressions"')
    .option('--man', 'print the whole help as a man page (roff): gradfit help --man | man -l -')
    .action(
      action(async (topic: string | undefined, o: { man?: boolean }) => {
        if (o.man) {
          const { manPage } = await import('./man.js');
          const help = await import('./help.js');
          const examples = { '': help.PROGRAM_EXAMPLES, grad: help.GRAD_EXAMPLES, minimize: help.MINIMIZE_EXAMPLES, fit: help.FIT_EXAMPLES, predict: help.PREDICT_EXAMPLES };
          writeOut(manPage(program, { version: VERSION, examples }));
          return EXIT.ok;
        }
        if (topic === undefined) {
          program.outputHelp();
          return EXIT.ok;
        }
        if (topic === 'expressions' || topic === 'expression' || topic === 'syntax') {
          const { expressionHelp } = await import('./help.js');
          const { functionNames } = await import('../expr/functions.js');
          writeOut(expressionHelp(functionNames()));
          return EXIT.ok;
        }
        const command = program.commands.find((c) => c.name() === topic || c.aliases().includes(topic));
        if (!command) {
          writeErr(`gradfit: error: no help for '${shownName(topic)}'; topics: grad, minimize, fit, predict, completion, expressions\n`);
          return EXIT.input;
        }
        command.outputHelp();
        return EXIT.ok;
      }),
    );
  return program;
}

/**
 * An expression that starts with '-' ("-x^2", "-exp(-x)") is not a flag: for the commands that
 * take an expression, a dash-token that names none of the command's flags is passed through as
 * an argument (a leading space keeps commander from reading it as a flag; the parser ignores it).
 */
export function protectExpressions(program: Command, argv: string[]): string[] {
  const name = argv.find((a) => !a.startsWith('-'));
  const command = program.commands.find((c) => c.name() === name || c.aliases().includes(name ?? ''));
  if (!command || !['grad', 'minimize'].includes(command.name())) return argv;
  const flags = new Set<string>(['-h', '--help']);
  for (const option of command.options) {
    if (option.short) flags.add(option.short);
    if (option.long) flags.add(option.long);
  }
  let seenCommand = false;
  return argv.map((token) => {
    if (!seenCommand) {
      seenCommand = token === name;
      return token;
    }
    if (token === '--' || token === '-' || !token.startsWith('-')) return token;
    const flag = token.split('=')[0];
    // A long-flag shape (--lrr) stays a flag, so that a typo gets commander's "did you mean".
    if (flags.has(flag) || /^--[A-Za-z][A-Za-z0-9-]*$/.test(flag)) return token;
    return ` ${token}`;
  });
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram(argv);
  try {
    await program.parseAsync(protectExpressions(program, argv), { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode === 0 ? EXIT.ok : EXIT.input;
      return;
    }
    process.exitCode = reportError(e);
  }
}

// Once the command is done (every output is written synchronously), exit at once instead of
// letting Node wind down its event loop and heap: about half a millisecond of every run.
void main(process.argv.slice(2)).then(() => process.exit());
