import { AttrKind } from '../model/childLayout.js';
import { DAYS_PER_YEAR, type AttributeChange, type AttributeRef, type Condition, type Modifier } from '../model/compiledModel.js';

// Local copies: reading enum members or imported bindings in the hot loop costs a property lookup each time.
const STORED: number = AttrKind.Stored;
const FLAG: number = AttrKind.Flag;
const YEAR_DAYS = DAYS_PER_YEAR;

/**
 * Reading and writing a child's declared attributes in its record (`f` from offset `b`), as the
 * compiled model laid them out: a value in a slot, a bit of the flag word, or (the age) years
 * since the day in the slot.
 */

/** Whether the child meets the condition now. */
export function met(m: Condition, f: Float64Array, b: number, now: number): boolean {
  const x = f[b + m.slot]!;
  const v = m.kind === STORED ? x : m.kind === FLAG ? (x & m.bit ? 1 : 0) : (now - x) / YEAR_DAYS;
  return m.op === 0 ? v === m.value : m.op === 1 ? v >= m.value : v < m.value;
}

/** A probability with every modifier whose condition the child meets applied. */
export function modified(p: number, mods: Modifier[], f: Float64Array, b: number, now: number): number {
  for (let k = 0; k < mods.length; k++) {
    const m = mods[k]!;
    if (met(m, f, b, now)) p *= m.factor;
  }
  return p;
}

/** Sets an attribute (a flag from a truthy value). */
export function setAttribute(f: Float64Array, b: number, x: AttributeRef, v: number): void {
  if (x.kind === FLAG) f[b + x.slot] = v ? f[b + x.slot]! | x.bit : f[b + x.slot]! & ~x.bit;
  else f[b + x.slot] = v;
}

/** Applies an event's changes: add, or set. */
export function applyChanges(list: AttributeChange[], f: Float64Array, b: number): void {
  for (let i = 0; i < list.length; i++) {
    const x = list[i]!;
    setAttribute(f, b, x, Number.isNaN(x.set) ? f[b + x.slot]! + x.add : x.set);
  }
}
