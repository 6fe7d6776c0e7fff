/**
 * Worker entry: runs one replicate of one scenario. Each worker reads and
 * compiles a scenario once and keeps it; a replicate's random streams depend
 * only on (seed, replicate, salt), so which worker runs it changes nothing.
 */
import { simulateReplicate, type ReplicateOutput } from '../simulation/simulateReplicate.js';
import { prepareScenario, simulatePair, type PreparedScenario } from '../pipeline.js';
import { InputError } from '../scenario/inputError.js';

export interface ReplicateTask {
  file: string;
  /** Parameter values replacing the scenario's (sensitivity analysis, sweeps, calibration). */
  overrides: [string, number][];
  replicate: number;
  seed: number;
  scale: number;
  traceChildren: number;
  streamSalt: string;
  /** A second scenario run paired with this one (forked from it where they agree); its results come back as `forked`. */
  pairWith?: string;
}

const prepared = new Map<string, PreparedScenario>();

export default function runTask(task: ReplicateTask): ReplicateOutput | { inputError: ConstructorParameters<typeof InputError> } {
  try {
    return run(task);
  } catch (e) {
    // Bad input met in a worker (parameter values an analysis drew): hand it back as data, so the
    // command reports it like any other bad input (exit 2) rather than as a crash.
    if (e instanceof InputError) return { inputError: [e.file, e.detail, e.line, e.col] };
    throw e;
  }
}

function run(task: ReplicateTask): ReplicateOutput {
  const p = preparedFor(task.file, task.overrides);
  const common = { grid: p.grid, seed: task.seed, replicate: task.replicate, scale: task.scale, traceChildren: task.traceChildren, streamSalt: task.streamSalt };
  if (!task.pairWith) return simulateReplicate({ ...common, epochs: p.epochs });
  return simulatePair(p, preparedFor(task.pairWith, task.overrides), common);
}

function preparedFor(file: string, overrides: [string, number][]): PreparedScenario {
  const key = overrides.length ? `${file}\0${JSON.stringify(overrides)}` : file;
  let p = prepared.get(key);
  if (!p) {
    // Analyses vary parameters run after run; keep only the latest few compiled scenarios.
    if (prepared.size >= 8) prepared.delete(prepared.keys().next().value!);
    p = prepareScenario(file, new Map(overrides));
    prepared.set(key, p);
  }
  return p;
}
