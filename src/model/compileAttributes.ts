import type { Sampler } from '../kernel/distributions.js';
import type { Stream } from '../kernel/streams.js';
import type { InputError } from '../scenario/inputError.js';
import { AttrKind, deriveLayout, type AttributeSlot, type ChildLayout } from './childLayout.js';
import type { AttributeChange, AttributeInit, Modifier } from './compiledModel.js';
import type { AttributeValueDef, DistributionDef, ModelDef, ModifierDef, NumberRef } from './modelFile.js';

type At = (string | number)[];

/** What compiling attributes needs from the model compiler: numbers, samplers, states and located errors. */
export interface AttributeContext {
  num(ref: NumberRef, at: At): number;
  prob(ref: NumberRef, at: At): number;
  dist(d: DistributionDef, at: At): Sampler;
  stateRef(name: string, at: At): number;
  /** Whether children complete a spell in the state (an activity or a service). */
  timed(state: number): boolean;
  error(at: At, message: string): InputError;
}

/** The model's declared attributes, compiled: the per-child layout, and readers of conditions, values and changes. */
export interface CompiledAttributes {
  layout: ChildLayout;
  modifiers(mods: ModifierDef[] | undefined, at: At): Modifier[];
  /** Every non-ageing attribute's starting value for one arrival or stock (its `attributes` override `initial`). */
  init(values: Record<string, AttributeValueDef> | undefined, at: At): AttributeInit[];
  /** Attribute changes by state index: on entering it and on completing it. */
  enterChanges: AttributeChange[][];
  completeChanges: AttributeChange[][];
}

export function compileAttributes(def: ModelDef, nStates: number, cx: AttributeContext): CompiledAttributes {
  const declared = Object.entries(def.attributes ?? {});
  for (const [name, a] of declared) {
    const at = ['attributes', name];
    if (a.ageing && a.type !== 'number') throw cx.error([...at, 'ageing'], "only a 'number' attribute can be ageing (the child's age)");
    if (a.ageing && a.initial !== undefined) throw cx.error([...at, 'initial'], "an ageing attribute starts from each arrival's or stock's 'age', not 'initial'");
    if ((a.type === 'category') !== (a.levels !== undefined)) throw cx.error(at, a.type === 'category' ? "a category needs 'levels'" : "only a category has 'levels'");
  }
  const ageing = declared.filter(([, a]) => a.ageing);
  if (ageing.length > 1) throw cx.error(['attributes', ageing[1]![0], 'ageing'], `only one attribute can be ageing (the child's age); '${ageing[0]![0]}' already is`);
  let layout: ChildLayout;
  try {
    layout = deriveLayout(declared);
  } catch (e) {
    throw cx.error(['attributes'], (e as Error).message);
  }
  const byName = new Map(layout.attributes.map((a) => [a.name, a]));
  const attribute = (name: string, at: At): AttributeSlot => {
    const a = byName.get(name);
    if (!a) throw cx.error(at, `unknown attribute '${name}' (declared under 'attributes': ${[...byName.keys()].join(', ') || 'none'})`);
    return a;
  };
  const ref = (a: AttributeSlot) => ({ slot: a.slot, bit: a.bit, kind: a.kind });

  /** A fixed value of an attribute as stored: a number, 0/1 for a flag, a level's index for a category. */
  const fixed = (a: AttributeSlot, v: unknown, at: At): number => {
    if (a.type === 'flag') {
      if (typeof v === 'boolean') return v ? 1 : 0;
      if (v === 0 || v === 1) return v;
      throw cx.error(at, `flag '${a.name}' takes true or false, got ${JSON.stringify(v)}`);
    }
    if (a.type === 'category') {
      const i = typeof v === 'string' ? a.levels.indexOf(v) : -1;
      if (i < 0) throw cx.error(at, `category '${a.name}' takes one of its levels (${a.levels.join(', ')}), got ${JSON.stringify(v)}`);
      return i;
    }
    if (typeof v === 'number' || typeof v === 'string') {
      const x = cx.num(v, at);
      if (a.type === 'integer' && !Number.isInteger(x)) throw cx.error(at, `integer '${a.name}' takes a whole number, got ${x}`);
      return x;
    }
    throw cx.error(at, `'${a.name}' takes a number or a parameter name, got ${JSON.stringify(v)}`);
  };

  /** A value drawn per child: a distribution (integer, number), {probability} (flag) or {weights} (category). */
  const drawn = (a: AttributeSlot, v: Exclude<AttributeValueDef, number | boolean | string>, at: At): ((u: Stream) => number) => {
    if ('probability' in v && a.type === 'flag') {
      const p = cx.prob(v.probability, [...at, 'probability']);
      return (u) => (u() < p ? 1 : 0);
    }
    if ('weights' in v && a.type === 'category') {
      const w = v.weights.map((x, i) => cx.num(x, [...at, 'weights', i]));
      if (w.length !== a.levels.length) throw cx.error([...at, 'weights'], `'${a.name}' has ${a.levels.length} levels, got ${w.length} weights`);
      const total = w.reduce((s, x) => s + x, 0);
      if (!(total > 0) || w.some((x) => x < 0)) throw cx.error([...at, 'weights'], 'weights must not be negative and must not all be 0');
      const cumulative = w.map(((s) => (x: number) => (s += x / total))(0));
      return (u) => {
        const x = u();
        const i = cumulative.findIndex((c) => x < c);
        return i < 0 ? w.length - 1 : i;
      };
    }
    if ('type' in v && (a.type === 'number' || a.type === 'integer')) {
      const s = cx.dist(v as DistributionDef, at);
      return a.type === 'integer' ? (u) => Math.round(s.sample(u)) : (u) => s.sample(u);
    }
    const form = { flag: '{probability}', category: '{weights}', integer: 'a distribution', number: 'a distribution' }[a.type];
    throw cx.error(at, `'${a.name}' (${a.type}) can be drawn per child only from ${form}`);
  };

  const init = (values: Record<string, AttributeValueDef> | undefined, at: At): AttributeInit[] => {
    for (const name of Object.keys(values ?? {})) {
      if (attribute(name, [...at, 'attributes', name]).kind === AttrKind.Ageing) throw cx.error([...at, 'attributes', name], `'${name}' is ageing: set it with 'age'`);
    }
    return layout.attributes
      .filter((a) => a.kind !== AttrKind.Ageing)
      .map((a) => {
        const own = values?.[a.name];
        const v = own ?? def.attributes![a.name]!.initial;
        const where = own !== undefined ? [...at, 'attributes', a.name] : ['attributes', a.name, 'initial'];
        if (v === undefined) return { ...ref(a), value: 0, draw: null };
        if (typeof v === 'object') return { ...ref(a), value: 0, draw: drawn(a, v, where) };
        return { ...ref(a), value: fixed(a, v, where), draw: null };
      });
  };

  const modifiers = (mods: ModifierDef[] | undefined, at: At): Modifier[] =>
    (mods ?? []).map((m, i) => {
      const c = m.if;
      const a = attribute(c.attribute, [...at, i, 'if', 'attribute']);
      const ops = [c.equals !== undefined, c.atLeast !== undefined, c.below !== undefined].filter(Boolean).length;
      if (ops !== 1) throw cx.error([...at, i, 'if'], 'a condition needs exactly one of equals, atLeast, below');
      const op: 0 | 1 | 2 = c.equals !== undefined ? 0 : c.atLeast !== undefined ? 1 : 2;
      const raw = c.equals ?? c.atLeast ?? c.below;
      const value = a.kind === AttrKind.Stored && a.type !== 'category' ? Number(raw) : fixed(a, raw, [...at, i, 'if']);
      const factor = cx.num(m.multiply, [...at, i, 'multiply']);
      if (!(factor >= 0)) throw cx.error([...at, i, 'multiply'], `a multiplier must not be negative, got ${factor}`);
      return { ...ref(a), op, value, factor };
    });

  const enterChanges: AttributeChange[][] = Array.from({ length: nStates }, () => []);
  const completeChanges: AttributeChange[][] = Array.from({ length: nStates }, () => []);
  for (const a of layout.attributes) {
    (def.attributes![a.name]!.changes ?? []).forEach((ch, i) => {
      const at = ['attributes', a.name, 'changes', i];
      if (a.kind === AttrKind.Ageing) throw cx.error(at, `'${a.name}' is ageing: it changes only with time`);
      if ((ch.set === undefined) === (ch.add === undefined)) throw cx.error(at, "a change needs exactly one of 'set' and 'add'");
      if (ch.add !== undefined && a.kind !== AttrKind.Stored) throw cx.error([...at, 'add'], `only integer and number attributes can be added to ('${a.name}' is a ${a.type})`);
      const change = { ...ref(a), add: ch.add === undefined ? 0 : cx.num(ch.add, [...at, 'add']), set: ch.set === undefined ? NaN : fixed(a, ch.set, [...at, 'set']) };
      if (a.type === 'integer' && !Number.isInteger(change.add)) throw cx.error([...at, 'add'], `integer '${a.name}' takes whole steps, got ${change.add}`);
      if (ch.on.enter !== undefined) enterChanges[cx.stateRef(ch.on.enter, [...at, 'on', 'enter'])]!.push(change);
      else {
        const s = cx.stateRef(ch.on.complete!, [...at, 'on', 'complete']);
        if (!cx.timed(s)) throw cx.error([...at, 'on', 'complete'], `only an activity or a service is completed; '${ch.on.complete}' is not one`);
        completeChanges[s]!.push(change);
      }
    });
  }
  return { layout, modifiers, init, enterChanges, completeChanges };
}
