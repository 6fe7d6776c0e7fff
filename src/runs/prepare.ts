import path from 'node:path';
import { yearGrid, type YearGrid } from '../model/calendar.js';
import { compileModel, type CompiledModel } from '../model/compileModel.js';
import { readModelFile, type ModelFile } from '../model/modelFile.js';
import { outputMetrics, type ModelEpoch } from '../simulation/simulateReplicate.js';
import { compileDeclarations } from '../model/compileOutcomes.js';
import type { Declarations } from '../model/outcomeDeclarations.js';
import { planPolicy, type LeverPlan } from '../parameters/levers.js';
import { formulaDependents, LeverValueError, resolveParameters, type ResolvedParameters } from '../parameters/resolveParameters.js';
import { argumentError, InputError } from '../scenario/inputError.js';
import { loadScenario, sha256, type Scenario } from '../scenario/loadScenario.js';
import { readPopulationFile, type PopulationFile } from '../scenario/loadPopulation.js';
import { populationByYear, type YearPopulations } from '../model/population.js';
import { checkTargetsAgainst, loadTargets, type TargetsFile } from '../scenario/loadTargets.js';
import { prepareAreas, type PreparedAreas } from './prepareAreas.js';
import { fileKind } from '../scenario/fileKind.js';
import { readSourceFile } from '../scenario/sourceFile.js';

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
  /** Children by single year of age in each reported year, and the file they came from (null without a population). */
  population: { file: PopulationFile; years: YearPopulations } | null;
  /** The areas each child belongs to, each prepared to simulate (null: one national run). */
  areas: PreparedAreas | null;
  /** Files read, with hashes: scenario chain then model. */
  files: { file: string; sha256: string }[];
}

/** scenario -> parameters -> model: loads, validates and compiles; throws InputError on bad input. */
export function prepareScenario(file: string, overrides?: ReadonlyMap<string, number>): PreparedScenario {
  const scenario = loadScenario(file);
  const parameters = resolveOverridden(scenario, overrides);
  const modelFile = readNamedFile(scenario, file, 'model', scenario.modelFile, readModelFile);
  const grid = yearGrid(scenario.calendar.start, scenario.calendar.warmupYears, scenario.calendar.horizonYears);
  const population = scenarioPopulation(scenario, file, parameters, grid.labels);
  const model = compileModel(modelFile, parameters, population?.years);
  const dependents = formulaDependents(scenario);
  const readersOf = (name: string, seen = new Set<string>()): string[] => {
    if (seen.has(name)) return [];
    seen.add(name);
    return [...(model.parametersRead.get(name) ?? []), ...(dependents.get(name) ?? []).flatMap((d) => readersOf(d, seen))];
  };
  const readBy = (p: string) => readersOf(p).length > 0;
  const metrics = outputMetrics(model);
  const areas = prepareAreas({ scenario, national: parameters, modelFile, grid, metrics, fixed: overrides ?? new Map(), readBy, nationalPopulation: population?.years ?? null });
  // With areas, a lever may change nothing nationally and still change some area (checked there).
  const lenient = areas ? { code: 'England', values: new Map(), applies: () => true, allocation: () => 1, per10k: (v: number) => v, metricHolds: () => true, yearStarts: grid.bounds.slice(0, -1) } : undefined;
  const plan = planPolicy(scenario, parameters, grid.bounds.at(-1)!, readBy, overrides, lenient);
  const declared = compileDeclarations(modelFile, metrics, model.costMetrics.map((m) => model.metrics[m]!), model.totalCostMetrics.map((m) => model.metrics[m]!));
  const targets = scenario.targetsFile ? readNamedFile(scenario, file, 'targets', scenario.targetsFile, loadTargets) : undefined;
  if (targets) checkTargetsAgainst(targets, metrics, grid.labels);
  let last = model;
  const epochs = areas ? [{ start: -Infinity, model }] : plan.epochs.map((e, i) => ({ start: e.start, model: i === 0 ? model : (last = compileModel(modelFile, e.parameters, population?.years, last)) }));
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
    population,
    areas,
    files: [
      ...scenario.files,
      { file: scenario.modelFile, sha256: sha256(modelFile.source.text) },
      ...(population ? [{ file: population.file.file, sha256: sha256(readSourceFile(population.file.file).text) }] : []),
      ...(areas ? [areas.file.file, ...areas.file.areas.map((a) => a.population.file)].map((f) => ({ file: f, sha256: sha256(readSourceFile(f).text) })) : []),
    ],
  };
}

/** The scenario's population in each reported year (observed, then projected with its births and net migration). */
function scenarioPopulation(scenario: Scenario, file: string, params: ResolvedParameters, labels: string[]): PreparedScenario['population'] {
  const spec = scenario.population;
  if (!spec) return null;
  const owner = { ...scenario, source: spec.origin };
  const popFile = readNamedFile(owner, file, 'population', spec.file, readPopulationFile);
  const number = (field: 'births' | 'netMigration'): number => {
    const p = params.get(spec[field]);
    if (!p) throw spec.origin.error(['population', field], `unknown parameter '${spec[field]}'`);
    if (typeof p.value !== 'number') throw spec.origin.error(['population', field], `parameter '${spec[field]}' is a table, expected a number`);
    return p.value;
  };
  const births = number('births');
  if (births < 0) throw spec.origin.error(['population', 'births'], `births must be >= 0, got ${births}`);
  return { file: popFile, years: populationByYear(labels, popFile.years, popFile.counts, births, number('netMigration')) };
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

/** Every scenario must share the baseline's model, calendar and price year (and price index), and names must differ. */
export function checkComparable(scenarios: { file: string; prepared: PreparedScenario }[]): void {
  const base = scenarios[0]!.prepared;
  const names = new Set<string>();
  for (const { file, prepared: p } of scenarios) {
    if (names.has(p.scenario.name)) throw new InputError(file, `scenario name '${p.scenario.name}' is used twice in this comparison`);
    names.add(p.scenario.name);
    if (p.grid.labels.join() !== base.grid.labels.join() || p.metrics.join() !== base.metrics.join()) {
      throw new InputError(file, `cannot be compared with ${scenarios[0]!.file}: it must use the same model and calendar`);
    }
    const prices = (q: PreparedScenario) => (q.scenario.prices ? `${q.scenario.prices.priceYear} prices (${q.scenario.prices.index.title})` : 'no price year');
    if (prices(p) !== prices(base)) throw new InputError(file, `cannot be compared with ${scenarios[0]!.file}: its money is in ${prices(p)}, the baseline's in ${prices(base)}`);
  }
}

/** The model definition of a model file, or of the model a scenario uses. */
export function modelDefinitionOf(file: string): ModelFile['def'] {
  return fileKind(file) === 'model' ? readModelFile(file).def : prepareScenario(file).modelFile.def;
}
