import type { AnalysisArgs } from './analysisOptions.js';

/** `ehsim sensitivity`'s arguments, as yargs gives them. */
export interface SensitivityArgs extends Omit<AnalysisArgs, 'replicates'> {
  baseline: string;
  /** The policies (--psa takes several: a joint PSA over all of them; --tornado one). */
  scenarios: string[];
  /** Set from scenarios when there is one. */
  scenario?: string;
  groups?: string;
  tornado?: boolean;
  psa?: unknown;
  params?: string;
  wtpMax?: unknown;
  wtpSteps?: unknown;
  noiseReplicates?: unknown;
  correlations?: string;
  replicates?: unknown;
}
