/** `gradfit predict MODEL.json [FILE]`: `x,y` rows of a saved model at new x values (`x,y,lower,upper` with --interval). */
import { parseModelFile } from '../../fit/model-file.js';
import { checkOutputs, readSmallFile } from '../files.js';
import { checkBandRequest, predict, type BandRequest } from '../../fit/predict.js';
import { parseLevel } from '../../fit/intervals.js';
import { InputError } from '../../errors.js';
import { shownName } from '../../names.js';
import { renderPredictions } from '../../report/predictions.js';
import { writeErr, writeOut } from '../output.js';
import { dataSource, readOptions } from '../input.js';
import { EXIT } from '../exit.js';

export interface PredictOptions {
  delimiter?: string;
  header?: boolean;
  skipInvalid?: boolean;
  interval?: string;
  level?: string;
}

export async function predictCommand(modelPath: string, file: string | undefined, o: PredictOptions): Promise<number> {
  const level = parseLevel(o.level);
  const kind = o.interval?.trim();
  if (kind !== undefined && kind !== 'confidence' && kind !== 'prediction') throw new InputError(`--interval must be confidence or prediction, not '${shownName(o.interval!)}'`);
  if (kind === undefined && o.level !== undefined) throw new InputError('--level sets the level of a band: give --interval confidence or --interval prediction with it');
  const model = parseModelFile(readSmallFile(modelPath, 'model file'), modelPath);
  const request: BandRequest | null = kind ? { kind, level } : null;
  if (request) checkBandRequest(model, request, modelPath);
  const source = dataSource(file, `seq 0 10 | gradfit predict ${modelPath}`);
  // Standard output is not an input (`>> xs.txt` would add the predictions to the x values).
  checkOutputs([], [{ flag: 'MODEL', path: modelPath }, ...(source.kind === 'file' ? [{ flag: 'FILE', path: source.path }] : [])], source.kind === 'stdin');
  const predictions = await predict(model, source, readOptions(o), request);
  if (predictions.skipped > 0) writeErr(`gradfit: skipped ${predictions.skipped} ${predictions.skipped === 1 ? 'row that was' : 'rows that were'} not numeric\n`);
  for (const chunk of renderPredictions(predictions)) writeOut(chunk);
  return EXIT.ok;
}
