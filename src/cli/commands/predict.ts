/** `gradfit predict MODEL.json [FILE]`: `x,y` rows of a saved model at new x values. */
import { parseModelFile } from '../../fit/model-file.js';
import { readSmallFile } from '../files.js';
import { predict } from '../../fit/predict.js';
import { renderPredictions } from '../../report/predictions.js';
import { writeErr, writeOut } from '../output.js';
import { dataSource, readOptions } from '../input.js';
import { EXIT } from '../exit.js';

export interface PredictOptions {
  delimiter?: string;
  header?: boolean;
  skipInvalid?: boolean;
}

export async function predictCommand(modelPath: string, file: string | undefined, o: PredictOptions): Promise<number> {
  const model = parseModelFile(readSmallFile(modelPath, 'model file'), modelPath);
  const source = dataSource(file, `seq 0 10 | gradfit predict ${modelPath}`);
  const predictions = await predict(model, source, readOptions(o));
  if (predictions.skipped > 0) writeErr(`gradfit: skipped ${predictions.skipped} ${predictions.skipped === 1 ? 'row that was' : 'rows that were'} not numeric\n`);
  for (const chunk of renderPredictions(predictions)) writeOut(chunk);
  return EXIT.ok;
}
