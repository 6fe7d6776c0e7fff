import { argumentError } from '../scenario/inputError.js';

/** Command-line numbers are parsed here, strictly, so a typo is an error rather than a silently different run. */
export function parseReplicates(raw: unknown): number {
  const s = String(raw).trim();
  if (!/^\d+$/.test(s) || Number(s) < 1) throw argumentError(`--replicates must be a whole number of at least 1, got '${raw}'`);
  return Number(s);
}

export function parseSeed(raw: unknown): number {
  const s = String(raw).trim();
  if (!/^\d+$/.test(s) || !Number.isSafeInteger(Number(s))) throw argumentError(`--seed must be a non-negative integer, got '${raw}'`);
  return Number(s);
}

export function parseScale(raw: unknown): number {
  const s = String(raw).trim();
  const v = Number(s);
  if (s === '' || !Number.isFinite(v) || v <= 0 || v > 1) throw argumentError(`--scale must be a number in (0, 1], got '${raw}'`);
  return v;
}

export function parseTrace(raw: unknown): number {
  if (raw === undefined) return 0;
  const s = String(raw).trim();
  if (!/^\d+$/.test(s)) throw argumentError(`--trace must be a whole number of children, got '${raw}'`);
  return Number(s);
}

export function parseWorkers(raw: unknown, fallback: number): number {
  if (raw === undefined) return fallback;
  const s = String(raw).trim();
  if (!/^\d+$/.test(s) || Number(s) < 1) throw argumentError(`--workers must be a whole number of at least 1, got '${raw}'`);
  return Number(s);
}
