import os from 'node:os';
import { Piscina } from 'piscina';
import type { ReplicateOutput } from '../simulation/simulateReplicate.js';
import type { PreparedScenario } from './prepare.js';
import { inputSnapshot } from '../scenario/sourceFile.js';
import { activeWarmCache } from './warmCache.js';
import { PreparedScenarios, runTask, taskOutputs, type ReplicateTask, type TaskResult } from './runner.js';

/** Default worker count: every core. */
export function defaultWorkers(): number {
  return Math.max(1, os.availableParallelism());
}

/** Registers a clean-up to run if the user interrupts; returns its removal. */
export type OnInterrupt = (cleanup: () => void) => () => void;

/** A pool of worker threads that can run several batches of replicate tasks (analyses run many). */
export interface ReplicatePool {
  run(tasks: ReplicateTask[], onResult: (i: number, outputs: ReplicateOutput[]) => void): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts worker threads. Under tsx or vitest the worker needs the TypeScript loader passed
 * explicitly (Node 20 workers do not inherit it).
 */
export function openPool(workers: number, onInterrupt: OnInterrupt = () => () => {}): ReplicatePool {
  const isTs = import.meta.url.endsWith('.ts');
  const pool = new Piscina({
    filename: new URL(isTs ? './worker.ts' : './worker.js', import.meta.url).href,
    // tsx resolved from this file, not from the working folder: ehsim runs from anywhere.
    execArgv: isTs ? ['--import', import.meta.resolve('tsx')] : [],
    minThreads: workers,
    maxThreads: workers,
    idleTimeout: 1000,
    // The input files as this command read them: workers never read the disk again.
    workerData: { inputs: inputSnapshot() },
  });
  const unregister = onInterrupt(() => void pool.destroy());
  return {
    async run(tasks, onResult) {
      const results = new Map<number, ReplicateOutput[]>();
      let next = 0;
      await Promise.all(
        tasks.map((task, i) =>
          (pool.run(task) as Promise<TaskResult>).then((result) => {
            results.set(i, taskOutputs(result));
            // Deliver in task order as soon as the next expected result is in, so outputs
            // are identical whatever the number of workers.
            while (results.has(next)) {
              onResult(next, results.get(next)!);
              results.delete(next);
              next++;
            }
          }),
        ),
      );
    },
    async close() {
      unregister();
      await pool.destroy();
    },
  };
}

export interface TaskSettings {
  /** Worker threads; 1 runs the tasks in this thread. */
  workers: number;
  /** A pool to reuse (an iterative analysis runs many batches). */
  pool?: ReplicatePool;
  onInterrupt?: OnInterrupt;
  /** Scenarios the caller has already prepared (without overrides): run in this thread, they are not prepared again. */
  prepared?: { file: string; prepared: PreparedScenario }[];
}

/** Runs replicate tasks in this thread, on the given pool or on a pool of their own, handing results back in task order. */
export async function runTasks(given: ReplicateTask[], settings: TaskSettings, onResult: (i: number, outputs: ReplicateOutput[]) => void): Promise<void> {
  const cache = activeWarmCache();
  const tasks = cache ? given.map((t) => ({ ...t, cache })) : given;
  if (settings.pool) return settings.pool.run(tasks, onResult);
  if (settings.workers <= 1 || tasks.length <= 1) {
    const scenarios = new PreparedScenarios();
    for (const p of settings.prepared ?? []) scenarios.keep(p.file, p.prepared);
    tasks.forEach((task, i) => onResult(i, runTask(task, scenarios)));
    return;
  }
  const pool = openPool(Math.min(settings.workers, tasks.length), settings.onInterrupt);
  try {
    await pool.run(tasks, onResult);
  } finally {
    await pool.close();
  }
}
