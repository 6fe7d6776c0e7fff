import { checkSchema } from '../scenario/schemaCheck.js';
import { readSourceFile } from '../scenario/sourceFile.js';
import { InputError } from '../scenario/inputError.js';

export interface DiscountSchedule {
  name: string;
  version: string;
  source: { title: string; year: number | string; url?: string };
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

/** Rate applying to year t. */
export function rateForYear(s: DiscountSchedule, t: number): number {
  for (const band of s.schedule) if (t >= band.fromYear && (band.toYear === undefined || t <= band.toYear)) return band.rate;
  return s.schedule.at(-1)!.rate;
}

/**
 * Discount factors for years 0..n-1: DF(0) = 1, DF(t) = DF(t-1) / (1 + r(t)),
 * so the Green Book's 3.5% applies to years 1-30 and lower rates chain on after.
 */
export function discountFactors(s: DiscountSchedule, n: number): number[] {
  const out = [1];
  for (let t = 1; t < n; t++) out.push(out[t - 1]! / (1 + rateForYear(s, t)));
  return out.slice(0, n);
}

/** The baseline's discount-rate schedule (comparisons need one). */
export function discountScheduleOf(baseline: { file: string; prepared: { scenario: { appraisalFile?: string } } }): DiscountSchedule {
  if (!baseline.prepared.scenario.appraisalFile) throw new InputError(baseline.file, "the baseline names no discount-rate schedule ('appraisal')");
  return readDiscountSchedule(baseline.prepared.scenario.appraisalFile);
}
