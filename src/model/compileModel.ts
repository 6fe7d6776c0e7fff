import type { ResolvedParameters } from '../parameters/resolveParameters.js';
import { checkDistribution, makeSampler, type DistributionSpec, type Sampler } from '../kernel/distributions.js';
import { parseFormula, type ParsedFormula } from '../parameters/formula.js';
import { Attr, DAYS_PER_YEAR, Kind, type CompiledGroup, type CompiledModel, type CompiledState, type Modifier, type Transition } from './compiledModel.js';

export * from './compiledModel.js';
import type { Counts, DistributionDef, ModelFile, ModifierDef, NumberRef, StateDef } from './modelFile.js';

const UNIT_DAYS = { days: 1, workingDays: 7 / 5, weeks: 7, months: DAYS_PER_YEAR / 12, years: DAYS_PER_YEAR } as const;
const KIND = { decision: Kind.Decision, activity: Kind.Activity, service: Kind.Service, dormant: Kind.Dormant, exit: Kind.Exit } as const;

/** Turns a model file plus resolved parameters into numeric tables the simulation can run fast. */
export function compileModel(model: ModelFile, params: ResolvedParameters): CompiledModel {
  const { def, source } = model;
  const read = new Map<string, string[]>();
  const noteRead = (name: string, at: (string | number)[]) => read.set(name, [...(read.get(name) ?? []), at.join('.')]);
  const stateNames = Object.keys(def.states);
  const stateIndex = new Map(stateNames.map((n, i) => [n, i]));
  const metrics: string[] = [];
  const metricIndex = new Map<string, number>();
  const metric = (name: string): number => {
    let i = metricIndex.get(name);
    if (i === undefined) {
      i = metrics.length;
      metrics.push(name);
      metricIndex.set(name, i);
    }
    return i;
  };
  const counters = (c: Counts | undefined) => (c === undefined ? [] : (Array.isArray(c) ? c : [c]).map(metric));

  const num = (ref: NumberRef, at: (string | number)[]): number => {
    if (typeof ref === 'number') return ref;
    const p = params.get(ref);
    if (!p) throw source.error(at, `unknown parameter '${ref}' (not defined in the scenario)`);
    if (typeof p.value !== 'number') throw source.error(at, `parameter '${ref}' is a table, expected a number`);
    noteRead(ref, at);
    return p.value;
  };
  const prob = (ref: NumberRef, at: (string | number)[]): number => {
    const v = num(ref, at);
    if (!(v >= 0 && v <= 1)) throw source.error(at, `probability ${typeof ref === 'string' ? `'${ref}' ` : ''}must be between 0 and 1, got ${v}`);
    return v;
  };
  const stateRef = (name: string, at: (string | number)[]): number => {
    const i = stateIndex.get(name);
    if (i === undefined) throw source.error(at, `unknown state '${name}' (states: ${stateNames.join(', ')})`);
    return i;
  };

  /** "name = value (file:line:col)" for the parameters behind a model field, so errors point at the scenario too. */
  const describeParams = (names: string[]): string => {
    const parts = [...new Set(names)].flatMap((n) => {
      const p = params.get(n);
      if (!p) return [];
      const { line, col } = p.declared.origin.locate(['parameters', n], true);
      return [`${n} = ${typeof p.value === 'number' ? p.value : 'table'} (${p.declared.origin.file}:${line}:${col})`];
    });
    return parts.length ? `; parameters: ${parts.join(', ')}` : '';
  };
  const refsIn = (d: unknown): string[] =>
    d && typeof d === 'object'
      ? Object.entries(d).flatMap(([k, v]) => (typeof v === 'string' && k !== 'type' && k !== 'unit' ? [v] : refsIn(v)))
      : [];

  const dist = (d: DistributionDef, at: (string | number)[], defaultUnit: keyof typeof UNIT_DAYS = 'days'): Sampler => {
    const spec = distSpec(d, at, defaultUnit);
    const problem = checkDistribution(spec);
    if (problem) throw source.error(at, `impossible distribution: ${problem}${describeParams(refsIn(d))}`);
    return makeSampler(spec);
  };
  const distSpec = (d: DistributionDef, at: (string | number)[], defaultUnit: keyof typeof UNIT_DAYS): DistributionSpec => {
    const k = UNIT_DAYS[d.unit ?? defaultUnit];
    const n = (key: keyof DistributionDef) => num(d[key] as NumberRef, [...at, key]);
    switch (d.type) {
      case 'fixed':
        return { type: 'fixed', value: n('value') * k };
      case 'exponential':
        return { type: 'exponential', mean: n('mean') * k };
      case 'gamma': {
        const shape = n('shape');
        return { type: 'gamma', shape, scale: (n('mean') * k) / shape };
      }
      case 'lognormal': {
        const median = n('median') * k;
        if (!(median > 0)) throw source.error([...at, 'median'], `impossible distribution: lognormal median must be > 0, got ${median / k}`);
        return { type: 'lognormal', meanlog: Math.log(median), sdlog: n('sdlog') };
      }
      case 'weibull':
        return { type: 'weibull', shape: n('shape'), scale: n('scale') * k };
      case 'uniform':
        return { type: 'uniform', min: n('min') * k, max: n('max') * k };
      case 'triangular':
        return { type: 'triangular', min: n('min') * k, mode: n('mode') * k, max: n('max') * k };
      case 'empirical': {
        const p = params.get(d.table!);
        if (!p) throw source.error([...at, 'table'], `unknown parameter '${d.table}' (not defined in the scenario)`);
        if (typeof p.value === 'number') throw source.error([...at, 'table'], `parameter '${d.table}' is a number, expected a {breaks, weights} table`);
        noteRead(d.table!, [...at, 'table']);
        return { type: 'empirical', breaks: p.value.breaks.map((b) => b * k), weights: p.value.weights };
      }
      case 'mixture': {
        const comps = d.components!;
        return {
          type: 'mixture',
          weights: comps.map((c, i) => num(c.weight, [...at, 'components', i, 'weight'])),
          components: comps.map((c, i) => distSpec(c.distribution, [...at, 'components', i, 'distribution'], d.unit ?? defaultUnit)),
        };
      }
    }
  };

  const modifiers = (mods: ModifierDef[] | undefined, at: (string | number)[]): Modifier[] =>
    (mods ?? []).map((m, i) => {
      const c = m.if;
      const attr = { hadEarlyHelp: Attr.HadEarlyHelp, previousReferrals: Attr.PreviousReferrals, ageYears: Attr.AgeYears }[c.attribute];
      const ops = [c.equals !== undefined, c.atLeast !== undefined, c.below !== undefined].filter(Boolean).length;
      if (ops !== 1) throw source.error([...at, i, 'if'], 'a condition needs exactly one of equals, atLeast, below');
      const op: 0 | 1 | 2 = c.equals !== undefined ? 0 : c.atLeast !== undefined ? 1 : 2;
      const value = Number(c.equals ?? c.atLeast ?? c.below);
      const factor = num(m.multiply, [...at, i, 'multiply']);
      if (!(factor >= 0)) throw source.error([...at, i, 'multiply'], `a multiplier must not be negative, got ${factor}`);
      return { attr, op, value, factor };
    });

  const groupsDef = Object.entries(def.groups ?? {});
  if (groupsDef.length > 30) throw source.error(['groups'], 'at most 30 groups are supported');
  const groupMask = new Array<number>(stateNames.length).fill(0);
  const groups: CompiledGroup[] = groupsDef.map(([name, g], gi) => {
    const states = g.states.map((s, i) => stateRef(s, ['groups', name, 'states', i]));
    for (const s of states) groupMask[s]! |= 1 << gi;
    return {
      name,
      states,
      stockMetric: g.stock ? metric(g.stock) : -1,
      startsMetric: g.starts ? metric(g.starts) : -1,
      inYearMetric: g.inYear ? metric(g.inYear) : -1,
    };
  });

  const costMetricSet = new Set<number>();
  const costs = (c: Record<string, NumberRef> | undefined, at: (string | number)[]) =>
    Object.entries(c ?? {}).map(([cat, ref]) => {
      const amount = num(ref, [...at, cat]);
      if (amount < 0) throw source.error([...at, cat], `a cost must not be negative, got ${amount}`);
      const m = metric(`cost_${cat}`);
      costMetricSet.add(m);
      return { metric: m, amount };
    });

  const states: CompiledState[] = stateNames.map((name, index) => {
    const s: StateDef = def.states[name]!;
    const at = ['states', name];
    const kind = KIND[s.kind];
    const need = (key: keyof StateDef, why: string) => {
      if (s[key] === undefined) throw source.error(at, `a ${s.kind} state needs '${key}' (${why})`);
    };
    if (kind === Kind.Activity) need('duration', 'how long it lasts');
    if (kind === Kind.Service) {
      need('duration', 'how long the service lasts');
      need('places', 'how many children it serves at once');
    }
    if (kind === Kind.Dormant) need('return', 'whether and when a closed child comes back');
    const transitions = (s.transitions ?? []).map((t, i) => ({
      to: stateRef(t.to, [...at, 'transitions', i, 'to']),
      p: t.probability === undefined ? NaN : prob(t.probability, [...at, 'transitions', i, 'probability']),
      modifiers: modifiers(t.modifiers, [...at, 'transitions', i, 'modifiers']),
      counters: counters(t.count),
    }));
    if (kind === Kind.Decision || kind === Kind.Activity || kind === Kind.Service) {
      if (transitions.length === 0) throw source.error(at, `a ${s.kind} state needs at least one transition`);
      const named = (s.transitions ?? []).flatMap((t) => refsIn({ p: t.probability, m: t.modifiers?.map((m) => m.multiply) }));
      checkTransitionSums(transitions, (msg) => source.error([...at, 'transitions'], msg + describeParams(named)));
    } else if (transitions.length > 0) {
      throw source.error([...at, 'transitions'], `a ${s.kind} state has no transitions (${s.kind === 'dormant' ? "use 'return'" : 'children leave the model here'})`);
    }
    const places = s.places === undefined ? 0 : num(s.places, [...at, 'places']);
    if (places < 0) throw source.error([...at, 'places'], `places must not be negative, got ${places}`);
    const ret = s.return;
    return {
      name,
      index,
      kind,
      entryCounters: counters(s.count),
      completionCounters: counters(s.completions),
      referralCounter: s.referral ? metric(s.referralCount!) : -1,
      rereferralCounter: s.referral ? metric(s.rereferralCount!) : -1,
      duration: s.duration ? dist(s.duration, [...at, 'duration']) : null,
      places,
      patience: s.patience ? dist(s.patience, [...at, 'patience']) : null,
      giveUpTo: s.onGiveUp ? stateRef(s.onGiveUp.to, [...at, 'onGiveUp', 'to']) : -1,
      giveUpCounters: counters(s.onGiveUp?.count),
      waitingStockMetric: s.waitingStock ? metric(s.waitingStock) : -1,
      waitCountMetric: s.waitCount ? metric(s.waitCount) : -1,
      waitDaysMetric: s.waitDays ? metric(s.waitDays) : -1,
      setHadEarlyHelp: s.setOnCompletion?.hadEarlyHelp === true,
      returnTo: ret ? stateRef(ret.to, [...at, 'return', 'to']) : -1,
      returnP: ret ? prob(ret.probability, [...at, 'return', 'probability']) : 0,
      returnModifiers: modifiers(ret?.modifiers, [...at, 'return', 'modifiers']),
      returnDelay: ret ? dist(ret.delay, [...at, 'return', 'delay']) : null,
      within12mCounter: ret?.within12MonthsCount ? metric(ret.within12MonthsCount) : -1,
      costPerEntry: costs(s.cost?.perEntry, [...at, 'cost', 'perEntry']),
      costPerDay: costs(s.cost?.perDay, [...at, 'cost', 'perDay']),
      transitions,
      groupMask: groupMask[index]!,
    };
  });
  for (const [i, st] of states.entries()) {
    if (st.kind === Kind.Service && st.patience && st.giveUpTo < 0) throw source.error(['states', stateNames[i]!], "a service with 'patience' needs 'onGiveUp' (where families who disengage go)");
  }

  const arrivals = def.arrivals.map((a, i) => ({
    name: a.name,
    to: stateRef(a.to, ['arrivals', i, 'to']),
    ratePerDay: nonNegative(num(a.ratePerYear, ['arrivals', i, 'ratePerYear']), ['arrivals', i, 'ratePerYear']) / DAYS_PER_YEAR,
    age: dist(a.age, ['arrivals', i, 'age'], 'years'),
    previousReferrals: a.previousReferrals ?? 0,
  }));
  const initialStocks = (def.initialStocks ?? []).map((s, i) => ({
    state: stateRef(s.state, ['initialStocks', i, 'state']),
    count: nonNegative(num(s.count, ['initialStocks', i, 'count']), ['initialStocks', i, 'count']),
    age: dist(s.age, ['initialStocks', i, 'age'], 'years'),
    previousReferrals: s.previousReferrals ?? 0,
    hadEarlyHelp: s.hadEarlyHelp ?? false,
  }));
  function nonNegative(v: number, at: (string | number)[]): number {
    if (v < 0) throw source.error(at, `must not be negative, got ${v}`);
    return v;
  }

  const ageLimitYears = def.ageLimitYears === undefined ? Infinity : num(def.ageLimitYears, ['ageLimitYears']);
  const ageOutTo = def.ageOut ? stateRef(def.ageOut.to, ['ageOut', 'to']) : -1;
  if (Number.isFinite(ageLimitYears) && ageOutTo < 0) throw source.error(['ageLimitYears'], "an age limit needs 'ageOut' (the state children go to when they reach it)");
  const ageOutCounters = counters(def.ageOut?.count);

  const annualCosts = Object.entries(def.annualCosts ?? {}).map(([cat, ref]) => {
    const perYear = num(ref, ['annualCosts', cat]);
    if (perYear < 0) throw source.error(['annualCosts', cat], `a cost must not be negative, got ${perYear}`);
    const m = metric(`cost_${cat}`);
    costMetricSet.add(m);
    return { metric: m, perYear };
  });

  // Every counter must exist before derived metrics can name them.
  const derived = Object.entries(def.derivedMetrics ?? {}).map(([name, text]) => {
    let formula: ParsedFormula;
    try {
      formula = parseFormula(text);
    } catch (e) {
      throw source.error(['derivedMetrics', name], (e as Error).message);
    }
    for (const sym of formula.symbols) {
      if (!metricIndex.has(sym)) throw source.error(['derivedMetrics', name], `unknown metric '${sym}' (counters: ${metrics.join(', ')})`);
    }
    if (metricIndex.has(name)) throw source.error(['derivedMetrics', name], `'${name}' is already a counter`, true);
    return { name, formula };
  });

  const payers = Object.entries(def.payers ?? {}).map(([name, cats]) => ({
    name: `cost_payer_${name}`,
    costs: cats.map((cat, i) => {
      const m = metricIndex.get(`cost_${cat}`);
      if (m === undefined || !costMetricSet.has(m)) throw source.error(['payers', name, i], `unknown cost category '${cat}'`);
      return m;
    }),
  }));

  return {
    name: def.name,
    annualCosts,
    payers,
    states,
    stateIndex,
    groups,
    arrivals,
    initialStocks,
    ageLimitDays: ageLimitYears * DAYS_PER_YEAR,
    ageOutTo,
    ageOutCounters,
    metrics,
    costMetrics: [...costMetricSet],
    derived,
    parametersRead: read,
  };
}

/** Probabilities from one state must not sum above 1, even with every multiplier above 1 applied. */
function checkTransitionSums(transitions: Transition[], fail: (msg: string) => Error): void {
  const defaults = transitions.filter((t) => Number.isNaN(t.p)).length;
  if (defaults > 1) throw fail('only one transition may omit its probability (it takes what the others leave)');
  const base = transitions.reduce((acc, t) => acc + (Number.isNaN(t.p) ? 0 : t.p), 0);
  if (base > 1 + 1e-9) throw fail(`transition probabilities sum to ${round(base)}, above 1`);
  const worst = transitions.reduce((acc, t) => acc + (Number.isNaN(t.p) ? 0 : t.p * t.modifiers.reduce((m, x) => m * Math.max(1, x.factor), 1)), 0);
  if (worst > 1 + 1e-9) throw fail(`transition probabilities sum to ${round(worst)} when every multiplier above 1 applies, above 1`);
  if (defaults === 0 && base < 1 - 1e-9) throw fail(`transition probabilities sum to ${round(base)}: add a last transition without a probability to take the rest`);
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
