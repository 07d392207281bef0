import { describe, expect, it } from 'vitest';
import { failureText, wordRemedies } from '../../src/report/remedies.js';
import type { Remedy } from '../../src/optim/index.js';
import { renderJson } from '../../src/report/json.js';

describe('remedies: the layers below the CLI say what to change, the CLI and the library word it', () => {
  const notMinimum: Remedy[] = [
    { kind: 'note', text: 'no minimum was found here' },
    { kind: 'start', how: 'another' },
    { kind: 'method', method: 'lbfgs', why: 'which goes on from the lower point' },
  ];

  it('names flags on the command line', () => {
    expect(wordRemedies(notMinimum)).toBe('no minimum was found here; try another --start, or use --method lbfgs, which goes on from the lower point');
    expect(wordRemedies([{ kind: 'more-steps' }, { kind: 'start', how: 'omit' }, { kind: 'global' }])).toBe(
      'raise --max-steps, or try without --start (gradfit then searches for the fit), or add --global',
    );
  });

  it('names options in the library, and no flag at all', () => {
    const all: Remedy[] = [...notMinimum, { kind: 'smaller-lr' }, { kind: 'more-steps' }, { kind: 'global' }, { kind: 'start', how: 'nearer' }, { kind: 'range-is-not-a-bound' }];
    const text = wordRemedies(all, 'options');
    expect(text).not.toMatch(/--/);
    expect(text).toMatch(/method 'lbfgs'/);
    expect(text).toMatch(/maxSteps/);
  });

  it('a failure reads "what happened; what to try", and its JSON carries both the words and the data', () => {
    const failure = { step: 3, message: 'f is NaN at step 3', remedies: [{ kind: 'smaller-lr' }] as Remedy[] };
    expect(failureText(failure)).toBe('f is NaN at step 3; try a smaller --lr');
    expect(JSON.parse(renderJson({ failure }))).toEqual({ failure: { step: 3, message: 'f is NaN at step 3', hint: 'try a smaller --lr', remedies: [{ kind: 'smaller-lr' }] } });
  });
});
