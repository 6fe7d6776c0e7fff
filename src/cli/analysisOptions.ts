import type { AnalysisSettings } from '../outputs/analysisFolder.js';
import { defaultWorkers } from '../runs/pool.js';
import type { Appraisal } from '../results/discounting.js';
import { parseAppraisalYear, parseReplicates, parseScale, parseSeed, parseWorkers } from './options.js';

/** Options of the analysis commands (sensitivity, sweep, calibrate). */
export function analysisOptions(replicates: string, scale: string) {
  return {
    replicates: { alias: 'n', type: 'string', default: replicates, describe: 'paired Monte Carlo replicates per run (>= 1)' },
    seed: { type: 'string', default: '1', describe: 'random seed (non-negative integer); every run of the analysis uses it (common random numbers)' },
    scale: { type: 'string', default: scale, describe: 'fraction of children simulated, in (0, 1]' },
    workers: { type: 'string', describe: 'processes simulating: this one and N-1 workers (default: all cores); results do not depend on it' },
    out: { type: 'string', describe: 'output folder (default output/<analysis>-<timestamp>)' },
  } as const;
}

/** The options every analysis command takes, as parsed by yargs. */
export interface AnalysisArgs {
  replicates: unknown;
  seed: unknown;
  scale: unknown;
  workers?: unknown;
  out?: string;
  /** --appraisal-year (sensitivity and sweep, which report present values). */
  appraisalYear?: unknown;
}

/**
 * The settings every analysis runs with, and the appraisal year its present values are discounted
 * to (the current financial year unless --appraisal-year gives one; calibrate discounts nothing).
 */
export function parseAnalysisSettings(a: AnalysisArgs, now = new Date()): AnalysisSettings & { appraisal: Appraisal } {
  const appraisal = parseAppraisalYear(a.appraisalYear, now);
  return { seed: parseSeed(a.seed), replicates: parseReplicates(a.replicates), scale: parseScale(a.scale), workers: parseWorkers(a.workers, defaultWorkers()), appraisal };
}
