import type { SourceRef } from './loadScenario.js';
import { sha256 } from './loadScenario.js';
import { checkSchema } from './schemaCheck.js';
import { readSourceFile, type SourceFile } from './sourceFile.js';

/** One observed figure the model should reproduce. */
export interface Target {
  metric: string;
  year: string;
  observed: number;
  tolerance: { relative: number } | { absolute: number };
  weight?: number;
  label?: string;
  /** Why the model does not reach this target (the calibration test then reports it rather than requiring it). */
  unmet?: string;
  source: SourceRef;
}

export interface TargetsFile {
  file: string;
  sha256: string;
  name: string;
  title?: string;
  description?: string;
  targets: Target[];
  source: SourceFile;
}

/** Reads and validates a calibration targets file (schemas/targets.schema.json). */
export function loadTargets(file: string): TargetsFile {
  const source = readSourceFile(file);
  checkSchema(source, 'targets');
  const d = source.data as Omit<TargetsFile, 'file' | 'sha256' | 'source'>;
  const seen = new Set<string>();
  d.targets.forEach((t, i) => {
    const key = `${t.metric}|${t.year}`;
    if (seen.has(key)) throw source.error(['targets', i, 'metric'], `target '${t.metric}' for ${t.year} is given twice`);
    seen.add(key);
    // A relative tolerance of nothing is nothing: the miss would be reported as "Infinity%".
    if ('relative' in t.tolerance && t.observed === 0) throw source.error(['targets', i, 'tolerance'], `target '${t.metric}' for ${t.year} observes 0: give it an absolute tolerance (a relative one of 0 allows no miss and reads as Infinity%)`);
  });
  return { ...d, file, sha256: sha256(source.text), source };
}

/** The allowed distance from the observed value, in the metric's unit. */
export function toleranceOf(t: Target): number {
  return 'relative' in t.tolerance ? t.tolerance.relative * Math.abs(t.observed) : t.tolerance.absolute;
}

/** Checks that every target names a metric the model reports and a year the run covers. */
export function checkTargetsAgainst(targets: TargetsFile, metrics: readonly string[], years: readonly string[]): void {
  targets.targets.forEach((t, i) => {
    if (!metrics.includes(t.metric)) {
      const near = nearest(t.metric, metrics);
      throw targets.source.error(['targets', i, 'metric'], `unknown metric '${t.metric}'${near ? ` (did you mean '${near}'?)` : ''}; annual.csv's metric column lists them`);
    }
    if (!years.includes(t.year)) throw targets.source.error(['targets', i, 'year'], `year ${t.year} is outside the run (${years[0]} to ${years.at(-1)})`);
  });
}

/** The candidate within edit distance 3 of `word`, if any (for "did you mean"). */
export function nearest(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestD = 4;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}
