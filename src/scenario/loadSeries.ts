import { checkSchema } from './schemaCheck.js';
import { readSourceFile } from './sourceFile.js';

type Source = { title: string; year: number | string; url?: string; note?: string };

/** One published series: a metric the model reports, by financial year. */
export interface PublishedSeries {
  metric: string;
  label: string;
  note?: string;
  values: Map<string, number>;
}

export interface SeriesFile {
  name: string;
  version: string;
  source: Source;
  series: PublishedSeries[];
  file: string;
  sha256?: string;
}

/** Reads a published-series file (schemas/series.schema.json); years must be financial years. */
export function readSeriesFile(file: string): SeriesFile {
  const source = readSourceFile(file);
  checkSchema(source, 'series');
  const d = source.data as { name: string; version: string; source: Source; series: Record<string, { label: string; note?: string; values: Record<string, number> }> };
  const series = Object.entries(d.series).map(([metric, s]) => {
    for (const year of Object.keys(s.values)) {
      const y = Number(year.slice(0, 4));
      if (Number(year.slice(5)) !== (y + 1) % 100) throw source.error(['series', metric, 'values', year], `'${year}' is not a financial year`, true);
    }
    return { metric, label: s.label, ...(s.note ? { note: s.note } : {}), values: new Map(Object.entries(s.values)) };
  });
  return { name: d.name, version: d.version, source: d.source, series, file };
}
