import { describe, expect, it } from 'vitest';
import { detectDelimiter, normalizeDelimiter, WHITESPACE } from '../../src/data/delimiter.js';

const b = (s: string): Uint8Array => Buffer.from(s, 'utf8');

describe('normalizeDelimiter', () => {
  it.each([
    [',', ','],
    [';', ';'],
    ['\t', '\t'],
    ['tab', '\t'],
    ['\\t', '\t'],
    ['|', '|'],
    ['whitespace', WHITESPACE],
    [' ', WHITESPACE],
    ['space', WHITESPACE],
    ['§', '§'],
  ])('%j means %j', (given, expected) => {
    expect(normalizeDelimiter(given)).toBe(expected);
  });

  it.each(['.', '5', '-', 'e', '"', '#', '\n'])('refuses %j, which cannot separate numbers', (given) => {
    expect(() => normalizeDelimiter(given)).toThrow('cannot separate numbers');
  });

  it('refuses more than one character', () => {
    expect(() => normalizeDelimiter('::')).toThrow("delimiter '::' must be a single character, 'tab' or 'whitespace'");
  });
});

describe('detectDelimiter', () => {
  it.each([
    ['x,y', ','],
    ['x\ty', '\t'],
    ['x;y', ';'],
    ['1.5 2.5', WHITESPACE],
    ['1.5', WHITESPACE],
    ['1;2,5', ','],
    ['1 2 # a, b', WHITESPACE],
    ['x y # units, SI', WHITESPACE],
    ['x,#cells,y', ','],
    ['x\t#cells\ty', '\t'],
    // Only what is outside quotes counts: R's write.table quotes a name with a comma in it.
    ['"time, s" "y"', WHITESPACE],
    ['"a;b",c', ','],
    ['"a,b";"c"', ';'],
  ])('%j is split on %j', (line, expected) => {
    expect(detectDelimiter(b(line))).toBe(expected);
  });
});
