/** What every human-readable renderer is given by the CLI. */
import type { Paint } from './color.js';

/** Passed to renderGradText, renderMinimizeText and renderFitText. */
export interface TextOptions {
  /** Colours to use; a level-0 instance gives plain text. */
  chalk: Paint;
  /** Significant digits for rounded numbers (--digits). */
  digits: number;
  /** Terminal columns available (charts are sized to it). */
  width: number;
  /** Whether to draw the chart of the run (false with --no-chart). */
  chart: boolean;
  /** Only the result lines, at full precision (--quiet). */
  quiet: boolean;
}
