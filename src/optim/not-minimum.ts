/** Policy shared by the use cases for runs that end on a stationary point that is not a minimum. */
import type { OptimResult } from './types.js';

/**
 * A run that stopped on a vanishing gradient where f is lower nearby (a saddle, maximum or
 * inflection: x³ or −x² from 0) found no minimum: that is a failed optimisation (exit 3).
 */
export function notMinimumIsFailure(res: OptimResult): OptimResult {
  if (res.reason !== 'not-minimum' || res.failure) return res;
  return {
    ...res,
    failure: {
      step: res.iterations,
      message: res.message,
      remedies: [{ kind: 'note', text: 'no minimum was found here' }, { kind: 'start', how: 'another' }, { kind: 'method', method: 'lbfgs', why: 'which goes on from the lower point' }],
    },
  };
}
