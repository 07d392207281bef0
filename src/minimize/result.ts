/** The plain result object of `gradfit minimize`: the JSON shape of docs/CLI.md plus extras. */
import type { Check } from '../checks/check.js';
import type { Failure } from '../optim/index.js';

export interface MinimizeResult {
  command: 'minimize';
  expr: string;
  method: string;
  /** f at `at`. */
  minimum: number;
  at: Record<string, number>;
  gradient: Record<string, number>;
  gradNorm: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
  /** Machine-readable stop reason, e.g. "gradient", "no-progress", "step-cap". */
  reason: string;
  message: string;
  /** f per iteration, starting with f at the start point (evenly thinned for a long run). */
  history: number[];
  /** The step of each value in `history`. */
  historySteps?: number[];
  checks: Check[];
  /** Set when the optimisation failed (exit code 3): where, what, and what to try. */
  failure: Failure | null;
  /** With --global: what the search did. */
  search?: MinimizeSearch;
}

/** The JSON `search` of `minimize --global`. */
export interface MinimizeSearch {
  /** Local runs (the start, and the best distinct screened points). */
  starts: number;
  /** Points screened by their value (the start included). */
  candidates: number;
  /** Local runs that converged to the best minimum's value (within 1e-8·(1 + |f|)). */
  reachedBest: number;
  /** The lowest converged minimum at a higher value, or null when every run reached the best. */
  nextBest: { f: number; at: Record<string, number> } | null;
  /** The first box searched: {name: [lo, hi]}. */
  box: Record<string, [number, number]>;
  /** The budget: points screened and local runs per round, zoom rounds and their shrink factor. */
  budget: { candidates: number; starts: number; rounds: number; levels: number; outward: number[]; patience: number; shrink: number; roundCandidates: number; roundStarts: number };
}

export interface GradResult {
  command: 'grad';
  expr: string;
  value: number;
  gradient: Record<string, number>;
}
