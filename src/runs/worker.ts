/** Worker entry: runs replicate tasks; each worker prepares a scenario once and keeps it. */
import { workerData } from 'node:worker_threads';
import { resetInputSnapshot } from '../scenario/sourceFile.js';
import { PreparedScenarios, runTaskOnWorker, type ReplicateTask } from './runner.js';

resetInputSnapshot((workerData as { inputs?: [string, string][] } | null)?.inputs ?? []);

const prepared = new PreparedScenarios();

export default function run(task: ReplicateTask) {
  return runTaskOnWorker(task, prepared);
}
