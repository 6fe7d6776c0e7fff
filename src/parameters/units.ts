/**
 * What values a unit allows. Probabilities must lie in [0, 1]; durations,
 * money, counts and rates must not be negative. Other units (for example
 * "relative risk", "per year growth") are checked only for finiteness.
 */
const PROBABILITY = /^(probability|proportion|share|fraction)$/i;
const NON_NEGATIVE = /^(days|working days|weeks|months|years|children|children per year|places|relative risk|ratio|GBP.*|£.*|count.*|.*per year|.*per day|.*per week)$/i;

export function checkUnitRange(unit: string, value: number): string | null {
  if (!Number.isFinite(value)) return `must be a finite number, got ${value}`;
  if (PROBABILITY.test(unit.trim()) && (value < 0 || value > 1)) return `a ${unit} must be between 0 and 1, got ${value}`;
  if (NON_NEGATIVE.test(unit.trim()) && value < 0) return `a value in ${unit} must not be negative, got ${value}`;
  return null;
}
