/** Worker entry: runs replicate tasks; each worker prepares a scenario once and keeps it. */
import { PreparedScenarios, runTaskOnWorker, type ReplicateTask } from './runner.js';

const prepared = new PreparedScenarios();

export default function run(task: ReplicateTask) {
  return runTaskOnWorker(task, prepared);
}
