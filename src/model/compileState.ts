import type { CompiledAttributes } from './compileAttributes.js';
import { refsIn, type CompileContext } from './compileContext.js';
import { Kind, type CompiledState, type Modifier, type Transition } from './compiledModel.js';
import type { StateDef } from './modelFile.js';

const KIND = { decision: Kind.Decision, activity: Kind.Activity, service: Kind.Service, dormant: Kind.Dormant, exit: Kind.Exit } as const;

/** One state of the model file as numeric tables: its kind, transitions, timing, capacity, counters and costs. */
export function compileState(cx: CompileContext, attributes: CompiledAttributes, s: StateDef, name: string, index: number, groupMask: number): CompiledState {
  const at = ['states', name];
  const kind = KIND[s.kind];
  const need = (key: keyof StateDef, why: string) => {
    if (s[key] === undefined) throw cx.error(at, `a ${s.kind} state needs '${key}' (${why})`);
  };
  if (kind === Kind.Activity) need('duration', 'how long it lasts');
  if (kind === Kind.Service) {
    need('duration', 'how long the service lasts');
    need('places', 'how many children it serves at once');
  }
  if (kind === Kind.Dormant) need('return', 'whether and when a closed child comes back');
  const ret = s.return;
  const drawn = ret && !('carried' in ret) ? ret : undefined;
  const carried = ret && 'carried' in ret ? ret : undefined;
  if (ret && kind !== Kind.Dormant && kind !== Kind.Decision) throw cx.error([...at, 'return'], `a ${s.kind} state cannot have 'return' (only dormant states, and decisions that draw a return carried by the states after them)`);
  if (carried && kind !== Kind.Dormant) throw cx.error([...at, 'return', 'carried'], 'only a dormant state can carry a pending return');
  if (s.durationModifiers && !s.duration) throw cx.error([...at, 'durationModifiers'], "'durationModifiers' scale a 'duration': this state has none");
  if (s.stepUp && kind !== Kind.Service) throw cx.error([...at, 'stepUp'], `only a service can have 'stepUp', not a ${s.kind} state`);
  const transitions = compileTransitions(cx, attributes, s, at);
  const places = s.places === undefined ? 0 : cx.num(s.places, [...at, 'places']);
  if (places < 0) throw cx.error([...at, 'places'], `places must not be negative, got ${places}`);
  const metric = (m: string | undefined) => (m ? cx.metric(m) : -1);
  for (const key of ['childrenCount', 'rereferredChildrenCount'] as const) {
    if (s[key] !== undefined && !s.referral) throw cx.error([...at, key], `'${key}' counts referrals: it needs 'referral: true'`, true);
  }
  // The order of these fields is the order in which metrics are first named (the output's order).
  const state: CompiledState = {
    name,
    index,
    kind,
    entryCounters: cx.counters(s.count),
    completionCounters: cx.counters(s.completions),
    referralCounter: s.referral ? cx.metric(s.referralCount!) : -1,
    rereferralCounter: s.referral ? cx.metric(s.rereferralCount!) : -1,
    referredChildren: s.childrenCount ? cx.childrenCounter(s.childrenCount, [...at, 'childrenCount']) : null,
    rereferredChildren: s.rereferredChildrenCount ? cx.childrenCounter(s.rereferredChildrenCount, [...at, 'rereferredChildrenCount']) : null,
    countIf: attributes.conditionalCounts(s.countIf, [...at, 'countIf']),
    duration: s.duration ? cx.dist(s.duration, [...at, 'duration']) : null,
    durationModifiers: attributes.modifiers(s.durationModifiers, [...at, 'durationModifiers']),
    places,
    patience: s.patience ? cx.dist(s.patience, [...at, 'patience']) : null,
    giveUpTo: s.onGiveUp ? cx.stateRef(s.onGiveUp.to, [...at, 'onGiveUp', 'to']) : -1,
    giveUpCounters: cx.counters(s.onGiveUp?.count),
    waitingStockMetric: metric(s.waitingStock),
    waitCountMetric: metric(s.waitCount),
    waitDaysMetric: metric(s.waitDays),
    enterChanges: attributes.enterChanges[index]!,
    completeChanges: attributes.completeChanges[index]!,
    returnTo: drawn ? cx.stateRef(drawn.to, [...at, 'return', 'to']) : -1,
    returnP: drawn ? cx.prob(drawn.probability, [...at, 'return', 'probability']) : carried ? cx.prob(carried.keep ?? 1, [...at, 'return', 'keep']) : 0,
    returnModifiers: attributes.modifiers(ret?.modifiers, [...at, 'return', 'modifiers']),
    returnDelay: drawn ? cx.dist(drawn.delay, [...at, 'return', 'delay']) : null,
    returnDelayModifiers: attributes.modifiers(drawn?.delayModifiers, [...at, 'return', 'delayModifiers']),
    returnCarried: carried !== undefined,
    stepUp: s.stepUp !== undefined,
    stepUpCounters: cx.counters(s.stepUp?.count),
    within12mCounter: metric(ret?.within12MonthsCount),
    costPerEntry: cx.costs(s.cost?.perEntry, [...at, 'cost', 'perEntry']),
    costPerDay: cx.costs(s.cost?.perDay, [...at, 'cost', 'perDay']),
    transitions,
    groupMask,
  };
  if (kind === Kind.Service && state.patience && state.giveUpTo < 0) throw cx.error(at, "a service with 'patience' needs 'onGiveUp' (where families who disengage go)");
  return state;
}

function compileTransitions(cx: CompileContext, attributes: CompiledAttributes, s: StateDef, at: string[]): Transition[] {
  const transitions = defaultLast(
    (s.transitions ?? []).map((t, i) => ({
      to: cx.stateRef(t.to, [...at, 'transitions', i, 'to']),
      p: t.probability === undefined ? NaN : cx.prob(t.probability, [...at, 'transitions', i, 'probability']),
      modifiers: attributes.modifiers(t.modifiers, [...at, 'transitions', i, 'modifiers']),
      counters: cx.counters(t.count),
    })),
  );
  if (s.kind === 'decision' || s.kind === 'activity' || s.kind === 'service') {
    if (transitions.length === 0) throw cx.error(at, `a ${s.kind} state needs at least one transition`);
    const named = (s.transitions ?? []).flatMap((t) => refsIn({ p: t.probability, m: t.modifiers?.map((m) => m.multiply) }));
    checkTransitionSums(transitions, (msg, impossible) => (impossible ? cx.impossible : cx.error).call(cx, [...at, 'transitions'], msg + cx.describeParams(named)));
  } else if (transitions.length > 0) {
    throw cx.error([...at, 'transitions'], `a ${s.kind} state has no transitions (${s.kind === 'dormant' ? "use 'return'" : 'children leave the model here'})`);
  }
  return transitions;
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
function checkTransitionSums(transitions: Transition[], fail: (msg: string, impossible?: boolean) => Error): void {
  const defaults = transitions.filter((t) => Number.isNaN(t.p)).length;
  if (defaults > 1) throw fail('only one transition may omit its probability (it takes what the others leave)');
  const base = transitions.reduce((acc, t) => acc + (Number.isNaN(t.p) ? 0 : t.p), 0);
  const worst = largestSum(transitions.filter((t) => !Number.isNaN(t.p)));
  if (worst > 1 + 1e-9) throw fail(base > 1 + 1e-9 ? `transition probabilities sum to ${round(base)}, above 1` : `transition probabilities sum to ${round(worst)} for a child meeting the conditions that raise them most, above 1`, true);
  if (defaults === 0 && base < 1 - 1e-9) throw fail(`transition probabilities sum to ${round(base)}: add a transition without a probability to take the rest`);
}

/**
 * The largest sum of the transitions' probabilities that one child can meet, every multiplier
 * applied whose condition it meets. Each attribute the conditions test is tried at every value
 * that separates them (a baby is never also 16), in every combination with the other attributes.
 */
function largestSum(transitions: Transition[]): number {
  // The answer depends only on the probabilities and modifiers: a model compiled again with the
  // same ones (every ramp step, every PSA draw) asks again, so answers are kept.
  const key = transitions.map((t) => `${t.p}:${t.modifiers.map((m) => `${m.slot},${m.bit},${m.op},${m.value},${m.factor}`).join(';')}`).join('|');
  const known = largestSums.get(key);
  if (known !== undefined) return known;
  const worst = enumerateLargestSum(transitions);
  if (largestSums.size >= 10_000) largestSums.clear();
  largestSums.set(key, worst);
  return worst;
}

const largestSums = new Map<string, number>();

function enumerateLargestSum(transitions: Transition[]): number {
  const mods = transitions.flatMap((t) => t.modifiers);
  const attributes = [...new Set(mods.map((m) => `${m.slot}:${m.bit}`))];
  const values = attributes.map((a) => {
    const xs = mods.filter((m) => `${m.slot}:${m.bit}` === a).flatMap((m) => [m.value, m.value - 1e-9, m.value + 1e-9]);
    return [-Infinity, Infinity, ...new Set(xs)];
  });
  const meets = (m: Modifier, v: number) => (m.op === 0 ? v === m.value : m.op === 1 ? v >= m.value : v < m.value);
  let worst = 0;
  const child = new Map<string, number>();
  const visit = (k: number): void => {
    if (k === attributes.length) {
      const sum = transitions.reduce((acc, t) => acc + t.modifiers.reduce((p, m) => (meets(m, child.get(`${m.slot}:${m.bit}`)!) ? p * m.factor : p), t.p), 0);
      worst = Math.max(worst, sum);
      return;
    }
    for (const v of values[k]!) {
      child.set(attributes[k]!, v);
      visit(k + 1);
    }
  };
  visit(0);
  return worst;
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
