import { describe, expect, it } from 'vitest';
import { describeFailure } from '../../src/data/byte-source.js';

const failure = (code: string, message = `${code}: failed`): Error => Object.assign(new Error(message), { code });

describe('describeFailure', () => {
  it.each([
    ['ENOENT', 'no such file: x.csv'],
    ['ENOTDIR', 'no such file: x.csv'],
    ['EISDIR', 'x.csv is a directory, not a file'],
    ['EACCES', 'cannot read x.csv: permission denied'],
    ['EPERM', 'cannot read x.csv: permission denied'],
    ['EIO', 'cannot read x.csv: EIO: failed'],
  ])('explains %s as %j', (code, message) => {
    expect(describeFailure('x.csv', failure(code)).message).toBe(message);
  });

  it('keeps to the first line of an unexpected message', () => {
    expect(describeFailure('<stdin>', new Error('broken\nat somewhere')).message).toBe('cannot read <stdin>: broken');
  });
});
