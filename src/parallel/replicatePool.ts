import os from 'node:os';
import { Piscina } from 'piscina';
import type { ReplicateOutput } from '../simulation/simulateReplicate.js';
import { InputError } from '../scenario/inputError.js';
import type { ReplicateTask } from './replicateWorker.js';

/** Default worker count: every core. */
export function defaultWorkers(): number {
  return Math.max(1, os.availableParallelism());
}

/** A pool of worker threads that can run several batches of replicate tasks (analyses run many). */
export interface ReplicatePool {
  run(tasks: ReplicateTask[], onResult: (i: number, out: ReplicateOutput) => void): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts worker threads. Under tsx or vitest the worker needs the TypeScript loader passed
 * explicitly (Node 20 workers do not inherit it).
 */
export function openPool(workers: number, onInterrupt: (cleanup: () => void) => () => void = () => () => {}): ReplicatePool {
  const isTs = import.meta.url.endsWith('.ts');
  const pool = new Piscina({
    filename: new URL(isTs ? './replicateWorker.ts' : './replicateWorker.js', import.meta.url).href,
    execArgv: isTs ? ['--import', 'tsx'] : [],
    minThreads: workers,
    maxThreads: workers,
    idleTimeout: 1000,
  });
  const unregister = onInterrupt(() => void pool.destroy());
  return {
    async run(tasks, onResult) {
      const results = new Map<number, ReplicateOutput>();
      let next = 0;
      await Promise.all(
        tasks.map((task, i) =>
          (pool.run(task) as Promise<ReplicateOutput | { inputError: ConstructorParameters<typeof InputError> }>).then((out) => {
            if ('inputError' in out) throw new InputError(...out.inputError);
            results.set(i, out);
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

/** Runs one batch of replicate tasks on a pool of its own and hands results back in task order. */
export async function runOnWorkers(
  tasks: ReplicateTask[],
  workers: number,
  onResult: (i: number, out: ReplicateOutput) => void,
  onInterrupt: (cleanup: () => void) => () => void = () => () => {},
): Promise<void> {
  const pool = openPool(Math.min(workers, tasks.length), onInterrupt);
  try {
    await pool.run(tasks, onResult);
  } finally {
    await pool.close();
  }
}
