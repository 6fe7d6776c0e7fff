import { createHash } from 'node:crypto';
import path from 'node:path';
import { InputError } from './inputError.js';
import { loadPrices, yearsCovered, type PriceIndex } from './loadPrices.js';
import { readDiscountSchedule } from './loadDiscounting.js';
import { checkSchema } from './schemaCheck.js';
import { readSourceFile, type SourceFile } from './sourceFile.js';
import { inUnitOf } from './unitOverride.js';
import { checkParameterShapes, type Table, type UncertaintySpec } from './checkShapes.js';

export { checkUncertainty } from './checkShapes.js';

export interface SourceRef {
  title: string;
  year: number | string;
  table?: string;
  url?: string;
  note?: string;
}

export type { Table, UncertaintySpec } from './checkShapes.js';

export interface ParameterEntry {
  value?: number | Table;
  formula?: string;
  unit: string;
  description?: string;
  priceYear?: string;
  source: SourceRef;
  distribution?: UncertaintySpec;
  /** A policy's dose, not an uncertainty: never sampled by the tornado or PSA. */
  policy?: boolean;
  /** The value and unit as written, when the file stated it in another unit than the parameter's (converted into `value`). */
  statedAs?: { value: number; unit: string };
}

/** A parameter as declared, with the file and field it came from. */
export interface DeclaredParameter {
  name: string;
  entry: ParameterEntry;
  origin: SourceFile;
}

export interface LeverEntry {
  name: string;
  description?: string;
  parameter: string;
  set?: number | string;
  add?: number | string;
  scale?: number | string;
  from: string;
  rampYears?: number;
  /** The unit of a number given to set or add, converted to the parameter's. */
  unit?: string;
  onlyIfBelow?: number;
  onlyIfAbove?: number;
  /** Areas (codes or names) where the lever applies; absent: every area (or the whole run without areas). */
  areas?: string[];
  /** Apply only where and while this holds in the area (docs/levers.md). */
  when?: LeverCondition;
  /** How a national amount is shared between areas: by children (default) or children weighted by a parameter. */
  allocate?: { by?: 'children'; weight?: string };
  source: SourceRef;
}

/** A lever's condition: a parameter (checked at each change of parameters) or a metric of the previous year (checked at each year's start). */
export interface LeverCondition {
  parameter?: string;
  metric?: string;
  per10k?: boolean;
  /** A number, or a parameter's name (its value where the condition is tested). */
  below?: number | string;
  above?: number | string;
}

/** A lever as declared, with the file and its position in that file's `policy` list. */
export interface DeclaredLever {
  entry: LeverEntry;
  origin: SourceFile;
  index: number;
}

export interface Calendar {
  start: string;
  warmupYears: number;
  horizonYears: number;
}

/** The price index a scenario converts money with, and the price year it reports costs in. */
export interface ScenarioPrices {
  index: PriceIndex;
  /** The scenario's price year: its `priceYear`, or the index's base year when it states none. */
  priceYear: string;
  /** Whether some file of the chain stated `priceYear`. */
  stated: boolean;
}

/** A scenario after following its `extends` chain. The files it read are never modified. */
export interface Scenario {
  name: string;
  title?: string;
  description?: string;
  /** The files read, the scenario itself first, then what it extends. */
  files: { file: string; sha256: string }[];
  modelFile: string;
  /** The discount-rate schedule used by comparisons (inherited through extends). */
  appraisalFile?: string;
  /** Calibration targets the scenario is checked against (inherited through extends). */
  targetsFile?: string;
  /** Children by single year of age and the parameters that project them (inherited through extends). */
  population?: PopulationSpec;
  /** The areas file (inherited through extends; `areas: null` drops it). */
  areasFile?: string;
  /** The price index and price year money is converted to (`prices`, `priceYear`; inherited through extends). */
  prices?: ScenarioPrices;
  calendar: Calendar;
  parameters: Map<string, DeclaredParameter>;
  /** Levers of the scenarios extended first, then this one's, in order. */
  levers: DeclaredLever[];
  source: SourceFile;
}

/** The scenario's `population`: the observed file (path resolved) and the projection's parameters. */
export interface PopulationSpec {
  file: string;
  births: string;
  netMigration: string;
  /** The scenario file that declared it (errors about it are located there). */
  origin: SourceFile;
}

interface RawScenario {
  name: string;
  title?: string;
  description?: string;
  extends?: string;
  model?: string;
  appraisal?: string;
  targets?: string;
  population?: { file: string; births: string; netMigration: string };
  areas?: string | null;
  withoutPolicy?: string[];
  prices?: string;
  priceYear?: string;
  calendar?: Partial<Calendar>;
  parameters?: Record<string, ParameterEntry>;
  policy?: LeverEntry[];
}

const DEFAULT_CALENDAR: Calendar = { start: '2019-04-01', warmupYears: 3, horizonYears: 11 };

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Loads a scenario file and everything it extends. */
export function loadScenario(file: string): Scenario {
  return load(file, []);
}

function load(file: string, chain: string[]): Scenario {
  const source = readSourceFile(file);
  checkSchema(source, 'scenario');
  const raw = source.data as RawScenario;
  checkParameterShapes(source, raw);

  let base: Scenario | null = null;
  if (raw.extends) {
    const target = relativeTo(file, raw.extends);
    const abs = path.resolve(target);
    if ([...chain, source.absolutePath].includes(abs)) {
      const { line, col } = source.locate(['extends']);
      throw new InputError(file, `extends: cycle of scenarios (${[...chain, source.absolutePath, abs].map((p) => path.relative(process.cwd(), p)).join(' -> ')})`, line, col);
    }
    try {
      base = load(target, [...chain, source.absolutePath]);
    } catch (e) {
      if (e instanceof InputError && e.file === target && e.line === undefined) {
        const { line, col } = source.locate(['extends']);
        throw new InputError(file, `extends: cannot read '${raw.extends}': ${e.detail}`, line, col);
      }
      throw e;
    }
  }

  let modelFile: string;
  if (raw.model) modelFile = relativeTo(file, raw.model);
  else if (base) modelFile = base.modelFile;
  else throw source.error([], "missing required key 'model' (a scenario must name a model file or extend one that does)");

  const parameters = new Map(base?.parameters ?? []);
  for (const [name, entry] of Object.entries(raw.parameters ?? {})) {
    const replaced = parameters.get(name);
    parameters.set(name, { name, entry: inUnitOf(source, name, entry, replaced && { unit: replaced.entry.unit, file: replaced.origin.file }), origin: source });
  }
  const calendar: Calendar = { ...DEFAULT_CALENDAR, ...(base?.calendar ?? {}), ...(raw.calendar ?? {}) };
  return {
    name: raw.name,
    title: raw.title ?? base?.title,
    description: raw.description ?? (raw.extends ? undefined : base?.description),
    files: [{ file, sha256: sha256(source.text) }, ...(base?.files ?? [])],
    modelFile,
    appraisalFile: raw.appraisal ? appraisalOf(source, file, raw.appraisal) : base?.appraisalFile,
    targetsFile: raw.targets ? relativeTo(file, raw.targets) : base?.targetsFile,
    ...withPrices(source, file, raw, base?.prices),
    calendar,
    parameters,
    population: raw.population ? { ...raw.population, file: relativeTo(file, raw.population.file), origin: source } : base?.population,
    areasFile: raw.areas === null ? undefined : raw.areas !== undefined ? relativeTo(file, raw.areas) : base?.areasFile,
    levers: [...inheritedLevers(source, raw, base), ...(raw.policy ?? []).map((entry, index) => ({ entry, origin: source, index }))],
    source,
  };
}

/** The discount-rate schedule a scenario names, read now so a wrong file is found by validate, not at the end of a comparison. */
function appraisalOf(source: SourceFile, file: string, named: string): string {
  const target = relativeTo(file, named);
  let data: Record<string, unknown>;
  try {
    data = readSourceFile(target).data as Record<string, unknown>;
  } catch (e) {
    // A missing or unreadable file: at the scenario's key that names it.
    if (e instanceof InputError && e.file === target && e.line === undefined) throw source.error(['appraisal'], `cannot read '${named}': ${e.detail}`);
    throw e;
  }
  if (!('schedule' in data)) throw source.error(['appraisal'], `'${named}' is not a discount-rate schedule (it has no 'schedule'; see schemas/discounting.schema.json)`);
  readDiscountSchedule(target);
  return target;
}

/** The levers of the scenarios extended, less those named in `withoutPolicy` (each must exist). */
function inheritedLevers(source: SourceFile, raw: RawScenario, base: Scenario | null): DeclaredLever[] {
  const drop = raw.withoutPolicy ?? [];
  const levers = base?.levers ?? [];
  drop.forEach((name, i) => {
    if (!levers.some((l) => l.entry.name === name)) {
      const known = levers.map((l) => l.entry.name);
      throw source.error(['withoutPolicy', i], `no inherited lever is named '${name}'${known.length ? ` (inherited: ${[...new Set(known)].join(', ')})` : ' (nothing is inherited)'}`);
    }
  });
  return levers.filter((l) => !drop.includes(l.entry.name));
}

/**
 * The scenario's price index and price year: this file's `prices` (read here, so a bad or missing
 * index is reported at that field) or the one it extends, and its `priceYear`, the one it extends
 * stated, or else the index's base year. The price year must be a year of the index.
 */
function withPrices(source: SourceFile, file: string, raw: RawScenario, inherited: ScenarioPrices | undefined): { prices?: ScenarioPrices } {
  let index = inherited?.index;
  if (raw.prices) {
    const target = relativeTo(file, raw.prices);
    try {
      index = loadPrices(target);
    } catch (e) {
      if (e instanceof InputError && e.file === target && e.line === undefined) throw source.error(['prices'], `cannot read '${raw.prices}': ${e.detail}`);
      throw e;
    }
  }
  const stated = raw.priceYear ?? (inherited?.stated ? inherited.priceYear : undefined);
  if (!index) {
    if (raw.priceYear) throw source.error(['priceYear'], "a price year needs a price index: add 'prices' (a file such as ../prices/hmt-gdp-deflator-2026-03.yaml)");
    return {};
  }
  const priceYear = stated ?? index.baseYear;
  if (!index.index.has(priceYear)) {
    throw source.error(raw.priceYear ? ['priceYear'] : ['prices'], `price year ${priceYear} is not in the price index ${index.file} (${yearsCovered(index)})`);
  }
  return { prices: { index, priceYear, stated: stated !== undefined } };
}

/** A path written in `file`, relative to that file's folder unless absolute. */
function relativeTo(file: string, target: string): string {
  return path.isAbsolute(target) ? target : path.join(path.dirname(file), target);
}
