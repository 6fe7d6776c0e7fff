/**
 * What a model declares it reports (the `outcomes` and `report` blocks of the model file), as
 * compiled and recorded in manifests: plain JSON, so `ehsim report` needs only the output folder.
 */

/** A counted effect, scenario against baseline, summed over the horizon. */
export interface EffectDeclaration {
  /** The outcome's name in summary.json and the analyses (e.g. `..._avoided`). */
  name: string;
  /** The metric it sums (a counter, derived metric or cost). */
  metric: string;
  /** Reported as baseline minus scenario (fewer is better) or scenario minus baseline. */
  fewerIsBetter: boolean;
  label: string;
  unit: string;
  /** Also in the findings, the terminal table and the cumulative charts, with a short label and the noun sentences use. */
  headline?: { label: string; noun: string };
  /** summary.json's definition of the outcome, when given. */
  definition?: string;
  /** A cost of the policy to families (more waiting, more giving up), said in the findings with the noun sentences use. */
  familyCost?: { noun: string };
}

export interface SpendingDeclaration {
  /** Spending in the intervention's cost categories, scenario minus baseline. */
  intervention: { name: string; label: string; categories: string[]; spending: string; perPound: string; definition?: string };
  /** Spending in every other cost category, scenario minus baseline. */
  rest: { name: string; label: string; spending: string; savings: string };
}

/**
 * An emergent elasticity the comparison reports as a check, not an input: the percentage change in
 * a metric for a 1% change in the intervention's spending, with a published comparator range.
 */
export interface ElasticityDeclaration {
  name: string;
  metric: string;
  label: string;
  comparator?: { low: number; high: number; source: string };
}

/** Whose costs a comparison counts: the cost metrics (cost_<category>) of its payers. */
export interface PerspectiveDeclaration {
  name: string;
  label: string;
  description: string;
  /** How the findings name it (what it adds to the one before). */
  finding?: string;
  payers: string[];
  costs: string[];
}

export interface OutcomeDeclarations {
  effects: EffectDeclaration[];
  /** Whose costs count, the first being the main one (none declared: the council's, cost_total). */
  perspectives?: PerspectiveDeclaration[];
  /** The cost metrics cost_total sums (what the council spends; charts of spending show these). */
  spendingCosts?: string[];
  /** Reported for scenarios that change the intervention's spending (needs `spending`). */
  elasticity?: ElasticityDeclaration;
  /** The effect costs are weighed against (cost per effect, the PSA's net benefit, the analyses' charts). */
  costEffectiveness?: { effect: string; per: string; thresholds?: { values: number[]; note: string } };
  spending?: SpendingDeclaration;
}

export type RowKind = 'count' | 'rate' | 'money' | 'days';

export interface TableRowDeclaration {
  metric: string;
  label: string;
  kind: RowKind;
}

export interface BandChartDeclaration {
  name: string;
  metric: string;
  title: string;
  axis: string;
}

export interface ReportDeclarations {
  /** `ehsim run`'s terminal table (the first reported year). */
  runTable: TableRowDeclaration[];
  /** The briefing's table of levels (first and last year). */
  levelsTable: TableRowDeclaration[];
  /** The briefing's charts of a metric by year, by scenario, with its 95% band. */
  bandCharts: BandChartDeclaration[];
  /** A single run's findings: sentences with {placeholders} (see docs/model.md). */
  runFindings: string[];
  /** What the model leaves out, for the briefing's limitations. */
  limitations: string[];
}

export interface Declarations {
  outcomes: OutcomeDeclarations;
  report: ReportDeclarations;
}

/** The model file's blocks as written (lists may be left out). */
export type OutcomesDef = Partial<Omit<OutcomeDeclarations, 'perspectives' | 'spendingCosts'>> & { perspectives?: Omit<PerspectiveDeclaration, 'costs'>[] };
export type ReportDef = Partial<ReportDeclarations>;

/**
 * A placeholder in a finding: {first} or {last} (a reported year), {first end} (the calendar year
 * it ends in), {METRIC@first} (the mean), {METRIC@last interval} (its 95% interval) or
 * {METRIC@first percent} (the mean as a percentage).
 */
export const PLACEHOLDER = /\{([a-z][a-z0-9_]*)(?:@(first|last))?(?: (interval|percent|end))?\}/g;
