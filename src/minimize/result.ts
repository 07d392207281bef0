/** The plain result object of `gradfit minimize`: the JSON shape of docs/CLI.md plus extras. */
import type { Check, Failure } from '../checks/check.js';

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
}

export interface GradResult {
  command: 'grad';
  expr: string;
  value: number;
  gradient: Record<string, number>;
}
