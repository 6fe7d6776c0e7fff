import { createHash } from 'node:crypto';
import { checkSchema } from './schemaCheck.js';
import { readSourceFile, type SourceFile } from './sourceFile.js';

/** A price index by financial year (schemas/prices.schema.json), such as the HM Treasury GDP deflator. */
export interface PriceIndex {
  file: string;
  sha256: string;
  name: string;
  /** Short name for reports: "HM Treasury GDP deflator, March 2026". */
  title: string;
  version: string;
  description?: string;
  /** The year whose index is 100. */
  baseYear: string;
  source: { title: string; year: number | string; url?: string; note?: string };
  /** Index by financial year ("2019-20"), in order. */
  index: Map<string, number>;
  /** Outturn or forecast, by year. */
  basis: Map<string, string>;
}

interface RawPrices {
  name: string;
  title: string;
  version: string;
  description?: string;
  baseYear: string;
  source: PriceIndex['source'];
  years: { year: string; index: number; basis: string }[];
}

/** Whether "2019-20" names a financial year: the second part is the year after the first. */
export function isFinancialYear(year: string): boolean {
  const m = /^(\d{4})-(\d{2})$/.exec(year);
  return !!m && (Number(m[1]) + 1) % 100 === Number(m[2]);
}

/** The financial year after "2019-20": "2020-21". */
function nextYear(year: string): string {
  const start = Number(year.slice(0, 4)) + 1;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

/**
 * Reads a price index: every financial year once, in order and without gaps, and the base
 * year's index exactly 100. Bad input is an InputError at its field.
 */
export function loadPrices(file: string): PriceIndex {
  const source: SourceFile = readSourceFile(file);
  checkSchema(source, 'prices');
  const d = source.data as RawPrices;
  const index = new Map<string, number>();
  const basis = new Map<string, string>();
  d.years.forEach((y, i) => {
    if (!isFinancialYear(y.year)) throw source.error(['years', i, 'year'], `'${y.year}' is not a financial year (write 2019-20: a year and the last two digits of the next)`);
    if (index.has(y.year)) throw source.error(['years', i, 'year'], `${y.year} is given twice`);
    const previous = d.years[i - 1]?.year;
    if (previous && y.year !== nextYear(previous)) throw source.error(['years', i, 'year'], `expected ${nextYear(previous)} after ${previous}: years must run on in order without gaps`);
    index.set(y.year, y.index);
    basis.set(y.year, y.basis);
  });
  const base = index.get(d.baseYear);
  if (base === undefined) throw source.error(['baseYear'], `${d.baseYear} is not one of the years listed (${d.years[0]!.year} to ${d.years.at(-1)!.year})`);
  if (base !== 100) throw source.error(['baseYear'], `the base year's index must be 100, got ${base} for ${d.baseYear}`);
  return {
    file,
    sha256: createHash('sha256').update(source.text).digest('hex'),
    name: d.name,
    title: d.title,
    version: d.version,
    ...(d.description !== undefined ? { description: d.description } : {}),
    baseYear: d.baseYear,
    source: d.source,
    index,
    basis,
  };
}

/** "2010-11 to 2030-31". */
export function yearsCovered(p: PriceIndex): string {
  const years = [...p.index.keys()];
  return `${years[0]} to ${years.at(-1)}`;
}
