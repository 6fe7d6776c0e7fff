import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REGIONAL_HEADER } from '../results/regionalTables.js';
import type { Declarations } from '../model/outcomeDeclarations.js';
import type { ComparisonSummary } from '../results/comparisonSummary.js';
import { ANNUAL_HEADER } from '../results/annualTables.js';
import { COMPARISON_HEADER } from '../results/comparison.js';
import { InputError } from '../scenario/inputError.js';
import type { ComparisonManifest } from './comparisonFolder.js';
import type { ManifestScenario } from './manifest.js';
import type { RunManifest } from './runFolder.js';

export interface AnnualRow {
  scenario: string;
  year: string;
  metric: string;
  mean: number;
  lo95: number;
  hi95: number;
  mcse: number;
}

export interface CumulativeSummary {
  mean: number;
  lo95: number;
  hi95: number;
  mcse: number;
}

/** A or B, with the fields only the other has absent (so a reader can test for them). */
type Either<A, B> = (A & { [K in Exclude<keyof B, keyof A>]?: undefined }) | (B & { [K in Exclude<keyof A, keyof B>]?: undefined });

/** manifest.json of a run or a comparison folder, read back. */
export type Manifest = Either<RunManifest, ComparisonManifest>;

/** The scenarios of a run or comparison manifest, baseline first. */
export function manifestScenarios(m: Manifest): ManifestScenario[] {
  if (m.scenarios !== undefined) return m.scenarios;
  return [{ ...m, name: m.scenario }];
}

/** What a run or comparison folder holds, read back for charts and briefings. */
export interface RunFolder {
  dir: string;
  manifest: Manifest;
  /** The model's declared outcomes and report contents, from the manifest. */
  declarations: Declarations;
  annual: AnnualRow[];
  scenarios: string[];
  /** Present for comparisons: scenario minus baseline, paired by replicate (comparison.csv). */
  differences?: AnnualRow[];
  /** With areas: regional.csv (every scenario's levels, area by area) and, for comparisons, regional-effects.csv (paired differences). */
  regional?: RegionalRow[];
  regionalEffects?: RegionalRow[];
  /** Present for comparisons (summary.json); outcomes can also be looked up by name. */
  summary?: ComparisonSummary & {
    scenarios: Record<string, Record<string, CumulativeSummary | null>>;
    cumulative_by_year: Record<string, Record<string, Record<string, CumulativeSummary>>>;
  };
}

/** Splits one CSV line (fields may be quoted, with "" for a quote). */
function splitCsv(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** Reads a run or comparison folder back (what the report needs: manifest, annual.csv, comparison.csv, summary.json). */
export function readRunFolder(dir: string): RunFolder {
  const need = (f: string) => {
    const p = path.join(dir, f);
    if (!existsSync(p)) throw new InputError(dir, `not an ehsim run or comparison folder (no ${f})`);
    return readFileSync(p, 'utf8');
  };
  // A damaged file is bad input (exit 2), named, never an internal error.
  const json = (f: string, text: string): unknown => {
    try {
      const v = JSON.parse(text) as unknown;
      if (v === null || typeof v !== 'object') throw new Error('not a JSON object');
      return v;
    } catch (e) {
      throw new InputError(path.join(dir, f), `is damaged (${(e as Error).message}): run the command that wrote this folder again`);
    }
  };
  const manifest = json('manifest.json', need('manifest.json')) as Manifest;
  const declarations = manifest.declarations;
  if (!declarations) throw new InputError(path.join(dir, 'manifest.json'), 'records no outcome declarations (written by an older ehsim): run it again to report it');
  const annual = readTable(path.join(dir, 'annual.csv'), need('annual.csv'), ANNUAL_HEADER.join());
  const comparisonPath = path.join(dir, 'comparison.csv');
  const differences = existsSync(comparisonPath)
    ? readTable(comparisonPath, readFileSync(comparisonPath, 'utf8'), COMPARISON_HEADER.join())
    : undefined;
  const scenarios = [...new Set(annual.map((r) => r.scenario))];
  const summaryPath = path.join(dir, 'summary.json');
  const summary = existsSync(summaryPath) ? (json('summary.json', readFileSync(summaryPath, 'utf8')) as RunFolder['summary']) : undefined;
  if (summary && (typeof summary.scenarios !== 'object' || summary.scenarios === null)) throw new InputError(summaryPath, 'is damaged (no scenarios): run the comparison again');
  const optional = (f: string) => (existsSync(path.join(dir, f)) ? readRegional(path.join(dir, f)) : undefined);
  return { dir, manifest, declarations, annual, scenarios, summary, differences, regional: optional('regional.csv'), regionalEffects: optional('regional-effects.csv') };
}

/** A row of regional.csv or regional-effects.csv. */
export interface RegionalRow extends AnnualRow {
  area: string;
}

function readRegional(file: string): RegionalRow[] {
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  if (lines[0] !== REGIONAL_HEADER.join()) throw new InputError(file, `unexpected header (expected ${REGIONAL_HEADER.join()})`);
  const num = (s: string | undefined) => (s === undefined || s === '' ? NaN : Number(s));
  return lines.slice(1).map((l) => {
    const [scenario, area, year, metric, mean, lo95, hi95, mcse] = splitCsv(l);
    return { scenario: scenario!, area: area!, year: year!, metric: metric!, mean: num(mean), lo95: num(lo95), hi95: num(hi95), mcse: num(mcse) };
  });
}

/** Reads annual.csv or comparison.csv (same columns: scenario, year, metric, mean, lo95, hi95, mcse). */
function readTable(file: string, text: string, header: string): AnnualRow[] {
  const lines = text.trimEnd().split('\n');
  if (lines[0] !== header) throw new InputError(file, `unexpected header (expected ${header})`);
  const num = (s: string | undefined) => (s === undefined || s === '' ? NaN : Number(s));
  return lines.slice(1).map((l) => {
    const [scenario, year, metric, mean, lo95, hi95, mcse] = splitCsv(l);
    return { scenario: scenario!, year: year!, metric: metric!, mean: num(mean), lo95: num(lo95), hi95: num(hi95), mcse: num(mcse) };
  });
}
