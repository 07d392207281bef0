/** The one-line progress display the CLI rewrites with "\r" on a terminal (stderr). */
import { formatNumber } from './format.js';

const BAR_MIN = 10;
const BAR_MAX = 40;

/**
 * `step 1200/10000 [#####.....] loss 3.75e+0`: the step against the cap, a bar, the loss in
 * exponent form. At most `width − 1` columns, and never a number cut short: when the line does
 * not fit, the bar shrinks, then goes, then the cap, then the step, then the word "loss"
 * (`3.75e+0` alone); an empty string when not even that fits. No newline.
 */
export function progressLine(step: number, maxSteps: number, loss: number, width: number): string {
  const cap = Number.isFinite(maxSteps) && maxSteps > 0 ? Math.floor(maxSteps) : 0;
  const room = Math.floor(width) - 1;
  const value = lossText(loss);
  const withCap = cap > 0 ? `step ${step}/${cap}` : `step ${step}`;
  const barWidth = Math.min(BAR_MAX, room - withCap.length - `loss ${value}`.length - 4);
  if (cap > 0 && barWidth >= BAR_MIN) {
    const filled = Math.round(Math.min(1, Math.max(0, step / cap)) * barWidth);
    return `${withCap} [${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}] loss ${value}`;
  }
  const shorter = [`${withCap} loss ${value}`, `step ${step} loss ${value}`, `loss ${value}`, value];
  return shorter.find((line) => line.length <= room) ?? '';
}

/** 3.75e+0 style, whatever the magnitude; "NaN", "inf" as formatNumber writes them. */
function lossText(v: number): string {
  if (!Number.isFinite(v)) return formatNumber(v, 3);
  return v.toExponential(2);
}
