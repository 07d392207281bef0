/**
 * `fit --group COL --shared a,k`: one joint (global) fit over every group's rows, in which the
 * shared parameters are common to all groups and every other parameter has one copy per group,
 * named `p[g]` (gnuplot's multi-branch fit, fityk's `fit @*`, R's `nls(y ~ a[g] + ...)`).
 *
 * The joint model is an ordinary model over one more data column, the group's code 0..G−1: each
 * per-group parameter p is replaced by a balanced tree of `code < m ? ... : ...` choosing the
 * group's copy, so the joint fit is fitDataset's, with its exact linear solve, variable
 * projection, judge, statistics and intervals. A conditional whose test reads no parameter and
 * whose branches are affine in a parameter is affine in it (linearity.ts), so a per-group
 * amplitude stays a linear parameter. (The fused kernel computes both branches of a conditional,
 * so choosing costs O(G) per row whatever the tree's shape, the same order as the row's G·k
 * Jacobian entries that the fit fills anyway: 50 groups of 20 rows, 101 parameters, separate
 * fits and joint fit together, take under 2 s of CPU.)
 *
 * Starts: each group is first fitted separately (which needs no start); the joint fit starts
 * from those fits, a shared parameter from the median of its per-group values, and its own judge
 * (convergence, the search's check over every parameter) decides whether it is trusted.
 */
import { replaceIdents, type Node, type Span } from '../expr/index.js';
import { InputError, option } from '../errors.js';
import { escapeControls, shownList, shownName } from '../names.js';
import type { Dataset, LoadedFit } from './dataset.js';
import { fitDataset, type FitRun, type FitSettings } from './fit.js';
import { classify, type ModelSpec } from './model.js';
import type { FitResult } from './result.js';

/** The data identifier of the group's code in the joint model: no model can spell it. */
export const GROUP_CODE = '[group]';

/** The name of group value `value`'s copy of parameter `param`: `k[A]` (control characters escaped). */
export function groupParamName(param: string, value: string): string {
  return `${param}[${escapeControls(value)}]`;
}

export interface JointModel {
  spec: ModelSpec;
  /** The model's parameters common to all groups, in model order. */
  shared: string[];
  /** The model's parameters with one copy per group, in model order. */
  perGroup: string[];
  /** The joint parameters that stand for model parameter `param` (one shared name, or one per group). */
  copies(param: string): string[];
}

/** The shared names of --shared, checked against the model's parameters. */
export function sharedNames(text: string, spec: ModelSpec): string[] {
  const names = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (names.length === 0) throw new InputError(`${option('shared')} needs the names of parameters common to all groups, e.g. k,c`);
  const seen = new Set<string>();
  for (const name of names) {
    if (!spec.params.includes(name)) {
      const data = spec.data.includes(name) ? ` ('${shownName(name)}' is a data column of the model)` : '';
      throw new InputError(`${option('shared')} names '${shownName(name)}', which is not a parameter of the model${data} (its parameters are: ${shownList(spec.params)})`);
    }
    if (seen.has(name)) throw new InputError(`${option('shared')} names '${shownName(name)}' twice`);
    seen.add(name);
  }
  return spec.params.filter((p) => seen.has(p));
}

/** The joint model of `spec` over groups `values`, with the parameters `shared` common to all. */
export function jointModel(spec: ModelSpec, shared: readonly string[], values: readonly string[]): JointModel {
  const perGroup = spec.params.filter((p) => !shared.includes(p));
  const names = new Map<string, string[]>();
  for (const p of spec.params) names.set(p, shared.includes(p) ? [p] : values.map((v) => groupParamName(p, v)));
  const all = spec.params.flatMap((p) => names.get(p) ?? []);
  if (new Set(all).size !== all.length) {
    throw new InputError(`two values of the group column are written the same once their control characters are escaped (${shownList(values)}); make them differ`);
  }
  const choose = (p: string, lo: number, hi: number, span: Span): Node => {
    if (hi - lo === 1) return { kind: 'ident', name: groupParamName(p, values[lo] ?? ''), span };
    const mid = (lo + hi) >> 1;
    const test: Node = { kind: 'binary', op: '<', left: { kind: 'ident', name: GROUP_CODE, span }, right: { kind: 'num', value: mid, span }, span };
    return { kind: 'cond', test, ifTrue: choose(p, lo, mid, span), ifFalse: choose(p, mid, hi, span), span };
  };
  return {
    spec: classify(replaceIdents(spec.ast, (node) => (perGroup.includes(node.name) ? choose(node.name, 0, values.length, node.span) : node)), spec.text, all, [...spec.data, GROUP_CODE]),
    shared: [...shared],
    perGroup,
    copies: (param) => names.get(param) ?? [],
  };
}

/** A map by model parameter (--start, --fix, --bounds) spread to every joint parameter that stands for it. */
function spread<T>(given: ReadonlyMap<string, T> | undefined, joint: JointModel): Map<string, T> {
  const out = new Map<string, T>();
  for (const [name, v] of given ?? []) {
    const copies = joint.copies(name);
    // (A name that is no parameter goes on as it is, for fitDataset's own error.)
    for (const c of copies.length > 0 ? copies : [name]) out.set(c, v);
  }
  return out;
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] ?? NaN) : ((s[m - 1] ?? NaN) + (s[m] ?? NaN)) / 2;
}

/** The trusted separate fit of each group (null where a group's fit failed or was not possible). */
export type SeparateFits = readonly (FitResult | null)[];

/**
 * The joint start: each group's copies from its separate fit, a shared parameter from the median
 * over the groups fitted, a group not fitted from the median of the others; --start fills in
 * what no group gives (and a name it leaves out is searched for by the joint fit).
 */
export function jointStart(joint: JointModel, spec: ModelSpec, separate: SeparateFits, given: ReadonlyMap<string, number>): Map<string, number> {
  const start = spread(given, joint);
  const fitted = separate.filter((r): r is FitResult => r !== null);
  if (fitted.length === 0) return start;
  for (const p of spec.params) {
    const mid = median(fitted.map((r) => r.params[p] ?? NaN));
    joint.copies(p).forEach((name, k) => {
      const own = joint.shared.includes(p) ? undefined : separate[k]?.params[p];
      const v = own ?? mid;
      if (Number.isFinite(v)) start.set(name, v);
    });
  }
  return start;
}

/** How the joint start was found, for JSON `jointStart`. */
export interface JointStartReport {
  /** Groups whose separate fit gave their start. */
  groupsFitted: number;
  groups: number;
  /**
   * Whether the joint fit from that start was checked by a search over every parameter (as a fit
   * from a full --start is): only while rows × parameters² is at most SEARCH_CHECK_BUDGET.
   */
  searchCheck: boolean;
}

/**
 * Largest rows × parameters² of a joint fit whose result is checked by a search over every
 * parameter. The search's cost grows as that product times its candidates (up to 2,400 for 8 or
 * more nonlinear parameters): 84 rows and 29 parameters (Loblolly, 70,644) take about half a
 * second; 20 groups of 20 rows with 41 parameters (672,400) four; 50 groups of 20 rows with 101
 * parameters would take twenty. Beyond it each group's own search stands for it.
 */
export const SEARCH_CHECK_BUDGET = 2e5;

export interface JointRun extends FitRun {
  joint: JointModel;
  start: JointStartReport;
}

/** The joint fit of `loaded` (grouped) with `shared` common to all groups, from the groups' separate fits. */
export function fitJoint(loaded: LoadedFit, settings: FitSettings, shared: readonly string[], separate: SeparateFits): JointRun {
  const grouping = loaded.grouping;
  if (!grouping) throw new Error('fitJoint needs grouped data');
  const joint = jointModel(loaded.spec, shared, grouping.values);
  const data: Dataset = { ...loaded.data, cols: [...loaded.data.cols, Float64Array.from(grouping.of)] };
  const fix = settings.fix ? spread(settings.fix, joint) : undefined;
  const start = jointStart(joint, loaded.spec, separate, settings.start);
  // (A fixed parameter has no start: --fix holds it.)
  for (const name of fix?.keys() ?? []) if (!settings.start.has(name)) start.delete(name);
  const P = joint.spec.params.length;
  const searchCheck = data.n * P * P <= SEARCH_CHECK_BUDGET;
  const run = fitDataset(
    { spec: joint.spec, data },
    {
      ...settings,
      start,
      searchCheck,
      ...(fix ? { fix } : {}),
      ...(settings.bounds ? { bounds: spread(settings.bounds, joint) } : {}),
    },
  );
  // The group's code is no column of the file.
  run.result.columns = { ...run.result.columns, data: run.result.columns.data.filter((c) => c !== GROUP_CODE) };
  return { ...run, joint, start: { groupsFitted: separate.filter((r) => r !== null).length, groups: grouping.values.length, searchCheck } };
}
