/**
 * Worker entry: runs one replicate of one scenario. Each worker reads and
 * compiles a scenario once and keeps it; a replicate's random streams depend
 * only on (seed, replicate, salt), so which worker runs it changes nothing.
 */
import { simulateReplicate, type ReplicateOutput } from '../model/simulateReplicate.js';
import { prepareScenario, type PreparedScenario } from '../pipeline.js';

export interface ReplicateTask {
  file: string;
  replicate: number;
  seed: number;
  scale: number;
  traceChildren: number;
  streamSalt: string;
}

const prepared = new Map<string, PreparedScenario>();

export default function runTask(task: ReplicateTask): ReplicateOutput {
  let p = prepared.get(task.file);
  if (!p) {
    p = prepareScenario(task.file);
    prepared.set(task.file, p);
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
