/**
 * How a worker process hands a task's result to the pool: through a file in a folder the pool
 * makes, not inside a message. A message larger than the channel's buffer is written only as the
 * receiving process's event loop turns, and the command's process may be busy simulating: the
 * worker would wait for it before starting its next task.
 */
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { TaskResult } from './runner.js';
import { processAlive } from './liveProcess.js';

const RESULTS = /^ehsim-results-(\d+)-/;

/**
 * A new folder for a pool's results, named with this process's id. Folders left by commands that
 * ended without closing their pool (Ctrl-C while simulating ends a command at once) are removed
 * here, once the process named has gone.
 */
export function resultsFolder(): string {
  const tmp = os.tmpdir();
  for (const name of readdirSync(tmp)) {
    const pid = RESULTS.exec(name)?.[1];
    if (pid && !processAlive(Number(pid))) rmSync(path.join(tmp, name), { recursive: true, force: true });
  }
  return mkdtempSync(path.join(tmp, `ehsim-results-${process.pid}-`));
}

let written = 0;

/** In a worker: writes a task's result into the pool's folder; returns the file. */
export function writeResult(folder: string, result: TaskResult): string {
  if (!folder) throw new Error('the pool named no folder for results');
  const file = path.join(folder, `${process.pid}-${written++}.v8`);
  writeFileSync(file, v8.serialize(result));
  return file;
}

/** In the pool: a worker's result, read from the file it wrote, which is then removed. */
export function readResult(file: string): TaskResult {
  const result = v8.deserialize(readFileSync(file)) as TaskResult;
  rmSync(file, { force: true });
  return result;
}
