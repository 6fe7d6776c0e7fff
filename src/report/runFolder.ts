import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Declarations } from '../model/outcomeDeclarations.js';
import { InputError } from '../scenario/inputError.js';

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

export interface ManifestTarget {
  metric: string;
  year: string;
  observed: number;
  tolerance: { relative: number } | { absolute: number };
  label?: string;
  source: { title: string; year: number | string; table?: string; url?: string; note?: string };
}

export interface ManifestScenario {
  name: string;
  title?: string;
  description?: string;
  policy?: { name: string; description?: string; parameter: string; from: string; rampYears: number; oldValue: number; newValue: number; source: { title: string; year: number | string } }[];
  files: { file: string; sha256: string }[];
  parameters: Record<string, { value: unknown; unit: string; formula?: string; priceYear?: number; source: { title: string; year: number | string; url?: string; table?: string; note?: string }; distribution?: Record<string, unknown>; file: string }>;
}

/** manifest.json of a run (one scenario, at the top level) or a comparison (`scenarios`). */
export interface Manifest {
  tool: string;
  version: string;
  command: string;
  seed: number;
  replicates: number;
  scale: number;
  years: string[];
  started: string;
  finished: string;
  calendar: { start: string; warmupYears: number; horizonYears: number };
  baseline?: string;
  scenarios?: ManifestScenario[];
  scenario?: string;
  targets?: { file: string; sha256: string; name: string; title?: string; targets: ManifestTarget[] };
  common_random_numbers?: boolean;
  discounting?: { file: string; name: string; version: string };
  /** What the model declares a comparison, a briefing and its charts report. */
  declarations?: Declarations;
}

/** The scenarios of a run or comparison manifest, baseline first. */
export function manifestScenarios(m: Manifest): ManifestScenario[] {
  if (m.scenarios) return m.scenarios;
  const single = m as unknown as ManifestScenario & { scenario: string };
  return [{ ...single, name: single.scenario }];
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
  /** Present for comparisons. */
  summary?: {
    baseline: string;
    horizon: string;
    scenarios: Record<string, Record<string, CumulativeSummary | null>>;
    cumulative_by_year: Record<string, Record<string, Record<string, CumulativeSummary>>>;
    discounting: { schedule: string; version: string; source: { title: string; year: number | string; url?: string }; rates: { fromYear: number; toYear?: number; rate: number }[] };
  } & Record<string, unknown>;
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

export function readRunFolder(dir: string): RunFolder {
  const need = (f: string) => {
    const p = path.join(dir, f);
    if (!existsSync(p)) throw new InputError(dir, `not an ehsim run or comparison folder (no ${f})`);
    return readFileSync(p, 'utf8');
  };
  const manifest = JSON.parse(need('manifest.json')) as Manifest;
  const declarations = manifest.declarations;
  if (!declarations) throw new InputError(path.join(dir, 'manifest.json'), 'records no outcome declarations (written by an older ehsim): run it again to report it');
  const annual = readTable(path.join(dir, 'annual.csv'), need('annual.csv'), 'scenario,year,metric,mean,lo95,hi95,mcse');
  const comparisonPath = path.join(dir, 'comparison.csv');
  const differences = existsSync(comparisonPath)
    ? readTable(comparisonPath, readFileSync(comparisonPath, 'utf8'), 'scenario,year,metric,diff_mean,diff_lo95,diff_hi95,diff_mcse')
    : undefined;
  const scenarios = [...new Set(annual.map((r) => r.scenario))];
  const summaryPath = path.join(dir, 'summary.json');
  const summary = existsSync(summaryPath) ? (JSON.parse(readFileSync(summaryPath, 'utf8')) as RunFolder['summary']) : undefined;
  return { dir, manifest, declarations, annual, scenarios, summary, differences };
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
