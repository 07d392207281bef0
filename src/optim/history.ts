/**
 * The loss per iteration that a run keeps for its chart and its JSON `history`: every value while
 * a run is short, and for a long run (gd with --max-steps 150000000) a fixed number of evenly
 * spaced ones, so memory stays bounded however many steps are taken. Each kept value comes with
 * its step number; the last value is always the latest step's. (`--trace` streams every step.)
 */

/** Most values kept: more than any chart draws, and every value of a run of up to this many steps. */
export const HISTORY_POINTS = 1024;

export class History {
  /** The kept values, oldest first: f at the steps in `steps`. */
  readonly values: number[] = [];
  /** The step number of each kept value (0 is the start). */
  readonly steps: number[] = [];
  /** Values are kept at steps that are multiples of this (and the latest step). */
  private stride = 1;
  private next = 0;

  constructor(private readonly capacity = HISTORY_POINTS) {}

  /** Record f after the next step (the first call records the start, step 0). */
  push(f: number): void {
    const step = this.next++;
    const n = this.values.length;
    // The latest value is kept even when it is between the stride's steps, until the next one replaces it.
    if (n > 0 && this.steps[n - 1] % this.stride !== 0) {
      this.values[n - 1] = f;
      this.steps[n - 1] = step;
    } else {
      this.values.push(f);
      this.steps.push(step);
    }
    if (this.values.length > this.capacity) this.thin();
  }

  /** Keep every other value (and the latest): the stride doubles. */
  private thin(): void {
    this.stride *= 2;
    const n = this.values.length;
    let w = 0;
    for (let i = 0; i < n; i++) {
      if (this.steps[i] % this.stride === 0 || i === n - 1) {
        this.values[w] = this.values[i];
        this.steps[w] = this.steps[i];
        w++;
      }
    }
    this.values.length = w;
    this.steps.length = w;
  }
}
