/** `predict` output: a CSV header of the input columns and the response, then one row per input row. */
import type { Predictions } from '../fit/predict.js';
import { formatFull } from './format.js';
import { csvField } from './csv.js';

/** The CSV text in chunks of about 64 KB, so that a million rows never become one giant string. */
export function* renderPredictions(p: Predictions): Generator<string> {
  let chunk = `${p.names.map(csvField).join(',')}\n`; // names quoted as RFC 4180 says
  for (let i = 0; i < p.n; i++) {
    let line = '';
    for (let k = 0; k < p.columns.length; k++) line += (k > 0 ? ',' : '') + formatFull(p.columns[k][i]);
    chunk += `${line}\n`;
    if (chunk.length > 1 << 16) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) yield chunk;
}
