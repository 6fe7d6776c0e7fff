import type { Appraisal } from '../results/discounting.js';
import { financialYearOf, isFinancialYear } from '../results/years.js';
import { argumentError } from '../scenario/inputError.js';

/** The most replicates one command runs (more is a typo, not a plan: it would never finish). */
const MAX_REPLICATES = 100_000;

/** Command-line numbers are parsed here, strictly, so a typo is an error rather than a silently different run. */
export function parseReplicates(raw: unknown): number {
  const s = String(raw).trim();
  if (!/^\d+$/.test(s) || Number(s) < 1 || Number(s) > MAX_REPLICATES) throw argumentError(`--replicates must be a whole number from 1 to ${MAX_REPLICATES.toLocaleString('en-GB')}, got '${raw}'`);
  return Number(s);
}

export function parseSeed(raw: unknown): number {
  const s = String(raw).trim();
  if (!/^\d+$/.test(s) || !Number.isSafeInteger(Number(s))) throw argumentError(`--seed must be a non-negative integer, got '${raw}'`);
  return Number(s);
}

export function parseScale(raw: unknown, flag = '--scale'): number {
  const s = String(raw).trim();
  const v = Number(s);
  if (s === '' || !Number.isFinite(v) || v <= 0 || v > 1) throw argumentError(`${flag} must be a number in (0, 1], got '${raw}'`);
  return v;
}

/** --psa N: draws (0: no PSA). */
export function parseDraws(raw: unknown): number {
  if (raw === undefined) return 0;
  const s = String(raw).trim();
  if (!/^\d{1,6}$/.test(s) || Number(s) < 2) throw argumentError(`--psa must be a whole number of draws, at least 2, got '${raw}'`);
  return Number(s);
}

export function parseTrace(raw: unknown): number {
  if (raw === undefined) return 0;
  const s = String(raw).trim();
  if (!/^\d+$/.test(s) || Number(s) > 100_000) throw argumentError(`--trace must be a whole number of children, at most 100,000 (each traced child keeps every event in memory), got '${raw}'`);
  return Number(s);
}

export function parseWorkers(raw: unknown, fallback: number): number {
  if (raw === undefined) return fallback;
  const s = String(raw).trim();
  if (!/^\d+$/.test(s) || Number(s) < 1 || Number(s) > 256) throw argumentError(`--workers must be a whole number from 1 to 256, got '${raw}'`);
  return Number(s);
}

/**
 * --appraisal-year YYYY-YY, or by default the financial year (1 April to 31 March, UTC) holding
 * `now`, the moment the command started. Whether it lies in the reported years is checked once
 * the scenarios are read (checkAppraisalYear).
 */
export function parseAppraisalYear(raw: unknown, now: Date): Appraisal {
  if (raw === undefined) return { year: financialYearOf(now), default: true };
  const s = String(raw).trim();
  if (!isFinancialYear(s)) throw argumentError(`--appraisal-year must be a financial year written YYYY-YY, such as 2026-27, got '${raw}'`);
  return { year: s, default: false };
}

/** The --appraisal-year option of the commands that report present values. */
export const appraisalOption = {
  'appraisal-year': {
    type: 'string',
    describe: 'financial year (YYYY-YY, one of the reported years) that present values are discounted to; earlier years are sunk (default: the current financial year)',
  },
} as const;

/** Options shared by the commands that run replicates (run and compare). */
export function replicateOptions(replicates: string) {
  return {
    replicates: { alias: 'n', type: 'string', default: '5', describe: replicates },
    seed: { type: 'string', default: '1', describe: 'random seed (non-negative integer)' },
    scale: { type: 'string', default: '0.1', describe: 'fraction of children simulated, in (0, 1]; counts are reported scaled to England' },
    workers: { type: 'string', describe: 'processes running replicates: this one and N-1 workers (default: all cores); results do not depend on it' },
    shard: { type: 'string', describe: 'run only replicates r with r mod n = k and write a shard folder (also read from Slurm, Kubernetes and AWS Batch array variables)' },
  } as const;
}

/** --title: one line of text, at most 200 characters (absent: none). */
export function parseTitle(raw: unknown): string | undefined {
  if (raw === undefined) return undefined;
  const t = String(raw).trim();
  if (t === '' || t.length > 200 || /[\r\n]/.test(t)) throw argumentError(`--title must be one line of 1 to 200 characters, got '${String(raw).slice(0, 40)}'`);
  return t;
}

/** Positionals that take several words; any other argument given twice is a mistake. */
const LISTS = new Set(['_', '$0', 'scenarios', 'shards', 'files']);

/**
 * An option given more than once (`--out a --out b`) would reach the command as a list of values
 * where it expects one: name it rather than guess which was meant. yargs keeps an option under its
 * written and its camel-case names, so each is reported once, as written.
 */
export function checkNoRepeats(args: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(args)) {
    if (LISTS.has(key) || !Array.isArray(value) || /[A-Z]/.test(key)) continue;
    const flag = key.length === 1 ? `-${key}` : `--${key}`;
    throw argumentError(`${flag} was given ${value.length} times (${value.map((v) => `'${v}'`).join(', ')}): give it once`);
  }
}
