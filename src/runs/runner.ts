/**
 * The one way a replicate is run, in this thread or on a worker: a task names a scenario and
 * any others run with it (each forked from the first where they agree before its first
 * lever). A replicate's random streams depend only on (seed, replicate, salt), so where it
 * runs changes nothing.
 */
import { InputError } from '../scenario/inputError.js';
import type { ReplicateOutput } from '../simulation/simulateReplicate.js';
import { simulateWithForks } from './fork.js';
import type { WarmCache } from './warmCache.js';
import { StalledError } from '../kernel/simulator.js';
import { dateOfDay } from '../model/calendar.js';
import { prepareScenario, type PreparedScenario } from './prepare.js';

export interface ReplicateTask {
  /** A scenario file, then any run with it (forked from it where possible); results come back in this order. */
  files: [string, ...string[]];
  /** Parameter values replacing the scenarios' own (sensitivity analysis, sweeps, calibration). */
  overrides: [string, number][];
  replicate: number;
  seed: number;
  scale: number;
  traceChildren: number;
  /** Count the model's diagnostics (run --diagnostics). */
  diagnostics?: boolean;
  /** Empty for common random numbers; otherwise the scenario's own streams. */
  streamSalt: string;
  /**
   * Parameter values that make the model impossible (InputError.impossible) come back as data
   * instead of stopping the command: a probabilistic analysis then draws again.
   */
  skipImpossible?: boolean;
  /** Only these areas (indices into the scenarios' areas file): each output is then a piece of the replicate (see areaTasks.ts). */
  areas?: number[];
  /** Where warm starts are kept (null or absent: simulate every replicate from the warm-up). */
  cache?: WarmCache | null;
}

/** Prepared scenarios kept by file and overrides: analyses vary parameters run after run, so only the latest few are kept. */
export class PreparedScenarios {
  private readonly kept = new Map<string, PreparedScenario>();

  constructor(private readonly capacity = 8) {}

  get(file: string, overrides: [string, number][]): PreparedScenario {
    const key = overrides.length ? `${file}\0${JSON.stringify(overrides)}` : file;
    return this.kept.get(key) ?? this.keep(key, prepareScenario(file, new Map(overrides)));
  }

  /** Keeps a prepared scenario under its key: its file, when prepared without overrides. */
  keep(key: string, p: PreparedScenario): PreparedScenario {
    if (this.kept.size >= this.capacity) this.kept.delete(this.kept.keys().next().value!);
    this.kept.set(key, p);
    return p;
  }
}

/** Runs one task: one output per file of the task, in order. */
export function runTask(task: ReplicateTask, scenarios: PreparedScenarios): ReplicateOutput[] {
  const [first, ...others] = task.files.map((file) => scenarios.get(file, task.overrides)) as [PreparedScenario, ...PreparedScenario[]];
  const common = { grid: first.grid, seed: task.seed, replicate: task.replicate, scale: task.scale, traceChildren: task.traceChildren, diagnostics: task.diagnostics ?? false, streamSalt: task.streamSalt };
  try {
    return simulateWithForks(first, others, common, task.cache ?? null, task.areas);
  } catch (e) {
    // A model whose events take no time never finishes: say where, as bad input.
    if (e instanceof StalledError) {
      const day = dateOfDay(first.grid.start, e.time);
      throw new InputError(first.scenario.modelFile, `the simulation stopped moving on ${day}: ${e.message.replace(/ at [\d.]+:/, ':')} (a loop of transitions or returns that take no time: check durations and return delays of ${task.files.join(', ')})`);
    }
    throw e;
  }
}

/** What a worker hands back: the outputs, or bad input met on the way (as data, since errors lose their class crossing processes). */
export type TaskResult = ReplicateOutput[] | { inputError: ConstructorParameters<typeof InputError> } | { impossible: string };

/** runTask as data: bad input (parameter values an analysis drew) comes back as a result, not an exception. */
export function runTaskOnWorker(task: ReplicateTask, scenarios: PreparedScenarios): TaskResult {
  try {
    return runTask(task, scenarios);
  } catch (e) {
    if (e instanceof InputError && e.impossible && task.skipImpossible) return { impossible: e.message };
    if (e instanceof InputError) return { inputError: [e.file, e.detail, e.line, e.col, e.impossible] };
    throw e;
  }
}

/** A task's outputs, or (with skipImpossible) why its values are impossible and no outputs. */
export interface TaskOutcome {
  outputs: ReplicateOutput[];
  impossible?: string;
}

/** The outcome of a worker's result; bad input is thrown again here, so the command reports it (exit 2) rather than crashing. */
export function taskOutputs(result: TaskResult): TaskOutcome {
  if ('inputError' in result) throw new InputError(...result.inputError);
  if ('impossible' in result) return { outputs: [], impossible: result.impossible };
  return { outputs: result };
}
