/**
 * Worker entry: runs one replicate of one scenario. Each worker reads and
 * compiles a scenario once and keeps it; a replicate's random streams depend
 * only on (seed, replicate, salt), so which worker runs it changes nothing.
 */
import { simulateReplicate, type ReplicateOutput } from '../model/simulateReplicate.js';
import { prepareScenario, type PreparedScenario } from '../pipeline.js';

export interface ReplicateTask {
  file: string;
  /** Parameter values replacing the scenario's (sensitivity analysis, sweeps, calibration). */
  overrides: [string, number][];
  replicate: number;
  seed: number;
  scale: number;
  traceChildren: number;
  streamSalt: string;
}

const prepared = new Map<string, PreparedScenario>();

export default function runTask(task: ReplicateTask): ReplicateOutput {
  const key = task.overrides.length ? `${task.file}\0${JSON.stringify(task.overrides)}` : task.file;
  let p = prepared.get(key);
  if (!p) {
    // Analyses vary parameters run after run; keep only the latest few compiled scenarios.
    if (prepared.size >= 8) prepared.delete(prepared.keys().next().value!);
    p = prepareScenario(task.file, new Map(task.overrides));
    prepared.set(key, p);
  }
  return simulateReplicate({
    epochs: p.epochs,
    grid: p.grid,
    seed: task.seed,
    replicate: task.replicate,
    scale: task.scale,
    traceChildren: task.traceChildren,
    streamSalt: task.streamSalt,
  });
}
