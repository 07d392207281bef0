/** The one-line progress display the CLI rewrites with "\r" on a terminal (stderr). */
import { formatNumber } from './format.js';

const BAR_MIN = 10;
const BAR_MAX = 40;

/**
 * `step 1200/10000 [#####.....] loss 3.75e+0`: the step against the cap, a bar, the loss in
 * exponent form. At most `width − 1` columns (the bar shrinks, then goes). No newline.
 */
export function progressLine(step: number, maxSteps: number, loss: number, width: number): string {
  const cap = Number.isFinite(maxSteps) && maxSteps > 0 ? Math.floor(maxSteps) : 0;
  const head = cap > 0 ? `step ${step}/${cap}` : `step ${step}`;
  const tail = `loss ${lossText(loss)}`;
  const room = Math.floor(width) - 1;
  const barWidth = Math.min(BAR_MAX, room - head.length - tail.length - 4);
  if (cap > 0 && barWidth >= BAR_MIN) {
    const filled = Math.round(Math.min(1, Math.max(0, step / cap)) * barWidth);
    return `${head} [${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}] ${tail}`;
  }
  const line = `${head} ${tail}`;
  return line.length <= room ? line : line.slice(0, Math.max(0, room));
}

/** 3.75e+0 style, whatever the magnitude; "NaN", "inf" as formatNumber writes them. */
function lossText(v: number): string {
  if (!Number.isFinite(v)) return formatNumber(v, 3);
  return v.toExponential(2);
}
