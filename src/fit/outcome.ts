/** What every solver returns, whatever the kind of model and the method: one vocabulary. */
import type { OptimOptions, OptimResult } from '../optim/index.js';
import type { FitSettings } from './settings.js';
import type { SearchReport } from './search.js';

/** What a method produced, before statistics: the parameters and how the run went. */
export interface SolveOutcome {
  params: Float64Array;
  /**
   * Σr² and the Jacobian's triangular factor at `params`, when the method already has them; with
   * `transform` T, R is the factor for other parameters d, and params = T·d.
   */
  factor?: { R: Float64Array; rss: number; transform?: Float64Array };
  run: Pick<OptimResult, 'iterations' | 'evaluations' | 'converged' | 'reason' | 'message' | 'history' | 'failure'>;
  /** 'linear' when the model was solved exactly as linear in its parameters (else the method asked for). */
  method?: 'linear';
  /** What the automatic start search did, when it ran. */
  search?: SearchReport;
  /** With a robust loss: Σ f²·ρ(z_i) at the solution (the factor is then of the rescaled Jacobian). */
  cost?: number;
}

export function optimOptions(settings: FitSettings, lr: number | undefined): OptimOptions {
  return { maxSteps: settings.maxSteps, tol: settings.tol, lr: settings.lr ?? lr, onStep: settings.onStep };
}
