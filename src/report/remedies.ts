/**
 * Remedies worded for the person reading them. The optimisers and the fit say what to change as
 * data (optim/types.ts, Remedy); the command line names its flags, the library its options.
 */
import type { Remedy } from '../optim/index.js';

/** How an option is named: as a command-line flag, or as an option of the library's functions. */
export type Vocabulary = 'flags' | 'options';

const NAMES = {
  flags: { start: '--start', lr: '--lr', method: '--method', maxSteps: '--max-steps', global: '--global', range: '--range' },
  options: { start: 'start', lr: 'lr', method: 'method', maxSteps: 'maxSteps', global: 'global: true', range: 'range' },
} as const;

/** One remedy as a phrase, e.g. "try another --start". */
export function wordRemedy(r: Remedy, vocabulary: Vocabulary = 'flags'): string {
  const n = NAMES[vocabulary];
  switch (r.kind) {
    case 'start':
      return r.how === 'another'
        ? `try another ${n.start}`
        : r.how === 'nearer'
          ? `give starting values nearer the answer with ${n.start}`
          : `try without ${n.start} (gradfit then searches for the fit)`;
    case 'smaller-lr':
      return `try a smaller ${n.lr}`;
    case 'method':
      return `use ${vocabulary === 'flags' ? `--method ${r.method}` : `method '${r.method}'`}${r.why ? (r.why.startsWith('(') ? ` ${r.why}` : `, ${r.why}`) : ''}`;
    case 'more-steps':
      return `raise ${n.maxSteps}`;
    case 'global':
      return r.why ? `${n.global} ${r.why}` : `add ${n.global}`;
    case 'range-is-not-a-bound':
      return `(${n.range} only says where the search looks; it does not bound the variables)`;
    case 'note':
      return r.text;
  }
}

/**
 * The remedies as one hint: a note first stands on its own ("no minimum was found here; try
 * another --start, or use --method lbfgs, ..."), the alternatives after it are joined by "or",
 * and the range's aside follows the sentence it qualifies.
 */
export function wordRemedies(remedies: readonly Remedy[], vocabulary: Vocabulary = 'flags'): string {
  let text = '';
  let joiner = '';
  for (const r of remedies) {
    const phrase = wordRemedy(r, vocabulary);
    if (r.kind === 'range-is-not-a-bound') text += ` ${phrase}`;
    else text += text === '' ? phrase : `${joiner}${phrase}`;
    joiner = r.kind === 'note' ? '; ' : ', or ';
  }
  return text;
}

/** "what happened; what to try": a failure as one sentence. */
export function failureText(f: { message: string; remedies: readonly Remedy[] }, vocabulary: Vocabulary = 'flags'): string {
  const hint = wordRemedies(f.remedies, vocabulary);
  return hint ? `${f.message}; ${hint}` : f.message;
}
