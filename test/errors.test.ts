import { describe, expect, it } from 'vitest';
import { DataError } from '../src/data/errors.js';
import { InputError, option, wordOptions } from '../src/errors.js';

describe('option references: a lower layer names an option, each front end words it', () => {
  it('the command line says the flag, the library the option', () => {
    const template = `${option('start')} gives 'a', which ${option('fix')} holds at 3`;
    expect(wordOptions(template, 'flags')).toBe("--start gives 'a', which --fix holds at 3");
    expect(wordOptions(template, 'options')).toBe("`start` gives 'a', which `fix` holds at 3");
  });

  it("an error's message is the library's words, commandLineMessage() the CLI's, and option the first named", () => {
    const e = new InputError(`${option('absoluteSigma')} needs ${option('sigma')}`);
    expect(e.message).toBe('`absoluteSigma` needs `sigma`');
    expect(e.commandLineMessage()).toBe('--absolute-sigma needs --sigma');
    expect(e.option).toBe('absoluteSigma');
    expect(new InputError('no option here').option).toBeNull();
    expect(new DataError(`with ${option('decimal')} ',' ...`).commandLineMessage()).toBe("with --decimal ',' ...");
  });
});
