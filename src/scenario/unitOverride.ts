import type { SourceFile } from './sourceFile.js';
import { convertUnit, parseUnit, UNIT_WORDS } from './units.js';

/** What this check reads and writes of a parameter entry. */
interface Entry {
  value?: number | { breaks: number[]; weights: number[] };
  formula?: string;
  unit: string;
  distribution?: unknown;
  statedAs?: { value: number; unit: string };
}

/**
 * A parameter entry of `source`, its unit checked: it must be a unit ehsim knows, and when the
 * entry replaces one a file it extends declared (`replaced`) in another unit, its value is
 * converted into that unit (60 percent to 0.6 probability, 1 GBP billion per year to 1e9 GBP per
 * year) or, when it cannot be (another kind of quantity, a formula, a table or a distribution),
 * rejected at this file's line. The model reads every parameter in the unit its baseline states.
 */
export function inUnitOf<E extends Entry>(source: SourceFile, name: string, entry: E, replaced: { unit: string; file: string } | undefined): E {
  const at = ['parameters', name, 'unit'];
  if (!parseUnit(entry.unit)) throw source.error(at, `'${entry.unit}' is not a unit ehsim knows: use ${UNIT_WORDS.join(', ')}, each optionally 'per' a period (year, month, week, day) or a thing (per episode, per place...)`);
  if (!replaced || norm(entry.unit) === norm(replaced.unit)) return entry;
  const converted = convertUnit(1, entry.unit, replaced.unit);
  const where = `${name} is in '${replaced.unit}' (${replaced.file})`;
  if (typeof converted === 'string') throw source.error(at, `${converted}: ${where}; state it in '${replaced.unit}' or a unit of the same kind`);
  if (entry.formula !== undefined) throw source.error(at, `a formula gives its value in the parameter's own unit: ${where}, so give unit '${replaced.unit}'`);
  if (entry.distribution !== undefined) throw source.error(at, `give the value and its distribution in '${replaced.unit}': ${where}`);
  if (typeof entry.value !== 'number') throw source.error(at, `a table is read in the parameter's own unit: ${where}`);
  const value = convertUnit(entry.value, entry.unit, replaced.unit) as number;
  return { ...entry, value, unit: replaced.unit, statedAs: { value: entry.value, unit: entry.unit } };
}

const norm = (unit: string) => unit.trim().replace(/\s+/g, ' ').toLowerCase();
