/**
 * Worker process entry: runs replicate tasks sent by the pool (pool.ts); each worker prepares a
 * scenario once and keeps it. The first message holds the input files as the command read them,
 * so a worker never reads the disk for them. A worker exits when its parent goes away.
 */
import { resetInputSnapshot } from '../scenario/sourceFile.js';
import { PreparedScenarios, runTaskOnWorker, type ReplicateTask } from './runner.js';
import { writeResult } from './resultFiles.js';

/** What the pool sends: the inputs (and the folder for results) first, then tasks. */
export type ToWorker = { inputs: [string, string][]; results: string } | { id: number; task: ReplicateTask } | { peak: true };
/**
 * What a worker sends back: the file holding a task's result (resultFiles.ts says why a file), or
 * an error it could not turn into one.
 */
export type FromWorker = { id: number; file: string } | { id: number; error: string } | { peakMb: number };

let results = '';

const prepared = new PreparedScenarios();
const send = (m: FromWorker, then?: () => void) => process.send!(m, undefined, {}, then ? () => then() : undefined);

/**
 * Tasks not yet started: the pool may send a second before the first is done. The next starts only
 * once the last result is written out: simulating blocks this process, and a result still queued
 * for writing would wait for the whole of the next task.
 */
const queue: { id: number; task: ReplicateTask }[] = [];
let busy = false;

function runNext(): void {
  // The command has gone (Ctrl-C, or it failed): the tasks it gave are no longer wanted.
  if (!process.connected) process.exit(0);
  const m = queue.shift();
  if (!m) {
    busy = false;
    return;
  }
  busy = true;
  let reply: FromWorker;
  try {
    reply = { id: m.id, file: writeResult(results, runTaskOnWorker(m.task, prepared)) };
  } catch (e) {
    reply = { id: m.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  send(reply, runNext);
}

process.on('message', (m: ToWorker) => {
  if ('inputs' in m) {
    resetInputSnapshot(m.inputs);
    results = m.results;
    return;
  }
  if ('peak' in m) {
    send({ peakMb: process.resourceUsage().maxRSS / 1024 });
    return;
  }
  queue.push(m);
  if (!busy) runNext();
});
process.on('disconnect', () => process.exit(0));
