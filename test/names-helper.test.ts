/** The one helper that shows user-supplied names in messages (src/names.ts). */
import { describe, expect, it } from 'vitest';
import { escapeControls, shownList, shownName, SHOWN_NAME_CHARS } from '../src/names.js';

describe('shownName', () => {
  it('escapes control characters, line breaks and bidirectional overrides', () => {
    expect(shownName('a\u001b[31mb')).toBe('a\\x1b[31mb');
    expect(shownName('t\nime\r\t')).toBe('t\\nime\\r\\t');
    expect(shownName('x\u0085\u2028\u202e\u007f')).toBe('x\\u0085\\u2028\\u202e\\x7f');
    expect(shownName('plain_name, é and 数')).toBe('plain_name, é and 数');
  });

  it('cuts long text with an ellipsis, looking at no more than it shows', () => {
    const huge = 'a'.repeat(50_000_000);
    const shown = shownName(huge);
    expect(shown).toBe(`${'a'.repeat(SHOWN_NAME_CHARS)}…`);
    expect(escapeControls('a\u0000b')).toBe('a\\x00b');
  });
});

describe('shownList', () => {
  it('caps a list with "... and N more"', () => {
    const names = Array.from({ length: 1_000_000 }, (_, i) => `c${i}`);
    const text = shownList(names);
    expect(text).toMatch(/^c0, c1, .*c19, \.\.\. and 999980 more$/);
    expect(shownList(['a', 'b'])).toBe('a, b');
  });
});
