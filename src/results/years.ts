/**
 * Financial years (1 April to 31 March, labelled "2026-27") and the years a policy is in force:
 * what the appraisal, the comparison summary and the findings count from.
 */

/** "2026-27" for any instant from 1 April 2026 to 31 March 2027 (UTC). */
export function financialYearOf(date: Date): string {
  const y = date.getUTCMonth() >= 3 ? date.getUTCFullYear() : date.getUTCFullYear() - 1;
  return `${y}-${String((y + 1) % 100).padStart(2, '0')}`;
}

/** Whether s is a financial-year label YYYY-YY whose two years follow on (2026-27, 1999-00). */
export function isFinancialYear(s: string): boolean {
  const m = /^(\d{4})-(\d{2})$/.exec(s);
  return !!m && Number(m[2]) === (Number(m[1]) + 1) % 100;
}

/** The ISO date a financial year starts: 2027-04-01 for 2027-28. */
export function yearStart(label: string): string {
  return `${label.slice(0, 4)}-04-01`;
}

/**
 * The years a scenario's policy is in force, as summary.json records them: from the financial year
 * holding its earliest lever's date to the end of the horizon, and its first full year (the first
 * year whose 1 April is on or after that date; null when that lies beyond the horizon). A scenario
 * that changes no lever has no start, and its years are the whole horizon.
 */
export interface PolicyPeriod {
  /** The earliest lever's `from` date (YYYY-MM-DD), or null: the scenario changes no lever. */
  start: string | null;
  first_year: string;
  last_year: string;
  first_full_year: string | null;
}

type WithLevers = { levers: { lever: { entry: { from: string } } }[] };

/**
 * The earliest `from` date of a prepared scenario's own levers, or null if it has none: a lever it
 * shares with the baseline (current policy the baseline already contains, inherited through
 * extends) is not the scenario's policy.
 */
export function policyStartOf(p: WithLevers, baseline?: WithLevers): string | null {
  const current = new Set((baseline?.levers ?? []).map((l) => JSON.stringify(l.lever.entry)));
  const dates = p.levers.filter((l) => !current.has(JSON.stringify(l.lever.entry))).map((l) => l.lever.entry.from).sort();
  return dates[0] ?? null;
}

/** The policy's years within the reported years (consecutive financial years). */
export function policyPeriod(years: string[], start: string | null): PolicyPeriod {
  const last = years.at(-1)!;
  if (start === null) return { start, first_year: years[0]!, last_year: last, first_full_year: null };
  // The year holding the start date: the last year starting on or before it (the first year if the policy starts earlier).
  let first = 0;
  years.forEach((y, i) => {
    if (yearStart(y) <= start) first = i;
  });
  const full = years.find((y) => yearStart(y) >= start) ?? null;
  return { start, first_year: years[first]!, last_year: last, first_full_year: full };
}

/** 1 for each reported year inside the period, 0 before it. */
export function periodWeights(years: string[], period: PolicyPeriod): number[] {
  const first = years.indexOf(period.first_year);
  return years.map((_, i) => (i >= first ? 1 : 0));
}

/** "2024-25 (calibrated)" for a year the baseline was calibrated to, the label itself otherwise. */
export function yearLabel(year: string, calibrated: ReadonlySet<string>): string {
  return calibrated.has(year) ? `${year} (calibrated)` : year;
}

/**
 * The projected years: the reported years after the calibrated ones at the start of the horizon
 * (2025-26 to 2035-36 when 2024-25 is the calibrated year); all of them if that leaves none.
 */
export function projectedYears(years: string[], calibrated: ReadonlySet<string>): string[] {
  let k = 0;
  while (k < years.length && calibrated.has(years[k]!)) k++;
  return k < years.length ? years.slice(k) : years;
}
