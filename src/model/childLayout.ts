import type { AttributeDef } from './modelFile.js';

/**
 * Where a child's fields sit in its record (a stride of a Float64Array, see simulation/children.ts).
 * Every model has the core fields; each declared attribute then gets a slot of its own, except
 * flags, which share one word of bits, and the ageing attribute (the child's age), which is
 * stored as the birth day. Integers are stored exactly as doubles. The child's own random
 * streams' state comes last (RNG_WORDS): nearly every event reads both the fields and a stream,
 * and in one record they are neighbours in memory (a separate array of streams cost 7% of a
 * replicate's time on one process, 7% on two: docs/benchmarks.md).
 */
export const BIRTH_DAY = 0;
export const LAST_REFERRAL_DAY = 1;
export const STATE_ENTRY_DAY = 2;
export const TOKEN = 3;
/** Current state index, -1 when the slot is free. */
export const STATE = 4;
/** Bit 0: waiting for a service place; bits 1.. the flag attributes. */
export const FLAGS = 5;
export const LAST_CLOSURE = 6;
/** A pending return: the day a closed child will come back (NaN when none), drawn where the model says and carried through the states that follow. */
export const PENDING_DAY = 7;
/** The state a pending return leads to. */
export const PENDING_TO = 8;
export const CORE_FIELDS = 9;
export const WAITING_BIT = 1;
/** A child's two random streams (alea: s0, s1, s2, c each), after its fields. */
export const RNG_WORDS = 8;
/** Flags live in a 32-bit word, one bit already taken. */
const MAX_FLAGS = 30;

export const enum AttrKind {
  /** A value in a slot of its own (integer, number, category level index). */
  Stored = 0,
  /** A bit of the flag word. */
  Flag = 1,
  /** Years since the day stored in the slot (the child's age). */
  Ageing = 2,
}

export interface AttributeSlot {
  name: string;
  type: AttributeDef['type'];
  kind: AttrKind;
  /** The slot in the record that holds it. */
  slot: number;
  /** Flags: its bit in the flag word (0 otherwise). */
  bit: number;
  /** Categories: the levels, whose index is stored. */
  levels: string[];
}

export interface ChildLayout {
  /** Doubles per child: the fields, then the random streams. */
  stride: number;
  /** Where the random streams' state starts in the record. */
  rng: number;
  attributes: AttributeSlot[];
}

/** The layout for a model's declared attributes (checked by the caller: at most one ageing, 30 flags). */
export function deriveLayout(declared: [string, AttributeDef][]): ChildLayout {
  let next = CORE_FIELDS;
  let flags = 0;
  const attributes = declared.map(([name, a]): AttributeSlot => {
    const levels = a.levels ?? [];
    if (a.ageing) return { name, type: a.type, kind: AttrKind.Ageing, slot: BIRTH_DAY, bit: 0, levels };
    if (a.type === 'flag') {
      if (flags === MAX_FLAGS) throw new RangeError(`at most ${MAX_FLAGS} flag attributes are supported`);
      return { name, type: a.type, kind: AttrKind.Flag, slot: FLAGS, bit: WAITING_BIT << ++flags, levels };
    }
    return { name, type: a.type, kind: AttrKind.Stored, slot: next++, bit: 0, levels };
  });
  // Not rounded up to whole 64-byte lines: records of 20 and 24 doubles ran at the same speed, and 20 take less memory.
  return { stride: next + RNG_WORDS, rng: next, attributes };
}
