import type { ResolvedParameters } from '../parameters/resolveParameters.js';
import { parseFormula, type ParsedFormula } from '../parameters/formula.js';
import { compileAttributes } from './compileAttributes.js';
import { compileContext, refsIn, type At } from './compileContext.js';
import { DAYS_PER_YEAR, Kind, type CompiledGroup, type CompiledModel, type CompiledState, type Transition } from './compiledModel.js';
import type { ModelFile, StateDef } from './modelFile.js';

export * from './compiledModel.js';

const KIND = { decision: Kind.Decision, activity: Kind.Activity, service: Kind.Service, dormant: Kind.Dormant, exit: Kind.Exit } as const;

/** Turns a model file plus resolved parameters into numeric tables the simulation can run fast. */
export function compileModel(model: ModelFile, params: ResolvedParameters): CompiledModel {
  const { def, source } = model;
  const cx = compileContext(model, params);
  const { metric, metricIndex, metrics, counters, num, prob, nonNegative, describeParams, dist } = cx;
  const stateNames = Object.keys(def.states);
  const stateIndex = new Map(stateNames.map((n, i) => [n, i]));
  const stateRef = (name: string, at: At): number => {
    const i = stateIndex.get(name);
    if (i === undefined) throw source.error(at, `unknown state '${name}' (states: ${stateNames.join(', ')})`);
    return i;
  };
  const attributes = compileAttributes(def, stateNames.length, {
    num,
    prob,
    dist,
    stateRef,
    timed: (s) => ['activity', 'service'].includes(def.states[stateNames[s]!]!.kind),
    error: (at, message) => source.error(at, message),
  });
  const modifiers = attributes.modifiers;

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
  const costs = (c: Record<string, string | number> | undefined, at: At) =>
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
    const transitions = defaultLast(
      (s.transitions ?? []).map((t, i) => ({
        to: stateRef(t.to, [...at, 'transitions', i, 'to']),
        p: t.probability === undefined ? NaN : prob(t.probability, [...at, 'transitions', i, 'probability']),
        modifiers: modifiers(t.modifiers, [...at, 'transitions', i, 'modifiers']),
        counters: counters(t.count),
      })),
    );
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
      referralCounter: s.referral ? metric(s.referralCount ?? 'referrals') : -1,
      rereferralCounter: s.referral ? metric(s.rereferralCount ?? 'rereferrals_12m') : -1,
      duration: s.duration ? dist(s.duration, [...at, 'duration']) : null,
      places,
      patience: s.patience ? dist(s.patience, [...at, 'patience']) : null,
      giveUpTo: s.onGiveUp ? stateRef(s.onGiveUp.to, [...at, 'onGiveUp', 'to']) : -1,
      giveUpCounters: counters(s.onGiveUp?.count),
      waitingStockMetric: s.waitingStock ? metric(s.waitingStock) : -1,
      waitCountMetric: s.waitCount ? metric(s.waitCount) : -1,
      waitDaysMetric: s.waitDays ? metric(s.waitDays) : -1,
      enterChanges: attributes.enterChanges[index]!,
      completeChanges: attributes.completeChanges[index]!,
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
    init: attributes.init(a.attributes, ['arrivals', i]),
  }));
  const initialStocks = (def.initialStocks ?? []).map((s, i) => ({
    state: stateRef(s.state, ['initialStocks', i, 'state']),
    count: nonNegative(num(s.count, ['initialStocks', i, 'count']), ['initialStocks', i, 'count']),
    age: dist(s.age, ['initialStocks', i, 'age'], 'years'),
    init: attributes.init(s.attributes, ['initialStocks', i]),
  }));

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
    layout: attributes.layout,
    groups,
    arrivals,
    initialStocks,
    ageLimitDays: ageLimitYears * DAYS_PER_YEAR,
    ageOutTo,
    ageOutCounters,
    metrics,
    costMetrics: [...costMetricSet],
    derived,
    parametersRead: cx.read,
  };
}

/**
 * The transition without a probability (it takes what the others leave) moved last, where the
 * simulation looks for it, whatever its place in the file; the others keep their order.
 */
function defaultLast(transitions: Transition[]): Transition[] {
  const i = transitions.findIndex((t) => Number.isNaN(t.p));
  return i < 0 || i === transitions.length - 1 ? transitions : [...transitions.slice(0, i), ...transitions.slice(i + 1), transitions[i]!];
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
