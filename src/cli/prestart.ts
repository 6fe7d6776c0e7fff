import { defaultWorkers, prestartWorkers } from '../runs/pool.js';
import { parseWorkers } from './options.js';

/** Commands that run replicates on worker processes when given more than one. */
const POOLED = new Set(['run', 'compare', 'sensitivity', 'sweep', 'calibrate', 'backtest']);

/**
 * Starts a command's worker processes before it reads its scenarios, when it will use them: their
 * start-up then overlaps the reading and preparing. A command line the command itself will refuse
 * starts none (its own check says why).
 */
export function prestartFor(args: { _: (string | number)[]; workers?: unknown }): void {
  const command = String(args._[0]);
  if (!POOLED.has(command)) return;
  try {
    const workers = parseWorkers(args.workers, defaultWorkers());
    if (workers < 2) return;
    // This process is one of them (openPool).
    prestartWorkers(workers - 1);
  } catch {
    // Bad --workers or --replicates: the command reports it.
  }
}
