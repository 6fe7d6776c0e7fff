import type { Stream } from '../kernel/streams.js';
import { AttrKind, deriveLayout, type AttributeSlot, type ChildLayout } from './childLayout.js';
import type { At, CompileContext } from './compileContext.js';
import type { AttributeChange, AttributeInit, AttributeRef, Condition, ConditionalCount, Modifier } from './compiledModel.js';
import type { AttributeValueDef, ConditionDef, Counts, DistributionDef, ModelDef, ModifierDef } from './modelFile.js';

type DrawnDef = Exclude<AttributeValueDef, number | boolean | string>;

/**
 * A model's declared attributes, compiled: the per-child layout, and readers of the conditions,
 * starting values and changes that name them (each error located at its field).
 */
export class CompiledAttributes {
  readonly layout: ChildLayout;
  /** Attribute changes by state index: on entering it and on completing it. */
  readonly enterChanges: AttributeChange[][];
  readonly completeChanges: AttributeChange[][];
  private readonly byName: Map<string, AttributeSlot>;

  constructor(
    private readonly def: ModelDef,
    private readonly cx: CompileContext,
  ) {
    const declared = Object.entries(def.attributes ?? {});
    for (const [name, a] of declared) {
      const at = ['attributes', name];
      if (a.ageing && a.type !== 'number') throw cx.error([...at, 'ageing'], "only a 'number' attribute can be ageing (the child's age)");
      if (a.ageing && a.initial !== undefined) throw cx.error([...at, 'initial'], "an ageing attribute starts from each arrival's or stock's 'age', not 'initial'");
      if ((a.type === 'category') !== (a.levels !== undefined)) throw cx.error(at, a.type === 'category' ? "a category needs 'levels'" : "only a category has 'levels'");
    }
    const ageing = declared.filter(([, a]) => a.ageing);
    if (ageing.length > 1) throw cx.error(['attributes', ageing[1]![0], 'ageing'], `only one attribute can be ageing (the child's age); '${ageing[0]![0]}' already is`);
    try {
      this.layout = deriveLayout(declared);
    } catch (e) {
      throw cx.error(['attributes'], (e as Error).message);
    }
    this.byName = new Map(this.layout.attributes.map((a) => [a.name, a]));
    this.enterChanges = cx.stateNames.map(() => []);
    this.completeChanges = cx.stateNames.map(() => []);
    for (const a of this.layout.attributes) this.compileChanges(a);
  }

  /** Probability multipliers, each with the attribute condition under which it applies. */
  modifiers(mods: ModifierDef[] | undefined, at: At): Modifier[] {
    return (mods ?? []).map((m, i) => {
      const factor = this.cx.num(m.multiply, [...at, i, 'multiply']);
      if (!(factor >= 0)) throw this.cx.error([...at, i, 'multiply'], `a multiplier must not be negative, got ${factor}`);
      return { ...this.condition(m.if, [...at, i, 'if']), factor };
    });
  }

  /** Entry counters that count only the children meeting their condition. */
  conditionalCounts(list: { if: ConditionDef; count: Counts }[] | undefined, at: At): ConditionalCount[] {
    return (list ?? []).map((x, i) => ({ ...this.condition(x.if, [...at, i, 'if']), counters: this.cx.counters(x.count) }));
  }

  /** A test of one attribute: exactly one of equals, atLeast, below. */
  private condition(c: ConditionDef, at: At): Condition {
    const a = this.attribute(c.attribute, [...at, 'attribute']);
    const ops = [c.equals !== undefined, c.atLeast !== undefined, c.below !== undefined].filter(Boolean).length;
    if (ops !== 1) throw this.cx.error(at, 'a condition needs exactly one of equals, atLeast, below');
    const op: 0 | 1 | 2 = c.equals !== undefined ? 0 : c.atLeast !== undefined ? 1 : 2;
    const raw = c.equals ?? c.atLeast ?? c.below;
    const value = a.kind === AttrKind.Stored && a.type !== 'category' ? Number(raw) : this.fixed(a, raw, at);
    return { ...ref(a), op, value };
  }

  /** Every non-ageing attribute's starting value for one arrival or stock (its `attributes` override `initial`). */
  init(values: Record<string, AttributeValueDef> | undefined, at: At): AttributeInit[] {
    for (const name of Object.keys(values ?? {})) {
      const where = [...at, 'attributes', name];
      if (this.attribute(name, where).kind === AttrKind.Ageing) throw this.cx.error(where, `'${name}' is ageing: set it with 'age'`);
    }
    return this.layout.attributes
      .filter((a) => a.kind !== AttrKind.Ageing)
      .map((a) => {
        const own = values?.[a.name];
        const v = own ?? this.def.attributes![a.name]!.initial;
        const where = own !== undefined ? [...at, 'attributes', a.name] : ['attributes', a.name, 'initial'];
        if (v === undefined) return { ...ref(a), value: 0, draw: null };
        if (typeof v === 'object') return { ...ref(a), value: 0, draw: this.drawn(a, v, where) };
        return { ...ref(a), value: this.fixed(a, v, where), draw: null };
      });
  }

  private attribute(name: string, at: At): AttributeSlot {
    const a = this.byName.get(name);
    if (!a) throw this.cx.error(at, `unknown attribute '${name}' (declared under 'attributes': ${[...this.byName.keys()].join(', ') || 'none'})`);
    return a;
  }

  /** A fixed value of an attribute as stored: a number, 0/1 for a flag, a level's index for a category. */
  private fixed(a: AttributeSlot, v: unknown, at: At): number {
    if (a.type === 'flag') {
      if (typeof v === 'boolean') return v ? 1 : 0;
      if (v === 0 || v === 1) return v;
      throw this.cx.error(at, `flag '${a.name}' takes true or false, got ${JSON.stringify(v)}`);
    }
    if (a.type === 'category') {
      const i = typeof v === 'string' ? a.levels.indexOf(v) : -1;
      if (i < 0) throw this.cx.error(at, `category '${a.name}' takes one of its levels (${a.levels.join(', ')}), got ${JSON.stringify(v)}`);
      return i;
    }
    if (typeof v !== 'number' && typeof v !== 'string') throw this.cx.error(at, `'${a.name}' takes a number or a parameter name, got ${JSON.stringify(v)}`);
    const x = this.cx.num(v, at);
    if (a.type === 'integer' && !Number.isInteger(x)) throw this.cx.error(at, `integer '${a.name}' takes a whole number, got ${x}`);
    return x;
  }

  /** A value drawn per child: a distribution (integer, number), {probability} (flag) or {weights} (category). */
  private drawn(a: AttributeSlot, v: DrawnDef, at: At): (u: Stream) => number {
    if ('probability' in v && a.type === 'flag') {
      const p = this.cx.prob(v.probability, [...at, 'probability']);
      return (u) => (u() < p ? 1 : 0);
    }
    if ('weights' in v && a.type === 'category') return this.drawLevel(a, v.weights.map((x, i) => this.cx.num(x, [...at, 'weights', i])), [...at, 'weights']);
    if ('type' in v && (a.type === 'number' || a.type === 'integer')) {
      const s = this.cx.dist(v as DistributionDef, at);
      return a.type === 'integer' ? (u) => Math.round(s.sample(u)) : (u) => s.sample(u);
    }
    const form = { flag: '{probability}', category: '{weights}', integer: 'a distribution', number: 'a distribution' }[a.type];
    throw this.cx.error(at, `'${a.name}' (${a.type}) can be drawn per child only from ${form}`);
  }

  private drawLevel(a: AttributeSlot, w: number[], at: At): (u: Stream) => number {
    if (w.length !== a.levels.length) throw this.cx.error(at, `'${a.name}' has ${a.levels.length} levels, got ${w.length} weights`);
    const total = w.reduce((s, x) => s + x, 0);
    if (!(total > 0) || w.some((x) => x < 0)) throw this.cx.error(at, 'weights must not be negative and must not all be 0');
    let sum = 0;
    const cumulative = w.map((x) => (sum += x / total));
    return (u) => {
      const x = u();
      const i = cumulative.findIndex((c) => x < c);
      return i < 0 ? w.length - 1 : i;
    };
  }

  private compileChanges(a: AttributeSlot): void {
    const cx = this.cx;
    (this.def.attributes![a.name]!.changes ?? []).forEach((ch, i) => {
      const at = ['attributes', a.name, 'changes', i];
      if (a.kind === AttrKind.Ageing) throw cx.error(at, `'${a.name}' is ageing: it changes only with time`);
      if ((ch.set === undefined) === (ch.add === undefined)) throw cx.error(at, "a change needs exactly one of 'set' and 'add'");
      if (ch.add !== undefined && a.kind !== AttrKind.Stored) throw cx.error([...at, 'add'], `only integer and number attributes can be added to ('${a.name}' is a ${a.type})`);
      const change = { ...ref(a), add: ch.add === undefined ? 0 : cx.num(ch.add, [...at, 'add']), set: ch.set === undefined ? NaN : this.fixed(a, ch.set, [...at, 'set']) };
      if (a.type === 'integer' && !Number.isInteger(change.add)) throw cx.error([...at, 'add'], `integer '${a.name}' takes whole steps, got ${change.add}`);
      if (ch.on.enter !== undefined) {
        this.enterChanges[cx.stateRef(ch.on.enter, [...at, 'on', 'enter'])]!.push(change);
        return;
      }
      const s = cx.stateRef(ch.on.complete!, [...at, 'on', 'complete']);
      const kind = this.def.states[cx.stateNames[s]!]!.kind;
      if (kind !== 'activity' && kind !== 'service') throw cx.error([...at, 'on', 'complete'], `only an activity or a service is completed; '${ch.on.complete}' is a ${kind} state`);
      this.completeChanges[s]!.push(change);
    });
  }
}

function ref(a: AttributeSlot): AttributeRef {
  return { slot: a.slot, bit: a.bit, kind: a.kind };
}
