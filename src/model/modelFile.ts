import { checkSchema } from '../scenario/schemaCheck.js';
import { readSourceFile, type SourceFile } from '../scenario/sourceFile.js';
import type { DiagnosticsDef } from './diagnosticsDeclarations.js';
import type { OutcomesDef, ReportDef } from './outcomeDeclarations.js';

/** A number in the model file: a parameter name or a literal. */
export type NumberRef = string | number;
export type Counts = string | string[];

export interface DistributionDef {
  type: 'fixed' | 'exponential' | 'gamma' | 'lognormal' | 'weibull' | 'uniform' | 'triangular' | 'empirical' | 'mixture';
  unit?: 'days' | 'workingDays' | 'weeks' | 'months' | 'years';
  value?: NumberRef;
  mean?: NumberRef;
  median?: NumberRef;
  shape?: NumberRef;
  scale?: NumberRef;
  sdlog?: NumberRef;
  min?: NumberRef;
  mode?: NumberRef;
  max?: NumberRef;
  table?: string;
  components?: { weight: NumberRef; distribution: DistributionDef }[];
}

/** A value of an attribute: literal, parameter name or level; or drawn per child. */
export type AttributeValueDef = number | boolean | string | DistributionDef | { probability: NumberRef } | { weights: NumberRef[] };

export interface AttributeDef {
  type: 'integer' | 'flag' | 'category' | 'number';
  description?: string;
  levels?: string[];
  ageing?: boolean;
  initial?: AttributeValueDef;
  changes?: { on: { enter?: string; complete?: string }; set?: number | boolean | string; add?: NumberRef; note?: string }[];
}

export interface ConditionDef {
  attribute: string;
  equals?: number | boolean | string;
  atLeast?: number;
  below?: number;
}

export interface ModifierDef {
  if: ConditionDef;
  multiply: NumberRef;
  note?: string;
}

export interface TransitionDef {
  to: string;
  probability?: NumberRef;
  modifiers?: ModifierDef[];
  count?: Counts;
  description?: string;
}

export type ReturnDef =
  | { to: string; probability: NumberRef; modifiers?: ModifierDef[]; delay: DistributionDef; delayModifiers?: ModifierDef[]; within12MonthsCount?: string }
  | { carried: true; keep?: NumberRef; modifiers?: ModifierDef[]; within12MonthsCount?: string };

export interface StateDef {
  kind: 'decision' | 'activity' | 'service' | 'dormant' | 'exit';
  description?: string;
  count?: Counts;
  completions?: Counts;
  referral?: boolean;
  referralCount?: string;
  rereferralCount?: string;
  /** Distinct children with at least one referral (one re-referral) here in the year. */
  childrenCount?: string;
  rereferredChildrenCount?: string;
  /** Entry counters that count only children meeting a condition (after the state's enter changes). */
  countIf?: { if: ConditionDef; count: Counts; note?: string }[];
  duration?: DistributionDef;
  /** Multipliers of the sampled duration for children meeting their conditions (modifier syntax). */
  durationModifiers?: ModifierDef[];
  places?: NumberRef;
  patience?: DistributionDef;
  onGiveUp?: { to: string; count?: Counts };
  waitingStock?: string;
  waitCount?: string;
  waitDays?: string;
  closure?: string;
  /** Draws a return (to, probability, delay), or, in a dormant state, keeps the child's pending return (carried) with probability keep. */
  return?: ReturnDef;
  /** A service: a pending return falling due while the child waits or is served takes it out (counted). */
  stepUp?: { count?: Counts };
  cost?: { perEntry?: Record<string, NumberRef>; perDay?: Record<string, NumberRef> };
  transitions?: TransitionDef[];
}

export interface GroupDef {
  description?: string;
  states: string[];
  stock?: string;
  starts?: string;
  inYear?: string;
  /** Children leaving the group (every way out), and those leaving it because they reached ageLimitYears. */
  ends?: string;
  agedOut?: string;
  /** Ages (years) at which bands start: `starts` and `stock` are also counted per band. */
  ageBands?: { breaks: number[] };
}

export interface ModelDef {
  name: string;
  description?: string;
  ageLimitYears?: NumberRef;
  ageOut?: { to: string; count?: Counts };
  attributes?: Record<string, AttributeDef>;
  groups?: Record<string, GroupDef>;
  arrivals: { name: string; description?: string; to: string; ratePerYear: NumberRef; age: DistributionDef; followsPopulation?: boolean; attributes?: Record<string, AttributeValueDef> }[];
  initialStocks?: { state: string; description?: string; count: NumberRef; age: DistributionDef; attributes?: Record<string, AttributeValueDef> }[];
  states: Record<string, StateDef>;
  derivedMetrics?: Record<string, string>;
  annualCosts?: Record<string, NumberRef>;
  payers?: Record<string, string[]>;
  /** The payers whose categories cost_total sums (default: every category). */
  costTotal?: { payers: string[] };
  outcomes?: OutcomesDef;
  report?: ReportDef;
  diagnostics?: DiagnosticsDef;
}

export interface ModelFile {
  source: SourceFile;
  def: ModelDef;
}

export function readModelFile(file: string): ModelFile {
  const source = readSourceFile(file);
  checkSchema(source, 'model');
  return { source, def: source.data as ModelDef };
}
