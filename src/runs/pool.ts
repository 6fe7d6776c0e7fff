import os from 'node:os';
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ReplicateOutput } from '../simulation/simulateReplicate.js';
import type { PreparedScenario } from './prepare.js';
import { inputSnapshot } from '../scenario/sourceFile.js';
import { activeWarmCache } from './warmCache.js';
import { PreparedScenarios, runTaskOnWorker, taskOutputs, type ReplicateTask, type TaskOutcome } from './runner.js';
import type { FromWorker, ToWorker } from './worker.js';

/** Default worker count: every core. */
export function defaultWorkers(): number {
  return Math.max(1, os.availableParallelism());
}

/** Called with each task's outputs in task order; with skipImpossible, outputs are empty and impossible says why. */
export type OnResult = (i: number, outputs: ReplicateOutput[], impossible?: string) => void;

/** Registers a clean-up to run if the user interrupts; returns its removal. */
export type OnInterrupt = (cleanup: () => void) => () => void;

/** A pool of worker processes that can run several batches of replicate tasks (analyses run many). */
export interface ReplicatePool {
  run(tasks: ReplicateTask[], onResult: OnResult): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts worker processes. Processes, not threads: two simulations in threads of one process ran
 * each at two thirds of their speed alone (they share the process's allocator and V8's background
 * threads), in two processes at full speed (docs/benchmarks.md). Run by bin/ehsim.js, a worker is the
 * compiled copy's worker.js (bin/build.js) and needs no loader; under tsx or vitest each worker
 * is given the TypeScript loader, resolved from this file (ehsim runs from any folder).
 */
export function openPool(workers: number, onInterrupt: OnInterrupt = () => () => {}): ReplicatePool {
  const children: ChildProcess[] = Array.from({ length: workers }, () => {
    let child = started.pop();
    if (!child || child.exitCode !== null || child.signalCode !== null || !child.connected) child = forkWorker();
    // Held again: the command now waits on it.
    child.ref();
    child.channel?.ref();
    // The input files as this command read them: workers never read the disk for them again.
    child.send({ inputs: inputSnapshot() } satisfies ToWorker);
    return child;
  });
  const kill = () => children.forEach((c) => c.kill('SIGKILL'));
  const unregister = onInterrupt(kill);
  return {
    run: (tasks, onResult) => runOn(children, tasks, onResult),
    async close() {
      unregister();
      if (process.env.EHSIM_REPORT_RSS) await Promise.all(children.map(askPeak));
      await Promise.all(children.map((c) => (c.exitCode !== null || c.signalCode !== null ? null : new Promise((resolve) => {
        c.once('exit', resolve);
        c.disconnect();
      }))));
    },
  };
}

/** Workers started ahead of need (prestartWorkers), not yet in a pool. */
const started: ChildProcess[] = [];

/**
 * Starts up to n worker processes now, while the command reads and prepares its scenarios: a
 * worker spends about a second loading its modules, which then overlaps that work. They are not
 * held: unused, they end with the command (a worker exits when its parent goes).
 */
export function prestartWorkers(n: number): void {
  while (started.length < n) {
    const child = forkWorker();
    child.unref();
    child.channel?.unref();
    started.push(child);
  }
}

function forkWorker(): ChildProcess {
  const isTs = import.meta.url.endsWith('.ts');
  const script = fileURLToPath(new URL(isTs ? './worker.ts' : './worker.js', import.meta.url));
  return fork(script, [], { execArgv: isTs ? ['--import', import.meta.resolve('tsx')] : [], serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

/** For the benchmarks: the sum of every worker process's peak resident memory so far, in MB. */
export let workersPeakMb = 0;

function askPeak(c: ChildProcess): Promise<void> {
  if (c.exitCode !== null || c.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const onMessage = (m: FromWorker) => {
      if (!('peakMb' in m)) return;
      workersPeakMb += m.peakMb;
      c.off('message', onMessage);
      resolve();
    };
    c.on('message', onMessage);
    c.send({ peak: true } satisfies ToWorker);
  });
}

/** Hands tasks to idle workers and delivers results in task order, so outputs are the same whatever the number of workers. */
function runOn(children: ChildProcess[], tasks: ReplicateTask[], onResult: OnResult): Promise<void> {
  return new Promise((resolve, reject) => {
    const results = new Map<number, TaskOutcome>();
    let next = 0;
    let given = 0;
    let failed = false;
    const listeners: [ChildProcess, (m: FromWorker) => void, (code: number | null) => void][] = [];
    const finish = (e?: Error) => {
      for (const [c, onMessage, onExit] of listeners) {
        c.off('message', onMessage);
        c.off('exit', onExit);
      }
      if (e) reject(e);
      else resolve();
    };
    const give = (c: ChildProcess) => {
      if (given < tasks.length) c.send({ id: given, task: tasks[given++]! } satisfies ToWorker);
    };
    for (const c of children) {
      const onMessage = (m: FromWorker) => {
        if (failed || 'peakMb' in m) return;
        if ('error' in m) {
          failed = true;
          return finish(new Error(`a worker failed: ${m.error}`));
        }
        try {
          results.set(m.id, taskOutputs(m.result));
        } catch (e) {
          failed = true;
          return finish(e as Error);
        }
        while (results.has(next)) {
          const r = results.get(next)!;
          onResult(next, r.outputs, r.impossible);
          results.delete(next);
          next++;
        }
        if (next === tasks.length) return finish();
        give(c);
      };
      const onExit = (code: number | null) => {
        if (failed || next === tasks.length) return;
        failed = true;
        finish(new Error(`a worker process stopped (exit code ${code})`));
      };
      c.on('message', onMessage);
      c.on('exit', onExit);
      listeners.push([c, onMessage, onExit]);
    }
    if (tasks.length === 0) return finish();
    for (const c of children) give(c);
  });
}

export interface TaskSettings {
  /** Worker processes; 1 runs the tasks in this thread. */
  workers: number;
  /** A pool to reuse (an iterative analysis runs many batches). */
  pool?: ReplicatePool;
  onInterrupt?: OnInterrupt;
  /** Scenarios the caller has already prepared (without overrides): run in this thread, they are not prepared again. */
  prepared?: { file: string; prepared: PreparedScenario }[];
}

/** Runs replicate tasks in this thread, on the given pool or on a pool of their own, handing results back in task order. */
export async function runTasks(given: ReplicateTask[], settings: TaskSettings, onResult: OnResult): Promise<void> {
  const cache = activeWarmCache();
  const tasks = cache ? given.map((t) => ({ ...t, cache })) : given;
  if (settings.pool) return settings.pool.run(tasks, onResult);
  if (settings.workers <= 1 || tasks.length <= 1) {
    const scenarios = new PreparedScenarios();
    for (const p of settings.prepared ?? []) scenarios.keep(p.file, p.prepared);
    tasks.forEach((task, i) => {
      const r = taskOutputs(runTaskOnWorker(task, scenarios));
      onResult(i, r.outputs, r.impossible);
    });
    return;
  }
  const pool = openPool(Math.min(settings.workers, tasks.length), settings.onInterrupt);
  try {
    await pool.run(tasks, onResult);
  } finally {
    await pool.close();
  }
}
