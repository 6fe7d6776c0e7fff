/** Number formats for prose and tables (British English, no false precision in prose). */

/** A count rounded to `digits` significant figures, with thousands separators. */
export function count(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return 'n/a';
  const rounded = v === 0 ? 0 : Number(v.toPrecision(Math.max(digits, 1)));
  return Math.round(rounded).toLocaleString('en-GB');
}

/** A signed count in full (tables). */
export function signedCount(v: number): string {
  if (!Number.isFinite(v)) return 'n/a';
  return Math.round(v).toLocaleString('en-GB');
}

/** "A to B" for a 95% interval of counts, rounded like `count`. */
export function interval(lo: number, hi: number): string {
  return `${count(lo)} to ${count(hi)}`;
}

/**
 * Pounds to three significant figures, in the one format used everywhere (briefing, tables,
 * terminal): £1.93bn, £340m, −£615m, £301,000, £12 (negative as −£…, never £-…).
 */
export function money(v: number): string {
  if (!Number.isFinite(v)) return 'n/a';
  const a = Number(Math.abs(v).toPrecision(3));
  const sign = v < 0 && a !== 0 ? '−' : '';
  const trim = (x: number) => String(Number(x.toPrecision(3)));
  if (a >= 1e9) return `${sign}£${trim(a / 1e9)}bn`;
  if (a >= 1e6) return `${sign}£${trim(a / 1e6)}m`;
  return `${sign}£${Math.round(a).toLocaleString('en-GB')}`;
}

export function percent(v: number, decimals = 0): string {
  if (!Number.isFinite(v)) return 'n/a';
  return `${(v * 100).toFixed(decimals).replace(/\.0+$/, '')}%`;
}

/** "Social care savings" from "social care savings". */
export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "1 April 2027" from "2027-04-01". */
export function dateInWords(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${d} ${MONTHS[m! - 1]} ${y}`;
}

/** "a, b and c". */
export function inWords(items: string[]): string {
  return items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items.at(-1)}` : (items[0] ?? '');
}
