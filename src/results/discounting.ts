import { argumentError, InputError } from '../scenario/inputError.js';

export { readDiscountSchedule, type DiscountSchedule } from '../scenario/loadDiscounting.js';
import type { DiscountSchedule } from '../scenario/loadDiscounting.js';
import { readDiscountSchedule } from '../scenario/loadDiscounting.js';

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

/**
 * The year present values are discounted to (factor 1): by default the financial year holding
 * the day the command ran (`default: true`), or --appraisal-year.
 */
export interface Appraisal {
  year: string;
  default: boolean;
}

/** The appraisal year must be one of the reported years: the comparison must report the year it discounts to, and a later year would leave nothing to discount. */
export function checkAppraisalYear(a: Appraisal, years: string[]): void {
  if (years.includes(a.year)) return;
  const range = `the reported years ${years[0]} to ${years.at(-1)}`;
  throw argumentError(
    a.default
      ? `the appraisal year defaults to the current financial year, ${a.year}, which is outside ${range}: give --appraisal-year with one of them`
      : `--appraisal-year ${a.year} is outside ${range}: present values are discounted to a year the comparison reports`,
  );
}

/**
 * Discount factors for each reported year: 1 in the appraisal year, DF(t) with t = year − appraisal
 * year after it (the schedule counted from the appraisal year), and 0 before it: those years are
 * sunk, shown year by year but left out of present values.
 */
export function appraisalFactors(s: DiscountSchedule, years: string[], appraisal: Appraisal): number[] {
  checkAppraisalYear(appraisal, years);
  const a = years.indexOf(appraisal.year);
  const df = discountFactors(s, years.length - a);
  return years.map((_, i) => (i < a ? 0 : df[i - a]!));
}

/** "3.5% a year" over years 1..n after the appraisal year, or each band's rate where the schedule changes within them. */
export function ratesInWords(s: DiscountSchedule, n: number): string {
  const pct = (r: number) => `${Number((r * 100).toFixed(3))}%`;
  const bands = s.schedule.filter((b) => (b.toYear === undefined || b.toYear >= 1) && b.fromYear <= Math.max(n, 1));
  if (bands.length === 1) return `${pct(bands[0]!.rate)} a year`;
  return bands.map((b, i) => (i === 0 ? `${pct(b.rate)} a year for years 1 to ${b.toYear}` : `${pct(b.rate)} from year ${b.fromYear}`)).join(', then ');
}

/** "Costs and effects are discounted to 2026-27 at 3.5% a year (HM Treasury Green Book, 2022)." */
export function discountingStatement(s: DiscountSchedule, years: string[], appraisal: Appraisal): string {
  const later = years.length - 1 - years.indexOf(appraisal.year);
  return `Costs and effects are discounted to ${appraisal.year} at ${ratesInWords(s, later)} (${s.source.short ?? s.source.title}, ${s.source.year}).`;
}

/** What a manifest records of the appraisal, so an output can be reproduced whatever the date. */
export function appraisalRecord(s: DiscountSchedule, appraisal: Appraisal) {
  return { year: appraisal.year, default: appraisal.default, schedule: { file: s.file, name: s.name, version: s.version } };
}

/** The baseline's discount-rate schedule (comparisons need one). */
export function discountScheduleOf(baseline: { file: string; prepared: { scenario: { appraisalFile?: string } } }): DiscountSchedule {
  if (!baseline.prepared.scenario.appraisalFile) throw new InputError(baseline.file, "the baseline names no discount-rate schedule ('appraisal')");
  return readDiscountSchedule(baseline.prepared.scenario.appraisalFile);
}
