import type { ResolvedParameters } from '../parameters/resolveParameters.js';
import { parseFormula, type ParsedFormula } from '../parameters/formula.js';
import { CompiledAttributes } from './compileAttributes.js';
import { CompileContext } from './compileContext.js';
import { compileDiagnostics } from './compileDiagnostics.js';
import { compileState } from './compileState.js';
import { trappedLoop } from './checkFlow.js';
import { modelFingerprint } from './fingerprint.js';
import { DAYS_PER_YEAR, type CompiledGroup, type CompiledModel, type CompiledStock } from './compiledModel.js';
import type { ModelDef, ModelFile } from './modelFile.js';
import { populationArrival, type YearPopulations } from './population.js';

export * from './compiledModel.js';

/** Turns a model file plus resolved parameters into numeric tables the simulation can run fast. */
/** `population` (children by age in each reported year) is needed when an arrival follows the population. */
export function compileModel(model: ModelFile, params: ResolvedParameters, population: YearPopulations | null = null, previous?: CompiledModel): CompiledModel {
  const again = previous && incremental ? recompile(previous, model, params, population) : null;
  if (again) return again;
  const { def } = model;
  const cx = new CompileContext(model, params);
  const attributes = new CompiledAttributes(def, cx);
  // Metrics are numbered in the order first named: groups, states, age-out, yearly costs.
  const { groups, groupMask } = compileGroups(def, cx);
  const states = cx.stateNames.map((name, index) => compileState(cx, attributes, def.states[name]!, name, index, groupMask[index]!));
  const arrivals = def.arrivals.map((a, i) => {
    const ratePerDay = cx.nonNegative(cx.num(a.ratePerYear, ['arrivals', i, 'ratePerYear']), ['arrivals', i, 'ratePerYear']) / DAYS_PER_YEAR;
    const age = cx.dist(a.age, ['arrivals', i, 'age'], 'years');
    let follows = null;
    if (a.followsPopulation) {
      if (!population) throw cx.error(['arrivals', i, 'followsPopulation'], "the scenario gives no population (its 'population' key), so this arrival cannot follow one");
      const spec = cx.distSpec(a.age, ['arrivals', i, 'age'], 'years');
      if (spec.type !== 'empirical') throw cx.error(['arrivals', i, 'age'], `an arrival that follows the population needs an empirical age table, got '${spec.type}'`);
      follows = populationArrival(spec.breaks, spec.weights, ratePerDay * DAYS_PER_YEAR, population);
    }
    return { name: a.name, to: cx.stateRef(a.to, ['arrivals', i, 'to']), ratePerDay, age, population: follows, init: attributes.init(a.attributes, ['arrivals', i]) };
  });
  const stocks = compileInitialStocks(def, cx, attributes);
  const ageLimitYears = def.ageLimitYears === undefined ? Infinity : cx.num(def.ageLimitYears, ['ageLimitYears']);
  const ageOutTo = def.ageOut ? cx.stateRef(def.ageOut.to, ['ageOut', 'to']) : -1;
  if (Number.isFinite(ageLimitYears) && ageOutTo < 0) throw cx.error(['ageLimitYears'], "an age limit needs 'ageOut' (the state children go to when they reach it)");
  const ageOutCounters = cx.counters(def.ageOut?.count);
  const trapped = trappedLoop(states, Number.isFinite(ageLimitYears));
  if (trapped) throw cx.error(['states', trapped.states[0]!], trappedMessage(trapped.states, trapped.timeless));
  const diagnostics = compileDiagnostics(def, cx);
  const annualCosts = compileAnnualCosts(def, cx);
  const compiled: CompiledModel = {
    name: def.name,
    fingerprint: lazily(() => modelFingerprint(model, params, population)),
    annualCosts,
    payers: compilePayers(def, cx),
    states,
    stateIndex: cx.stateIndex,
    layout: attributes.layout,
    groups,
    yearMarks: cx.yearMarks,
    arrivals,
    initialStocks: () => stocks,
    ageLimitDays: ageLimitYears * DAYS_PER_YEAR,
    ageOutTo,
    ageOutCounters,
    metrics: cx.metrics,
    costMetrics: [...cx.costMetrics],
    totalCostMetrics: compileCostTotal(def, cx),
    derived: compileDerived(def, cx),
    parametersRead: cx.read,
    diagnostics,
  };
  madeFrom.set(compiled, { model, params, population, cx, groupMask });
  return compiled;
}

/** What each compiled model was made from, so that another epoch's can be made from it (recompile). */
const madeFrom = new WeakMap<CompiledModel, { model: ModelFile; params: ResolvedParameters; population: YearPopulations | null; cx: CompileContext; groupMask: number[] }>();

/** Off only in tests that check a model compiled again in part equals one compiled whole. */
let incremental = true;
export function compileIncrementally(on: boolean): void {
  incremental = on;
}

/**
 * `previous` compiled again with other parameter values, when they change only what states read
 * (a policy's ramp moves one or two parameters from one epoch to the next): those states are
 * compiled again, with the metrics and marks `previous` numbered, as are the costs of the year and
 * the starting stocks if they read one; the rest is shared. Null when a changed value is read
 * elsewhere (arrivals, the age limit, groups, ...): then the model is compiled whole.
 */
function recompile(previous: CompiledModel, model: ModelFile, params: ResolvedParameters, population: YearPopulations | null): CompiledModel | null {
  const prior = madeFrom.get(previous);
  if (!prior || prior.model !== model || prior.population !== population) return null;
  const changed = changedValues(prior.params, params);
  if (changed === null) return null;
  const stateNames = new Set<string>();
  let yearlyCosts = false;
  let stocks = false;
  for (const name of changed) {
    for (const field of prior.cx.read.get(name) ?? []) {
      const [top, state] = field.split('.');
      if (top === 'annualCosts') yearlyCosts = true;
      else if (top === 'initialStocks') stocks = true;
      else if (top === 'states' && state !== undefined) stateNames.add(state);
      else return null;
    }
  }
  const { def } = model;
  const cx = prior.cx.continuing(params, model);
  const attributes = new CompiledAttributes(def, cx);
  const states = previous.states.map((st, index) => {
    const name = cx.stateNames[index]!;
    return stateNames.has(name) ? compileState(cx, attributes, def.states[name]!, name, index, prior.groupMask[index]!) : st;
  });
  const trapped = trappedLoop(states, Number.isFinite(previous.ageLimitDays));
  if (trapped) throw cx.error(['states', trapped.states[0]!], trappedMessage(trapped.states, trapped.timeless));
  if (cx.metrics.length !== previous.metrics.length || cx.yearMarks !== previous.yearMarks) return null;
  const annualCosts = yearlyCosts ? compileAnnualCosts(def, cx) : previous.annualCosts;
  const initialStocks = stocks ? lazily(() => compileInitialStocks(def, cx, attributes)) : previous.initialStocks;
  const compiled: CompiledModel = { ...previous, states, annualCosts, initialStocks, fingerprint: lazily(() => modelFingerprint(model, params, population)) };
  madeFrom.set(compiled, { ...prior, params, cx: prior.cx });
  return compiled;
}

/** The children in each state on the first day. */
function compileInitialStocks(def: ModelDef, cx: CompileContext, attributes: CompiledAttributes): CompiledStock[] {
  return (def.initialStocks ?? []).map((s, i) => ({
    state: cx.stateRef(s.state, ['initialStocks', i, 'state']),
    count: cx.nonNegative(cx.num(s.count, ['initialStocks', i, 'count']), ['initialStocks', i, 'count']),
    age: cx.dist(s.age, ['initialStocks', i, 'age'], 'years'),
    init: attributes.init(s.attributes, ['initialStocks', i]),
  }));
}

/** Costs of the year (not of any child). */
function compileAnnualCosts(def: ModelDef, cx: CompileContext): CompiledModel['annualCosts'] {
  return cx.costs(def.annualCosts, ['annualCosts']).map((c) => ({ metric: c.metric, perYear: c.amount }));
}

/** Names of the parameters whose values differ (null when the two sets do not name the same parameters). */
function changedValues(a: ResolvedParameters, b: ResolvedParameters): string[] | null {
  if (a.size !== b.size) return null;
  const out: string[] = [];
  for (const [name, p] of b) {
    const q = a.get(name);
    if (!q) return null;
    if (q.value === p.value) continue;
    if (typeof p.value === 'number' || typeof q.value === 'number' || JSON.stringify(p.value) !== JSON.stringify(q.value)) out.push(name);
  }
  return out;
}

/** Groups of states counted together, and each state's bit mask of the groups it belongs to. */
function compileGroups(def: ModelDef, cx: CompileContext): { groups: CompiledGroup[]; groupMask: number[] } {
  const groupsDef = Object.entries(def.groups ?? {});
  if (groupsDef.length > 30) throw cx.error(['groups'], 'at most 30 groups are supported');
  const groupMask = new Array<number>(cx.stateNames.length).fill(0);
  const groups = groupsDef.map(([name, g], gi): CompiledGroup => {
    const at = ['groups', name];
    const states = g.states.map((s, i) => cx.stateRef(s, [...at, 'states', i]));
    for (const s of states) groupMask[s]! |= 1 << gi;
    const metric = (m: string | undefined) => (m ? cx.metric(m) : -1);
    const inYear = g.inYear ? cx.childrenCounter(g.inYear, [...at, 'inYear']) : null;
    const bands = g.ageBands ? ageBandLabels(g.ageBands.breaks, (msg) => cx.error([...at, 'ageBands', 'breaks'], msg)) : [];
    if (bands.length > 0 && !g.starts && !g.stock) throw cx.error([...at, 'ageBands'], "age bands count a group's 'starts' and 'stock': declare at least one");
    const banded = (m: string | undefined) => (m ? bands.map((b) => cx.metric(`${m}_age_${b}`)) : []);
    return {
      name,
      states,
      stockMetric: metric(g.stock),
      startsMetric: metric(g.starts),
      inYearMetric: inYear ? inYear.metric : -1,
      inYearMark: inYear ? inYear.mark : -1,
      endsMetric: metric(g.ends),
      agedOutMetric: metric(g.agedOut),
      bandStartDays: bands.length > 0 ? g.ageBands!.breaks.map((x) => x * DAYS_PER_YEAR) : [],
      startsBands: banded(g.starts),
      stockBands: banded(g.stock),
    };
  });
  return { groups, groupMask };
}

/**
 * The suffix of each age band's metrics, from the ages (whole years, from 0, increasing) at which
 * bands start: [0, 1, 5, 16] gives under_1, 1_4, 5_15, 16_plus (a one-year band is its age: 1).
 */
export function ageBandLabels(breaks: number[], fail: (msg: string) => Error): string[] {
  if (breaks[0] !== 0) throw fail(`the first band starts at age 0, got ${breaks[0]}`);
  breaks.forEach((x, i) => {
    if (!Number.isInteger(x)) throw fail(`band ages are whole years, got ${x}`);
    if (i > 0 && x <= breaks[i - 1]!) throw fail(`band ages must increase, got ${breaks[i - 1]} then ${x}`);
  });
  return breaks.map((x, i) => {
    const next = breaks[i + 1];
    if (next === undefined) return `${x}_plus`;
    if (x === 0) return `under_${next}`;
    return next === x + 1 ? `${x}` : `${x}_${next - 1}`;
  });
}

/** Derived metrics: formulas over the counters (every counter is named by now). */
function compileDerived(def: ModelDef, cx: CompileContext): { name: string; formula: ParsedFormula }[] {
  return Object.entries(def.derivedMetrics ?? {}).map(([name, text]) => {
    let formula: ParsedFormula;
    try {
      formula = parseFormula(text);
    } catch (e) {
      throw cx.error(['derivedMetrics', name], (e as Error).message);
    }
    for (const sym of formula.symbols) {
      if (!cx.metricIndex.has(sym)) throw cx.error(['derivedMetrics', name], `unknown metric '${sym}' (counters: ${cx.metrics.join(', ')})`);
    }
    if (cx.metricIndex.has(name)) throw cx.error(['derivedMetrics', name], `'${name}' is already a counter`, true);
    return { name, formula };
  });
}

/**
 * The cost metrics cost_total sums: every category, or with `costTotal.payers` only those payers'
 * (costs borne elsewhere and the social value of outcomes are reported, and weighed in the wider
 * perspectives, but are not the spending the model is calibrated to).
 */
function compileCostTotal(def: ModelDef, cx: CompileContext): number[] {
  const payers = def.costTotal?.payers;
  if (!payers) return [...cx.costMetrics];
  const compiled = compilePayers(def, cx);
  const metrics = payers.flatMap((name, i) => {
    const p = compiled.find((q) => q.name === `cost_payer_${name}`);
    if (!p) throw cx.error(['costTotal', 'payers', i], `unknown payer '${name}' (payers: ${compiled.map((q) => q.name.replace(/^cost_payer_/, '')).join(', ')})`);
    return p.costs;
  });
  return [...new Set(metrics)].sort((a, b) => a - b);
}

/** Payer metrics (cost_payer_<payer>) and the cost metrics each sums. */
function compilePayers(def: ModelDef, cx: CompileContext): { name: string; costs: number[] }[] {
  return Object.entries(def.payers ?? {}).map(([name, cats]) => ({
    name: `cost_payer_${name}`,
    costs: cats.map((cat, i) => {
      const m = cx.metricIndex.get(`cost_${cat}`);
      if (m === undefined || !cx.costMetrics.has(m)) throw cx.error(['payers', name, i], `unknown cost category '${cat}'`);
      return m;
    }),
  }));
}

function trappedMessage(names: string[], timeless: boolean): string {
  const loop = names.map((n) => `'${n}'`).join(', ');
  return timeless
    ? `children who reach ${loop} loop there for ever without time passing (decisions, or spells and return delays averaging under a tenth of a second) and nothing leads out: give the loop a way out or a duration`
    : `children who reach ${loop} can never leave: nothing leads out of ${names.length > 1 ? 'these states' : 'this state'} and the model has no age limit (add a transition to an exit, or 'ageLimitYears' with 'ageOut')`;
}

/** A value computed on first use (only warm starts need a model's fingerprint, and only for a few of its epochs). */
function lazily<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}
