/**
 * `gradfit help --man`: the help as a man page (roff, man(7) macros), generated from the same
 * commander data as --help — every command, its arguments, flags and examples — so that the two
 * cannot disagree. The build writes it to dist/gradfit.1, which the package installs as a man page.
 */
import type { Command } from 'commander';

/** Text for roff: backslashes escaped, hyphens as \-, a line starting with . or ' protected. */
export function roff(text: string): string {
  return text
    .replace(/\\/g, '\\e')
    .replace(/-/g, '\\-')
    .split('\n')
    .map((line) => (/^[.']/.test(line) ? `\\&${line}` : line))
    .join('\n');
}

/** The examples block of a command's help text (the lines after "Examples:"), if any. */
function examples(text: string): string[] {
  const lines = text.split('\n');
  const start = lines.indexOf('Examples:');
  if (start < 0) return [];
  const out: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('  ')) break;
    out.push(line.slice(2));
  }
  return out;
}

function usage(c: Command): string {
  const args = (c as unknown as { registeredArguments: { name(): string; required: boolean }[] }).registeredArguments
    .map((a) => (a.required ? `${a.name().toUpperCase()}` : `[${a.name().toUpperCase()}]`));
  return [c.name(), ...args, '[options]'].join(' ');
}

export interface ManSections {
  version: string;
  /** Examples text per command name (the help texts' "Examples:" blocks), and '' for the program. */
  examples: Record<string, string>;
}

export function manPage(program: Command, info: ManSections): string {
  const out: string[] = [];
  const commands = program.commands.filter((c) => !(c as unknown as { _hidden?: boolean })._hidden);
  out.push(`.TH GRADFIT 1 "" "gradfit ${roff(info.version)}" "User Commands"`);
  out.push('.SH NAME', `gradfit \\- ${roff(program.description())}`);
  out.push('.SH SYNOPSIS');
  for (const c of commands) out.push('.br', `.B gradfit ${roff(usage(c))}`);
  out.push('.SH DESCRIPTION', roff(program.description()));
  out.push('Every flag below is also in', '.BR "gradfit COMMAND \\-\\-help" .');
  out.push('.SH COMMANDS');
  for (const c of commands) {
    out.push(`.SS "gradfit ${roff(usage(c))}"`);
    if (c.aliases().length > 0) out.push(`Also: ${roff(c.aliases().join(', '))}.`, '.br');
    out.push(roff(c.description()));
    for (const o of c.options) {
      if (o.hidden) continue;
      out.push('.TP', `.B ${roff(o.flags)}`);
      const choices = o.argChoices ? ` (one of: ${o.argChoices.join(', ')})` : '';
      out.push(roff(o.description + choices));
    }
    const ex = examples(info.examples[c.name()] ?? '');
    if (ex.length > 0) out.push('.PP', 'Examples:', '.PP', '.nf', '.RS 4', ...ex.map(roff), '.RE', '.fi');
  }
  out.push('.SH OPTIONS', '.TP', '.B \\-V, \\-\\-version', 'print the version', '.TP', '.B \\-h, \\-\\-help', 'show help');
  const top = examples(info.examples[''] ?? '');
  if (top.length > 0) out.push('.SH EXAMPLES', '.nf', '.RS 4', ...top.map(roff), '.RE', '.fi');
  out.push(
    '.SH EXIT STATUS',
    '.TP', '.B 0', 'success',
    '.TP', '.B 1', 'a regression check failed (\\-\\-expect, \\-\\-baseline, \\-\\-sigma\\-tol, \\-\\-max\\-rmse, \\-\\-min\\-r2)',
    '.TP', '.B 2', 'bad usage or bad input (flags, expression, file, CSV)',
    '.TP', '.B 3', 'the optimisation failed, or did not converge with \\-\\-strict; the parameters are still printed',
    '.SH ENVIRONMENT',
    '.TP', '.B NO_COLOR', 'no colour',
    '.TP', '.B FORCE_COLOR', 'colour even when the output is not a terminal',
    '.TP', '.B GITHUB_ACTIONS', 'when "true", failed checks are also printed as GitHub Actions workflow annotations (::error) on standard error',
    '.SH SEE ALSO',
    '.BR "gradfit help expressions"',
    'for the expression syntax;',
    '.BR "gradfit completion bash|zsh|fish"',
    'for shell completion.',
  );
  return `${out.join('\n')}\n`;
}
