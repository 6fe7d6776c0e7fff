/** Financial years (1 April to 31 March) measured in days from the start date. */
export interface YearGrid {
  start: string;
  /** Day (relative to start) where the warm-up begins (<= 0). */
  warmupStart: number;
  /** bounds[i] is the first day of reported year i; bounds[years] is the end of the horizon. */
  bounds: number[];
  labels: string[];
}

const DAY_MS = 86_400_000;

export function yearGrid(start: string, warmupYears: number, horizonYears: number): YearGrid {
  const y0 = Number(start.slice(0, 4));
  const t0 = Date.UTC(y0, 3, 1);
  const bounds: number[] = [];
  const labels: string[] = [];
  for (let i = 0; i <= horizonYears; i++) {
    bounds.push(Math.round((Date.UTC(y0 + i, 3, 1) - t0) / DAY_MS));
    if (i < horizonYears) labels.push(`${y0 + i}-${String((y0 + i + 1) % 100).padStart(2, '0')}`);
  }
  const warmupStart = Math.round((Date.UTC(y0 - warmupYears, 3, 1) - t0) / DAY_MS);
  return { start, warmupStart, bounds, labels };
}

/** ISO date of a (fractional) day relative to the start. */
export function dateOfDay(start: string, day: number): string {
  const y0 = Number(start.slice(0, 4));
  return new Date(Date.UTC(y0, 3, 1) + Math.floor(day) * DAY_MS).toISOString().slice(0, 10);
}
