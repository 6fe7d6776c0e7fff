import type { ParsedFormula } from '../parameters/formula.js';
import type { Sampler } from '../kernel/distributions.js';
import type { Stream } from '../kernel/streams.js';
import type { AttrKind, ChildLayout } from './childLayout.js';
import type { CompiledDiagnostics } from './diagnosticsDeclarations.js';

/** What a compiled model is: numeric tables the simulation runs fast (compileModel.ts builds them). */
export const DAYS_PER_YEAR = 365.25;

export const enum Kind {
  Decision = 0,
  Activity = 1,
  Service = 2,
  Dormant = 3,
  Exit = 4,
}

/** Which field of a child's record an attribute is read from or written to (childLayout.ts). */
export interface AttributeRef {
  slot: number;
  bit: number;
  kind: AttrKind;
}

/** A test of one attribute. */
export interface Condition extends AttributeRef {
  /** 0: equals, 1: at least, 2: below */
  op: 0 | 1 | 2;
  value: number;
}

export interface Modifier extends Condition {
  factor: number;
}

/** Counters incremented on entering a state when the child meets the condition. */
export interface ConditionalCount extends Condition {
  counters: number[];
}

/** A count of distinct children in the year: `mark` is the child's per-year mark (Children.yearMark) it uses. */
export interface ChildrenCounter {
  metric: number;
  mark: number;
}

/** An attribute's value at arrival: `value`, or a draw from the child's own stream when `draw` is set. */
export interface AttributeInit extends AttributeRef {
  value: number;
  draw: ((u: Stream) => number) | null;
}

/** An event's change to an attribute: add `add`, or set `set` when it is not NaN. */
export interface AttributeChange extends AttributeRef {
  add: number;
  set: number;
}

export interface Transition {
  to: number;
  /** NaN for the default transition (takes what the others leave). */
  p: number;
  modifiers: Modifier[];
  counters: number[];
}

export interface CompiledState {
  name: string;
  index: number;
  kind: Kind;
  entryCounters: number[];
  completionCounters: number[];
  referralCounter: number;
  rereferralCounter: number;
  /** Distinct children referred, and re-referred, in the year (null when not declared). */
  referredChildren: ChildrenCounter | null;
  rereferredChildren: ChildrenCounter | null;
  /** Entry counts that need a condition, tested after the enter changes. */
  countIf: ConditionalCount[];
  duration: Sampler | null;
  /** Multipliers of the sampled duration for children meeting their conditions. */
  durationModifiers: Modifier[];
  places: number;
  patience: Sampler | null;
  giveUpTo: number;
  giveUpCounters: number[];
  waitingStockMetric: number;
  waitCountMetric: number;
  waitDaysMetric: number;
  /** Attribute changes on entering the state, and on completing it (the end of a timed spell). */
  enterChanges: AttributeChange[];
  completeChanges: AttributeChange[];
  returnTo: number;
  returnP: number;
  returnModifiers: Modifier[];
  returnDelay: Sampler | null;
  /** Multipliers of the drawn return delay for children meeting their conditions. */
  returnDelayModifiers: Modifier[];
  /** A dormant state that keeps the child's pending return (drawn earlier) with probability returnP, rather than drawing one. */
  returnCarried: boolean;
  /** A service whose waiting or served children step up when their pending return falls due. */
  stepUp: boolean;
  stepUpCounters: number[];
  within12mCounter: number;
  costPerEntry: { metric: number; amount: number }[];
  costPerDay: { metric: number; amount: number }[];
  transitions: Transition[];
  groupMask: number;
}

export interface CompiledGroup {
  name: string;
  states: number[];
  stockMetric: number;
  startsMetric: number;
  inYearMetric: number;
  /** The per-year mark of inYear (-1 without). */
  inYearMark: number;
  endsMetric: number;
  agedOutMetric: number;
  /** Age bands: the first day of age of each (the first is 0), and the starts and stock metric of each (empty without). */
  bandStartDays: number[];
  startsBands: number[];
  stockBands: number[];
}

/** An arrival stream that follows the population (model/population.ts): its rate multiplier and age sampler in each reported year. */
export interface PopulationArrival {
  factor: number[];
  age: Sampler[];
  /** Arrivals a year per 10,000 children at each single year of age in the first reported year (the rate held fixed). */
  perTenThousand: number[];
}

export interface CompiledArrival {
  name: string;
  to: number;
  ratePerDay: number;
  age: Sampler;
  /** For an arrival that follows the population: its rate multiplier and age sampler in each reported year (the warm-up uses ratePerDay and age). */
  population: PopulationArrival | null;
  /** Every non-ageing attribute's value at arrival, in declaration order. */
  init: AttributeInit[];
}

export interface CompiledStock {
  state: number;
  count: number;
  age: Sampler;
  init: AttributeInit[];
}

export interface CompiledModel {
  name: string;
  /** A hash of the model file, parameter values and population it was compiled from (fingerprint.ts). */
  fingerprint: () => string;
  states: CompiledState[];
  stateIndex: Map<string, number>;
  /** The declared attributes and the per-child record they give. */
  layout: ChildLayout;
  groups: CompiledGroup[];
  /** Per-year marks each child needs (Children.yearMark): inYear groups, then distinct referred children. */
  yearMarks: number;
  arrivals: CompiledArrival[];
  /**
   * The children in each state on the first day. Only the first epoch's are placed, so a model
   * compiled again for a later epoch compiles them only if asked (a policy's ramp moved them in
   * every epoch of the shipped scenarios: a ninth of preparing a PSA draw).
   */
  initialStocks: () => CompiledStock[];
  ageLimitDays: number;
  ageOutTo: number;
  ageOutCounters: number[];
  /** Counter metrics (scaled counts), in order. */
  metrics: string[];
  /** Which metrics are cost categories (cost_<category>). */
  costMetrics: number[];
  /** The cost metrics cost_total sums (every one, unless the model names the payers it counts). */
  totalCostMetrics: number[];
  derived: { name: string; formula: ParsedFormula }[];
  /** Spending not tied to a child, GBP per year, by cost metric. */
  annualCosts: { metric: number; perYear: number }[];
  /** Payer metrics (cost_payer_<payer>) and the cost metrics each sums. */
  payers: { name: string; costs: number[] }[];
  /** Parameters the model read, each with the model fields that read it (for levers and audit). */
  parametersRead: Map<string, string[]>;
  /** What `run --diagnostics` measures (the model file's `diagnostics:` block), or null. */
  diagnostics: CompiledDiagnostics | null;
}

/** A compiled model in force from day `start` (the first epoch's start is ignored: it runs from the warm-up). */
export interface ModelEpoch {
  start: number;
  model: CompiledModel;
}
