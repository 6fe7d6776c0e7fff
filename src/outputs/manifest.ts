import { parametersForManifest } from '../parameters/resolveParameters.js';
import type { PreparedScenario } from '../runs/prepare.js';
import type { ScenarioPrices } from '../scenario/loadScenario.js';
import type { TargetsFile } from '../scenario/loadTargets.js';
import { TOOL, VERSION } from '../version.js';

/** How a run or comparison was made: what its manifest records besides the scenarios. */
export interface RunRecord {
  argv: string[];
  seed: number;
  replicates: number;
  scale: number;
  traceChildren: number;
  /** run --diagnostics: diagnostics.csv and its chart are written. */
  diagnostics?: boolean;
  /** compare --title: the comparison's own title, for its briefing. */
  title?: string;
  started: Date;
}

/** The first fields of every manifest: the tool and the command that wrote the folder. */
export function manifestHeader(argv: string[]) {
  return { tool: TOOL, version: VERSION, command: ['ehsim', ...argv].join(' ') };
}

export interface ManifestTarget {
  metric: string;
  year: string;
  observed: number;
  tolerance: { relative: number } | { absolute: number };
  label?: string;
  source: { title: string; year: number | string; table?: string; url?: string; note?: string };
}

export interface ManifestTargets {
  file: string;
  sha256: string;
  name: string;
  title?: string;
  targets: ManifestTarget[];
}

/** What run and comparison manifests record of a scenario's targets, so a report needs only the folder. */
export function targetsForManifest(t: TargetsFile): ManifestTargets {
  return { file: t.file, sha256: t.sha256, name: t.name, title: t.title, targets: t.targets };
}

export interface ManifestLever {
  name: string;
  description?: string;
  parameter: string;
  from: string;
  rampYears: number;
  oldValue: number;
  newValue: number;
  source: { title: string; year: number | string };
}

/** Money is recorded as stated, with its price year, and `converted` to the scenario's price year. */
export type ManifestParameters = Record<
  string,
  {
    value: unknown;
    unit: string;
    formula?: string;
    priceYear?: string;
    converted?: { value: unknown; priceYear: string };
    source: { title: string; year: number | string; url?: string; table?: string; note?: string };
    distribution?: Record<string, unknown>;
    file: string;
  }
>;

/** The price year every cost of a scenario is in, and the index that converted its money. */
export interface ManifestPrices {
  priceYear: string;
  file: string;
  sha256: string;
  name: string;
  /** Short name for reports: "HM Treasury GDP deflator, March 2026". */
  title: string;
  version: string;
}

/** A scenario as a manifest records it: who it is, what it changes, the files it read and its parameters. */
export interface ManifestScenario {
  name: string;
  title?: string;
  description?: string;
  policy?: ManifestLever[];
  population?: ManifestPopulation;
  /** Absent when the scenario has no money. */
  prices?: ManifestPrices;
  /** The areas its children belong to (absent: one national run). */
  areas?: ManifestAreas;
  files: { file: string; sha256: string }[];
  parameters: ManifestParameters;
}

/** A scenario's areas: each one's share of the national model, children each reported year and what each lever did there. */
export interface ManifestAreas {
  file: string;
  name: string;
  version: string;
  areas: {
    code: string;
    name: string;
    share: number;
    children: number[];
    levers: { name: string; parameter: string; oldValue: number; newValue: number; changed: boolean; condition?: string }[];
  }[];
}

function areasForManifest(p: PreparedScenario): ManifestAreas | undefined {
  if (!p.areas) return undefined;
  const { file, areas } = p.areas;
  return {
    file: file.file,
    name: file.name,
    version: file.version,
    areas: areas.map((a) => ({
      code: a.code,
      name: a.name,
      share: a.share,
      children: a.population.byYear.map((row) => row.reduce((x, y) => x + y, 0)),
      levers: a.levers.map((l) => ({
        name: l.lever.entry.name,
        parameter: l.lever.entry.parameter,
        oldValue: l.oldValue,
        newValue: l.newValue,
        changed: l.changed,
        ...(l.lever.entry.when?.metric !== undefined ? { condition: 'decided year by year in each replicate (a metric condition): new_value is the value when it holds' } : {}),
      })),
    })),
  };
}

/** The population a scenario ran with: children 0-17 in each reported year, and the rates per child held fixed. */
export interface ManifestPopulation {
  file: string;
  name: string;
  version: string;
  births: number;
  netMigration: number;
  years: { year: string; children: number; kind: string }[];
  /** Per arrival that follows the population: arrivals a year per 10,000 children at each single year of age in the first reported year. */
  perTenThousandByAge: Record<string, number[]>;
}

function populationForManifest(p: PreparedScenario): ManifestPopulation | undefined {
  if (!p.population) return undefined;
  const { file, years } = p.population;
  return {
    file: file.file,
    name: file.name,
    version: file.version,
    births: years.births,
    netMigration: years.netMigration,
    years: p.grid.labels.map((year, i) => ({ year, children: Math.round(years.byYear[i]!.reduce((a, b) => a + b, 0)), kind: years.kind[i]! })),
    perTenThousandByAge: Object.fromEntries(p.model.arrivals.flatMap((a) => (a.population ? [[a.name, a.population.perTenThousand.map((x) => Number(x.toFixed(2)))]] : []))),
  };
}

/** Who the scenario is and what it changes, as manifests record it for reports. */
export function scenarioForManifest(p: PreparedScenario): Pick<ManifestScenario, 'title' | 'description' | 'prices' | 'policy' | 'population' | 'areas'> {
  const population = populationForManifest(p);
  const areas = areasForManifest(p);
  const prices = p.scenario.prices;
  return {
    ...(population ? { population } : {}),
    ...(areas ? { areas } : {}),
    ...(p.scenario.title !== undefined ? { title: p.scenario.title } : {}),
    ...(p.scenario.description !== undefined ? { description: p.scenario.description } : {}),
    ...(prices ? { prices: pricesForManifest(prices) } : {}),
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

/** The price year and index a manifest records of a scenario. */
export function pricesForManifest(prices: ScenarioPrices): ManifestPrices {
  return { priceYear: prices.priceYear, file: prices.index.file, sha256: prices.index.sha256, name: prices.index.name, title: prices.index.title, version: prices.index.version };
}

/** What summary.json says of the price year its money is in. */
export function priceYearStatement(p: PreparedScenario): string {
  const prices = p.scenario.prices;
  if (!prices) return 'none: the scenario has no money parameters';
  return `${prices.priceYear} prices: every money parameter is converted from its own price year with the ${prices.index.title} (${prices.index.file}, version ${prices.index.version}); see manifest.json`;
}

/** The parameters a manifest records of a scenario. */
export function parametersOf(p: PreparedScenario): ManifestParameters {
  return parametersForManifest(p.parameters) as ManifestParameters;
}
