import { checkSchema } from './schemaCheck.js';
import { readSourceFile } from './sourceFile.js';

type Source = { title: string; year: number | string; url?: string; note?: string };

/** Observed children by single year of age, one row per consecutive financial year. */
export interface PopulationFile {
  name: string;
  version: string;
  source: Source;
  /** Financial-year labels (e.g. 2024-25), consecutive and increasing. */
  years: string[];
  /** counts[i][a]: children aged a (whole years) in years[i]. */
  counts: number[][];
  /** Each row's source, in the same order. */
  sources: Source[];
  file: string;
}

/** The first calendar year of a financial-year label ("2024-25" -> 2024). */
export const startYearOf = (label: string): number => Number(label.slice(0, 4));

/** Reads a population file: rows of the same length, in consecutive financial years. */
export function readPopulationFile(file: string): PopulationFile {
  const source = readSourceFile(file);
  checkSchema(source, 'population');
  const d = source.data as { name: string; version: string; source: Source; years: { year: string; counts: number[]; source: Source }[] };
  const ages = d.years[0]!.counts.length;
  d.years.forEach((row, i) => {
    const y = startYearOf(row.year);
    if (Number(row.year.slice(5)) !== (y + 1) % 100) throw source.error(['years', i, 'year'], `'${row.year}' is not a financial year (expected ${y}-${String((y + 1) % 100).padStart(2, '0')})`);
    if (i > 0 && y !== startYearOf(d.years[i - 1]!.year) + 1) throw source.error(['years', i, 'year'], `years must be consecutive: ${row.year} follows ${d.years[i - 1]!.year}`);
    if (row.counts.length !== ages) throw source.error(['years', i, 'counts'], `expected ${ages} ages (0 to ${ages - 1}) as in the first row, got ${row.counts.length}`);
  });
  return { name: d.name, version: d.version, source: d.source, years: d.years.map((r) => r.year), counts: d.years.map((r) => r.counts), sources: d.years.map((r) => r.source), file };
}
