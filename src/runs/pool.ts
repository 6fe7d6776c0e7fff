import os from 'node:os';
import { rmSync } from 'node:fs';
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ReplicateOutput } from '../simulation/simulateReplicate.js';
import type { PreparedScenario } from './prepare.js';
import { inputSnapshot } from '../scenario/sourceFile.js';
import { activeWarmCache } from './warmCache.js';
import { PreparedScenarios, runTaskOnWorker, taskOutputs, type ReplicateTask, type TaskOutcome } from './runner.js';
import type { FromWorker, ToWorker } from './worker.js';
import { readResult, resultsFolder } from './resultFiles.js';

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
 * Starts a pool of `workers` simulating processes: this one and workers - 1 worker processes.
 * Processes, not threads: two simulations in threads of one process ran each at two thirds of
 * their speed alone (they share the process's allocator and V8's background threads), in two
 * processes at full speed (docs/benchmarks.md). This process runs tasks too, with the scenarios it
 * has prepared (`prepared`), so on two cores two processes simulate and the scenarios are prepared
 * twice, not three times. Run by bin/ehsim.js, a worker is the compiled copy's worker.js
 * (bin/build.js) and needs no loader; under tsx or vitest each worker is given the TypeScript
 * loader, resolved from this file (ehsim runs from any folder).
 */
export function openPool(workers: number, onInterrupt: OnInterrupt = () => () => {}, prepared: { file: string; prepared: PreparedScenario }[] = []): ReplicatePool {
  // The workers' results, each read and removed as it arrives; the folder goes when the pool closes.
  const results = workers > 1 ? resultsFolder() : '';
  const removeResults = () => results && rmSync(results, { recursive: true, force: true });
  const children: ChildProcess[] = Array.from({ length: Math.max(0, workers - 1) }, () => {
    let child = started.pop();
    if (!child || child.exitCode !== null || child.signalCode !== null || !child.connected) child = forkWorker();
    // Held again: the command now waits on it.
    child.ref();
    child.channel?.ref();
    // The input files as this command read them: workers never read the disk for them again.
    sending(child, { inputs: inputSnapshot(), results });
    return child;
  });
  const local = new PreparedScenarios();
  for (const p of prepared) local.keep(p.file, p.prepared);
  const kill = () => {
    children.forEach((c) => c.kill('SIGKILL'));
    removeResults();
  };
  const unregister = onInterrupt(kill);
  return {
    run: (tasks, onResult) => runOn(children, local, tasks, onResult),
    async close() {
      unregister();
      if (process.env.EHSIM_REPORT_RSS) await Promise.all(children.map(askPeak));
      await Promise.all(children.map((c) => (c.exitCode !== null || c.signalCode !== null ? null : new Promise((resolve) => {
        c.once('exit', resolve);
        c.disconnect();
      }))));
      removeResults();
    },
  };
}

/** Messages to workers not yet written out (a large one is written only as this process's event loop turns). */
const unsent = new Set<Promise<void>>();

function sending(child: ChildProcess, m: ToWorker): void {
  const done: Promise<void> = new Promise((resolve) => child.send(m, undefined, {}, () => resolve()));
  unsent.add(done);
  void done.then(() => unsent.delete(done));
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

/**
 * Runs tasks on the worker processes and in this process, and delivers results in task order, so
 * outputs are the same whatever the number of workers. This process cannot hand out work while it
 * simulates, so before each task of its own it gives every worker a second task to start when its
 * first is done (while at least two remain, so this process is not left without one).
 */
async function runOn(children: ChildProcess[], local: PreparedScenarios, tasks: ReplicateTask[], onResult: OnResult): Promise<void> {
  const results = new Map<number, TaskOutcome>();
  const outstanding = new Map<ChildProcess, number>(children.map((c) => [c, 0]));
  let next = 0;
  let given = 0;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const settle = () => {
    wake?.();
    wake = null;
  };
  const fail = (e: Error) => {
    failure ??= e;
    settle();
  };
  const record = (id: number, outcome: () => TaskOutcome) => {
    try {
      results.set(id, outcome());
    } catch (e) {
      return fail(e as Error);
    }
    while (results.has(next)) {
      const r = results.get(next)!;
      results.delete(next);
      onResult(next, r.outputs, r.impossible);
      next++;
    }
    if (next === tasks.length) settle();
  };
  const topUp = (c: ChildProcess, upTo: number) => {
    while (outstanding.get(c)! < upTo && given < tasks.length) {
      outstanding.set(c, outstanding.get(c)! + 1);
      sending(c, { id: given, task: tasks[given++]! });
    }
  };
  const listeners = children.map((c) => {
    const onMessage = (m: FromWorker) => {
      if (failure || 'peakMb' in m) return;
      if ('error' in m) return fail(new Error(`a worker failed: ${m.error}`));
      outstanding.set(c, outstanding.get(c)! - 1);
      record(m.id, () => taskOutputs(readResult(m.file)));
      topUp(c, 1);
    };
    const onExit = (code: number | null) => {
      if (next < tasks.length) fail(new Error(`a worker process stopped (exit code ${code})`));
    };
    c.on('message', onMessage);
    c.on('exit', onExit);
    return () => {
      c.off('message', onMessage);
      c.off('exit', onExit);
    };
  });
  try {
    for (const c of children) topUp(c, 1);
    while (!failure && given < tasks.length) {
      if (tasks.length - given >= 2) for (const c of children) topUp(c, 2);
      // This process simulates with its event loop stopped: what the workers are sent must be out first.
      while (unsent.size) await Promise.all(unsent);
      const id = given++;
      const result = simulatingHere(() => runTaskOnWorker(tasks[id]!, local));
      record(id, () => taskOutputs(result));
      // Lets the workers' messages (small: results come in files) in before this process's next task.
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (!failure && next < tasks.length) await new Promise<void>((resolve) => (wake = resolve));
  } finally {
    listeners.forEach((off) => off());
  }
  if (failure) throw failure;
}

/**
 * Runs a task in this process with Ctrl-C's default action restored: a JavaScript handler could
 * only run once the task ended (simulating blocks the event loop), so the command's clean-up
 * would wait for it. Nothing is staged while a replicate is simulated, so there is nothing to
 * clean up; the worker processes end with this one.
 */
function simulatingHere<T>(run: () => T): T {
  const handlers = process.rawListeners('SIGINT') as ((...args: unknown[]) => void)[];
  process.removeAllListeners('SIGINT');
  try {
    return run();
  } finally {
    for (const h of handlers) process.on('SIGINT', h);
  }
}

export interface TaskSettings {
  /** Simulating processes: this one and workers - 1 worker processes (1 runs every task in this thread). */
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
      const r = taskOutputs(simulatingHere(() => runTaskOnWorker(task, scenarios)));
      onResult(i, r.outputs, r.impossible);
    });
    return;
  }
  const pool = openPool(Math.min(settings.workers, tasks.length), settings.onInterrupt, settings.prepared);
  try {
    await pool.run(tasks, onResult);
  } finally {
    await pool.close();
  }
}
