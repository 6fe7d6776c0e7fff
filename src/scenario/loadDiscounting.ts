import { checkSchema } from './schemaCheck.js';
import { readSourceFile } from './sourceFile.js';

export interface DiscountSchedule {
  name: string;
  version: string;
  /** `short`: how a sentence cites it ("HM Treasury Green Book"). */
  source: { title: string; year: number | string; url?: string; short?: string };
  schedule: { fromYear: number; toYear?: number; rate: number }[];
  file: string;
}

/** Reads a versioned discount-rate file; the schedule must cover every year from 0 without gaps. */
export function readDiscountSchedule(file: string): DiscountSchedule {
  const source = readSourceFile(file);
  checkSchema(source, 'discounting');
  const d = source.data as Omit<DiscountSchedule, 'file'>;
  let expected = 0;
  d.schedule.forEach((band, i) => {
    if (band.fromYear !== expected) throw source.error(['schedule', i, 'fromYear'], `expected ${expected}: bands must run on from year 0 without gaps`);
    if (band.toYear === undefined) {
      if (i !== d.schedule.length - 1) throw source.error(['schedule', i], 'only the last band may be open-ended');
      expected = Infinity;
    } else {
      if (band.toYear < band.fromYear) throw source.error(['schedule', i, 'toYear'], 'toYear must not be before fromYear');
      expected = band.toYear + 1;
    }
  });
  return { ...d, file };
}
