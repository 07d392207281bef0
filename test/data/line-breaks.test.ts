import { describe, expect, it } from 'vitest';
import { countBreaks, countCrLf, LineCounter } from '../../src/data/line-breaks.js';

const b = (s: string): Uint8Array => Buffer.from(s, 'latin1');

describe('line breaks', () => {
  it('count CRLF, CR and LF as one break each', () => {
    expect(countBreaks(b('a\r\nb\rc\nd'))).toBe(3);
    expect(countBreaks(b('\n\r'))).toBe(2);
    expect(countBreaks(b('a\r\n'), 0, 2)).toBe(1);
    expect(countCrLf(b('a\r\nb\r\r\n\n'))).toBe(2);
  });

  it('count a CRLF split between chunks once', () => {
    const lines = new LineCounter();
    lines.add(b('x,y\r'));
    expect(lines.breaksBefore(b('\n1,2'), 2)).toBe(1);
    lines.add(b('\n1,2\r\n'));
    expect(lines.breaks).toBe(2);
    lines.add(b('\r'));
    lines.add(b('3'));
    expect(lines.breaks).toBe(3);
  });
});
