import path from 'node:path';
import { yearGrid, type YearGrid } from './model/calendar.js';
import { compileModel, type CompiledModel } from './model/compileModel.js';
import { compileDeclarations } from './model/compileOutcomes.js';
import type { Declarations } from './model/outcomeDeclarations.js';
import { readModelFile, type ModelFile } from './model/modelFile.js';
import { outputMetrics, simulateReplicate, type ModelEpoch, type ReplicateInput, type ReplicateOutput } from './simulation/simulateReplicate.js';
import { planPolicy, type LeverPlan } from './parameters/levers.js';
import { runOnWorkers } from './parallel/replicatePool.js';
import { formulaDependents, LeverValueError, resolveParameters, type ResolvedParameters } from './parameters/resolveParameters.js';
import { argumentError, InputError } from './scenario/inputError.js';
import { loadScenario, sha256, type Scenario } from './scenario/loadScenario.js';
import { readDiscountSchedule } from './results/discounting.js';
import { checkTargetsAgainst, loadTargets, type TargetsFile } from './scenario/loadTargets.js';

/** Everything a run needs, read and checked before any simulation starts. */
export interface PreparedScenario {
  scenario: Scenario;
  parameters: ResolvedParameters;
  modelFile: ModelFile;
  /** The model with the scenario's parameters before any lever. */
  model: CompiledModel;
  /** One compiled model per period of constant parameters (the first is `model`). */
  epochs: ModelEpoch[];
  levers: LeverPlan[];
  /** Model fields that read a parameter, directly or through formulas that use it. */
  readersOf: (parameter: string) => string[];
  grid: YearGrid;
  metrics: string[];
  /** What the model declares a comparison, a briefing and the terminal tables report. */
  declared: Declarations;
  /** The scenario's calibration targets, checked against its metrics and years. */
  targets?: TargetsFile;
  /** Files read, with hashes: scenario chain then model. */
  files: { file: string; sha256: string }[];
}

/** scenario -> parameters -> model: loads, validates and compiles; throws InputError on bad input. */
export function prepareScenario(file: string, overrides?: ReadonlyMap<string, number>): PreparedScenario {
  const scenario = loadScenario(file);
  const parameters = resolveOverridden(scenario, overrides);
  const modelFile = readNamedFile(scenario, file, 'model', scenario.modelFile, readModelFile);
  const model = compileModel(modelFile, parameters);
  const grid = yearGrid(scenario.calendar.start, scenario.calendar.warmupYears, scenario.calendar.horizonYears);
  const dependents = formulaDependents(scenario);
  const readersOf = (name: string, seen = new Set<string>()): string[] => {
    if (seen.has(name)) return [];
    seen.add(name);
    return [...(model.parametersRead.get(name) ?? []), ...(dependents.get(name) ?? []).flatMap((d) => readersOf(d, seen))];
  };
  const plan = planPolicy(scenario, parameters, grid.bounds.at(-1)!, (p) => readersOf(p).length > 0, overrides);
  const metrics = outputMetrics(model);
  const declared = compileDeclarations(modelFile, metrics, model.costMetrics.map((m) => model.metrics[m]!));
  const targets = scenario.targetsFile ? readNamedFile(scenario, file, 'targets', scenario.targetsFile, loadTargets) : undefined;
  if (targets) checkTargetsAgainst(targets, metrics, grid.labels);
  const epochs = plan.epochs.map((e, i) => ({ start: e.start, model: i === 0 ? model : compileModel(modelFile, e.parameters) }));
  return {
    scenario,
    parameters,
    modelFile,
    model,
    epochs,
    levers: plan.levers,
    readersOf: (p) => [...new Set(readersOf(p))],
    grid,
    metrics,
    declared,
    targets,
    files: [...scenario.files, { file: scenario.modelFile, sha256: sha256(modelFile.source.text) }],
  };
}

/**
 * Parameters with some values replaced (by sensitivity analysis, sweeps and calibration):
 * an unknown name, a table or a value outside the unit's range is a usage error.
 */
function resolveOverridden(scenario: Scenario, overrides?: ReadonlyMap<string, number>): ResolvedParameters {
  if (!overrides || overrides.size === 0) return resolveParameters(scenario);
  for (const name of overrides.keys()) {
    const d = scenario.parameters.get(name);
    if (!d) throw argumentError(`${scenario.name} has no parameter '${name}'`);
    if (typeof d.entry.value === 'object') throw argumentError(`parameter '${name}' is a table; only numbers can be varied`);
  }
  try {
    return resolveParameters(scenario, overrides);
  } catch (e) {
    if (e instanceof LeverValueError) throw argumentError(`${e.parameter} = ${e.value} is impossible: ${e.problem}`);
    throw e;
  }
}

/**
 * Checks parameter values for a scenario without compiling it: known numeric parameters, each
 * within its unit's range, before and after every lever. (What only compiling can find, such as
 * probabilities that no longer sum to 1 or less, is found by the worker that compiles it.)
 */
export function checkOverrides(file: string, overrides: ReadonlyMap<string, number>): void {
  const scenario = loadScenario(file);
  resolveOverridden(scenario, overrides);
}

/** Reads a file the scenario names in `field`; a missing or unreadable one is reported at that field. */
function readNamedFile<T>(scenario: Scenario, file: string, field: string, target: string, read: (file: string) => T): T {
  try {
    return read(target);
  } catch (e) {
    if (e instanceof InputError && e.line === undefined && e.file === target) {
      const owner = scenario.source;
      const { line, col } = owner.locate([field]);
      throw new InputError(owner.file, `${field}: cannot read '${path.relative(path.dirname(file), target)}': ${e.detail}`, line, col);
    }
    throw e;
  }
}

/** What run and compare manifests record of a scenario's targets, so a report needs only the folder. */
export function targetsForManifest(t: TargetsFile | undefined) {
  if (!t) return undefined;
  return { file: t.file, sha256: t.sha256, name: t.name, title: t.title, targets: t.targets };
}

/** Who the scenario is and what it changes, as manifests record it for reports. */
export function scenarioForManifest(p: PreparedScenario) {
  return {
    ...(p.scenario.title !== undefined ? { title: p.scenario.title } : {}),
    ...(p.scenario.description !== undefined ? { description: p.scenario.description } : {}),
    policy: p.levers.map((l) => ({
      name: l.lever.entry.name,
      ...(l.lever.entry.description !== undefined ? { description: l.lever.entry.description } : {}),
      parameter: l.lever.entry.parameter,
      from: l.lever.entry.from,
      rampYears: l.lever.entry.rampYears ?? 0,
      oldValue: l.oldValue,
      newValue: l.newValue,
      source: l.lever.entry.source,
    })),
  };
}

export interface RunSettings {
  replicates: number;
  /** Run only these replicates (a shard); default all of 0..replicates-1. */
  only?: number[];
  seed: number;
  scale: number;
  traceChildren?: number;
  streamSalt?: string;
}

/** Runs replicates one after another, handing each result to `onReplicate` as it completes. */
export function runReplicates(prepared: PreparedScenario, settings: RunSettings, onReplicate: (r: number, out: ReplicateOutput) => void): void {
  for (const r of settings.only ?? Array.from({ length: settings.replicates }, (_, i) => i)) {
    const out = simulateReplicate({
      epochs: prepared.epochs,
      grid: prepared.grid,
      seed: settings.seed,
      replicate: r,
      scale: settings.scale,
      traceChildren: settings.traceChildren,
      streamSalt: settings.streamSalt,
    });
    onReplicate(r, out);
  }
}

/**
 * Runs every replicate of every scenario, on `workers` threads (1: in this
 * thread), and hands results back in (scenario, replicate) order, so the
 * outputs do not depend on the number of workers.
 */
export async function runAll(
  scenarios: { prepared: PreparedScenario; file: string; streamSalt?: string; overrides?: ReadonlyMap<string, number> }[],
  settings: RunSettings & { workers: number; onInterrupt?: (cleanup: () => void) => () => void },
  onReplicate: (scenario: number, replicate: number, out: ReplicateOutput) => void,
): Promise<void> {
  if (settings.workers <= 1) {
    scenarios.forEach((s, k) => runReplicates(s.prepared, { ...settings, streamSalt: s.streamSalt }, (r, out) => onReplicate(k, r, out)));
    return;
  }
  const list = settings.only ?? Array.from({ length: settings.replicates }, (_, i) => i);
  const tasks = scenarios.flatMap((s, k) =>
    list.map((r) => ({
      k,
      task: {
        file: s.file,
        overrides: s.overrides ? [...s.overrides] : [],
        replicate: r,
        seed: settings.seed,
        scale: settings.scale,
        traceChildren: settings.traceChildren ?? 0,
        streamSalt: s.streamSalt ?? '',
      },
    })),
  );
  await runOnWorkers(
    tasks.map((t) => t.task),
    settings.workers,
    (i, out) => onReplicate(tasks[i]!.k, tasks[i]!.task.replicate, out),
    settings.onInterrupt,
  );
}

/** Every scenario must share the baseline's model and calendar, and names must differ. */
export function checkComparable(scenarios: { file: string; prepared: PreparedScenario }[]): void {
  const base = scenarios[0]!.prepared;
  const names = new Set<string>();
  for (const { file, prepared: p } of scenarios) {
    if (names.has(p.scenario.name)) throw new InputError(file, `scenario name '${p.scenario.name}' is used twice in this comparison`);
    names.add(p.scenario.name);
    if (p.grid.labels.join() !== base.grid.labels.join() || p.metrics.join() !== base.metrics.join()) {
      throw new InputError(file, `cannot be compared with ${scenarios[0]!.file}: it must use the same model and calendar`);
    }
  }
}

/** The baseline's discount-rate schedule (comparisons need one). */
export function discountScheduleOf(baseline: { file: string; prepared: PreparedScenario }) {
  if (!baseline.prepared.scenario.appraisalFile) throw new InputError(baseline.file, "the baseline names no discount-rate schedule ('appraisal')");
  return readDiscountSchedule(baseline.prepared.scenario.appraisalFile);
}

/**
 * The day from which `other` can be simulated as a fork of `base` (simulateReplicate's `fork`),
 * or null when it cannot: both must use the same model file and calendar and have the same
 * parameters before their first lever, which must fall inside the run after the warm-up starts.
 * Before that day the two runs are then the same, draw for draw.
 */
export function forkDay(base: PreparedScenario, other: PreparedScenario): number | null {
  if (path.resolve(base.scenario.modelFile) !== path.resolve(other.scenario.modelFile)) return null;
  if (base.grid.warmupStart !== other.grid.warmupStart || base.grid.bounds.join() !== other.grid.bounds.join()) return null;
  if (base.parameters.size !== other.parameters.size) return null;
  for (const [name, p] of base.parameters) {
    const q = other.parameters.get(name);
    if (!q || JSON.stringify(q.value) !== JSON.stringify(p.value)) return null;
  }
  const day = Math.min(base.epochs[1]?.start ?? Infinity, other.epochs[1]?.start ?? Infinity);
  if (!(day > base.grid.warmupStart && day < base.grid.bounds.at(-1)!)) return null;
  return day;
}

/** Both scenarios of a pair: one run forked at the first lever where possible, else two runs. */
export function simulatePair(base: PreparedScenario, other: PreparedScenario, common: Omit<ReplicateInput, 'epochs' | 'fork'>): ReplicateOutput {
  const day = common.traceChildren ? null : forkDay(base, other);
  if (day !== null) return simulateReplicate({ ...common, epochs: base.epochs, fork: { day, epochs: other.epochs } });
  return { ...simulateReplicate({ ...common, epochs: base.epochs }), forked: simulateReplicate({ ...common, epochs: other.epochs }) };
}
