import os from 'node:os';
import { Piscina } from 'piscina';
import type { ReplicateOutput } from '../model/simulateReplicate.js';
import type { ReplicateTask } from './replicateWorker.js';

/** Default worker count: every core. */
export function defaultWorkers(): number {
  return Math.max(1, os.availableParallelism());
}

/**
 * Runs replicate tasks on worker threads and hands results back in task order,
 * so outputs are identical whatever the number of workers. Under tsx or vitest
 * the worker needs the TypeScript loader passed explicitly (Node 20 workers do
 * not inherit it).
 */
export async function runOnWorkers(
  tasks: ReplicateTask[],
  workers: number,
  onResult: (i: number, out: ReplicateOutput) => void,
  onInterrupt: (cleanup: () => void) => () => void = () => () => {},
): Promise<void> {
  const isTs = import.meta.url.endsWith('.ts');
  const pool = new Piscina({
    filename: new URL(isTs ? './replicateWorker.ts' : './replicateWorker.js', import.meta.url).href,
    execArgv: isTs ? ['--import', 'tsx'] : [],
    minThreads: Math.min(workers, tasks.length),
    maxThreads: Math.min(workers, tasks.length),
    idleTimeout: 1000,
  });
  const unregister = onInterrupt(() => void pool.destroy());
  try {
    const results = new Map<number, ReplicateOutput>();
    let next = 0;
    await Promise.all(
      tasks.map((task, i) =>
        (pool.run(task) as Promise<ReplicateOutput>).then((out) => {
          results.set(i, out);
          // Deliver in order as soon as the next expected result is in.
          while (results.has(next)) {
            onResult(next, results.get(next)!);
            results.delete(next);
            next++;
          }
        }),
      ),
    );
  } finally {
    unregister();
    await pool.destroy();
  }
}
