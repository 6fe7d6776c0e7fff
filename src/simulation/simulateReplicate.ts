import type { CompiledModel, ModelEpoch } from '../model/compiledModel.js';
import { Replicate, type EpochControl, type ReplicateOutput, type ReplicateSettings } from './replicate.js';

export type { ModelEpoch } from '../model/compiledModel.js';
export type { ReplicateOutput } from './replicate.js';

/** A scenario identical to the run it forks from before `day` (same model file and parameters; its own epochs all start on or after `day`). */
export interface Fork {
  day: number;
  epochs: ModelEpoch[];
  /** Changes the fork's epochs as it runs (levers whose condition tests a metric), or null. */
  control?: EpochControl | null;
}

export interface ReplicateInput extends ReplicateSettings {
  /** One compiled model per period of constant parameters, in time order (same model file, so same states). */
  epochs: ModelEpoch[];
  /** Changes the epochs as the run goes (levers whose condition tests a metric), or null. */
  control?: EpochControl | null;
}

/** The metrics a replicate reports, in order: counters, then derived, then cost_total, then costs by payer. */
export function outputMetrics(model: CompiledModel): string[] {
  return [...model.metrics, ...model.derived.map((d) => d.name), 'cost_total', ...model.payers.map((p) => p.name)];
}

/** Simulates one replicate of a compiled model and returns its yearly metrics. */
export function simulateReplicate(input: ReplicateInput): ReplicateOutput {
  // Epochs switched as it runs redraw pending arrivals, which needs streams that count their draws.
  const replicate = Replicate.start(input, input.epochs, Boolean(input.control));
  replicate.runWith(input.control ?? null);
  return replicate.output();
}

/**
 * A stored state to start from: the replicate as it stands on `day` (a boundary, on or before the
 * first fork), loaded if a previous run stored it, else simulated and offered to `save`. The store
 * (and its checks) is the caller's: the simulation does no I/O.
 */
export interface WarmStart {
  day: number;
  load(): unknown;
  save(stored: unknown): void;
}

/**
 * Simulates one replicate of a scenario and of every fork of it: the run is copied at each
 * fork's day and the copy continued with the fork's epochs, so the years before it are
 * simulated once. Each result is exactly that of running its scenario alone (see runs/fork.ts
 * for when a scenario can fork). Returns the base's output, then each fork's, in order. With a
 * warm start, the years before its day are not simulated at all when it has them stored.
 */
export function simulateForks(input: ReplicateInput, forks: Fork[], warm: WarmStart | null = null): ReplicateOutput[] {
  if (input.control) throw new Error('a run whose epochs change as it goes cannot be forked from');
  const base = warm ? warmBase(input, warm) : Replicate.start(input, input.epochs, true);
  const end = input.grid.bounds.at(-1)!;
  const outputs: ReplicateOutput[] = new Array(forks.length);
  const byDay = forks.map((f, i) => ({ ...f, i })).sort((a, b) => a.day - b.day);
  for (const f of byDay) {
    if (!(f.day > input.grid.warmupStart && f.day < end)) throw new Error(`fork day ${f.day} is not inside the run`);
    if (warm && f.day < warm.day) throw new Error(`fork day ${f.day} is before the warm start's day ${warm.day}`);
    base.run(f.day);
    // Each copy runs to the end before the next is made: two replicates in memory at a time.
    const copy = base.fork(f.epochs);
    copy.runWith(f.control ?? null);
    outputs[f.i] = copy.output();
  }
  base.run();
  return [base.output(), ...outputs];
}

/** The base replicate on the warm start's day: restored from what was stored, or simulated to it and stored. */
function warmBase(input: ReplicateInput, warm: WarmStart): Replicate {
  const stored = warm.load();
  if (stored !== null && stored !== undefined) {
    try {
      const r = Replicate.restore(input, input.epochs, stored);
      if (r.now === warm.day) return r;
    } catch {
      // A stored state that cannot be rebuilt is never trusted: simulate instead.
    }
  }
  const base = Replicate.start(input, input.epochs, true);
  base.run(warm.day);
  warm.save(base.save());
  return base;
}
