import type { CompiledModel, ModelEpoch } from '../model/compiledModel.js';
import { Replicate, type ReplicateOutput, type ReplicateSettings } from './replicate.js';

export type { ModelEpoch } from '../model/compiledModel.js';
export type { ReplicateOutput } from './replicate.js';

export interface ReplicateInput extends ReplicateSettings {
  /** One compiled model per period of constant parameters, in time order (same model file, so same states). */
  epochs: ModelEpoch[];
  /**
   * Also simulate a second scenario that is identical to this one before `day` (same model file
   * and parameters; its own epochs all start on or after `day`): the run is copied at `day` and
   * continued with `epochs`. Its results are exactly those of running it alone, for the cost of
   * the part after `day` (see runs/pairing.ts for when this holds).
   */
  fork?: { day: number; epochs: ModelEpoch[] };
}

/** The metrics a replicate reports, in order: counters, then derived, then cost_total, then costs by payer. */
export function outputMetrics(model: CompiledModel): string[] {
  return [...model.metrics, ...model.derived.map((d) => d.name), 'cost_total', ...model.payers.map((p) => p.name)];
}

/** Simulates one replicate of a compiled model (and of a fork of it, if asked) and returns its yearly metrics. */
export function simulateReplicate(input: ReplicateInput): ReplicateOutput {
  const replicate = Replicate.start(input, input.epochs, input.fork !== undefined);
  if (!input.fork) {
    replicate.run();
    return replicate.output();
  }
  const { day, epochs } = input.fork;
  if (!(day > input.grid.warmupStart && day < input.grid.bounds.at(-1)!)) throw new Error(`fork day ${day} is not inside the run`);
  replicate.run(day);
  const forked = replicate.fork(epochs);
  replicate.run();
  forked.run();
  return { ...replicate.output(), forked: forked.output() };
}
