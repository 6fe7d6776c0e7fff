/**
 * The units a parameter or a lever may be stated in, and how one converts into another.
 *
 * A unit is a quantity, optionally "per" one or more denominators:
 * - money: GBP (or £), GBP thousand, GBP million, GBP billion;
 * - probability: probability, proportion, share, fraction, percent (= 0.01);
 * - time: days, weeks, months, years (calendar: 7, 365.25 / 12, 365.25 days), working days;
 * - counts: children, families, places, referrals, episodes, count;
 * - ratios: ratio, relative risk, dimensionless;
 * - rate per 10,000 children.
 * Denominators are a period (per year, per week, per day, per month) or a thing (per episode,
 * per assessment, per child, per place...), e.g. "GBP million per year", "children per year",
 * "GBP per place per year". Two units convert into each other when they measure the same quantity
 * per the same things; periods and scales convert.
 */
export interface Unit {
  /** What it measures, as a key: two units convert iff their keys are equal. */
  key: string;
  /** The quantity's size in its base unit (GBP million: 1e6; percent: 0.01; weeks: 7 days). */
  scale: number;
  /** The length in days of its period ("per year": 365.25), or 1 when it has none. */
  periodDays: number;
}

const DAYS_PER = { day: 1, week: 7, month: 365.25 / 12, year: 365.25 } as const;

const QUANTITIES: Record<string, [string, number]> = {
  probability: ['probability', 1],
  proportion: ['probability', 1],
  share: ['probability', 1],
  fraction: ['probability', 1],
  percent: ['probability', 0.01],
  days: ['time', 1],
  weeks: ['time', 7],
  months: ['time', DAYS_PER.month],
  years: ['time', DAYS_PER.year],
  'working days': ['working time', 1],
  workingdays: ['working time', 1],
  ratio: ['ratio', 1],
  'relative risk': ['ratio', 1],
  dimensionless: ['ratio', 1],
  children: ['children', 1],
  families: ['families', 1],
  places: ['places', 1],
  referrals: ['referrals', 1],
  episodes: ['episodes', 1],
  count: ['count', 1],
  gbp: ['money', 1],
  '£': ['money', 1],
  'gbp thousand': ['money', 1e3],
  'gbp million': ['money', 1e6],
  'gbp billion': ['money', 1e9],
  '£m': ['money', 1e6],
  '£bn': ['money', 1e9],
};

/** Every quantity word a unit can start with, for error messages. */
export const UNIT_WORDS = ['GBP', 'GBP thousand', 'GBP million', 'GBP billion', 'probability', 'share', 'percent', 'days', 'weeks', 'months', 'years', 'working days', 'children', 'families', 'places', 'count', 'ratio', 'relative risk', 'rate per 10,000 children'];

/** The unit a string names, or null when it is not one of the units above. */
export function parseUnit(text: string): Unit | null {
  const t = text.trim().replace(/\s+/g, ' ').toLowerCase();
  if (t === 'rate per 10,000 children' || t === 'per 10,000 children' || t === 'rate per 10000 children') return { key: 'rate per 10,000 children', scale: 1, periodDays: 1 };
  const [head, ...pers] = t.split(' per ');
  const quantity = QUANTITIES[head!];
  if (!quantity || pers.some((p) => p === '')) return null;
  let periodDays = 1;
  const things: string[] = [];
  let periods = 0;
  for (const p of pers) {
    const period = p.replace(/s$/, '') as keyof typeof DAYS_PER;
    if (period in DAYS_PER) {
      if (periods++ > 0) return null;
      periodDays = DAYS_PER[period];
      things.push('period');
    } else things.push(p);
  }
  return { key: [quantity[0], ...things.sort()].join(' per '), scale: quantity[1], periodDays };
}

/**
 * `value` stated in `from`, in the unit `to`; or a message saying why it cannot be (not a unit,
 * or a different quantity).
 */
export function convertUnit(value: number, from: string, to: string): number | string {
  const a = parseUnit(from);
  const b = parseUnit(to);
  if (!a) return `'${from}' is not a unit ehsim knows (${UNIT_WORDS.join(', ')}, each optionally 'per' a period or a thing)`;
  if (!b) return `'${to}' is not a unit ehsim knows`;
  if (a.key !== b.key) return `'${from}' cannot be converted to '${to}' (${a.key} against ${b.key})`;
  // Scale and period apart, so that a change of scale alone is exact (GBP billion to GBP: x 1e9).
  const scaled = a.scale === b.scale ? value : value * (a.scale / b.scale);
  return a.periodDays === b.periodDays ? scaled : scaled * (b.periodDays / a.periodDays);
}
