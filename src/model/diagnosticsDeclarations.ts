/**
 * The model file's `diagnostics:` block (what `ehsim run --diagnostics` measures: which states
 * are referrals and closures, which groups are child protection and care, the cohort size and
 * the published figures to compare with), and what compileDiagnostics makes of it.
 */

export interface DiagnosticsDef {
  referral: string[];
  closures: { state: string; from?: string; label: string }[];
  earlyHelp?: { decision: string; stepDown: string; noService: string; completed?: string };
  cohort?: { size: string | number; ages: number[]; stages: { label: string; states?: string[]; group?: string }[] };
  childProtection?: string;
  care?: { group: string; ageBands: number[]; exits?: { state: string; label: string }[] };
  comparators?: { diagnostic: string; group: string; x?: string | number; value: number; source: string }[];
}

/** The diagnostics' names, as written in diagnostics.csv. */
export const DIAGNOSTICS = [
  'rereferral_after_closure',
  'referrals_per_child',
  'rereferral_share_top_children',
  'cohort_ever_before_age',
  'repeat_child_protection',
  'care_starts_by_age',
  'care_stock_by_age',
  'care_exits_by_age',
  'care_exits_by_route',
  'care_episode_mean_days',
  'early_help_effect',
] as const;
export type DiagnosticName = (typeof DIAGNOSTICS)[number];

/** Group labels the code gives (not the model file). */
export const ALL_CLOSURES = 'all closures';
export const KM_YEARS = [1, 2, 3, 4, 5, 6];
export const TOP_SHARES = [0.1, 0.085];
/** Early-help comparison: arms, outcomes, and the follow-up a child must have (days). */
export const EH_ARMS = ['stepped down (intention to treat)', 'closed with no service', 'completed early help after step-down'] as const;
export const EH_OUTCOMES = ['care within 12 months', 'care within 24 months', 're-referred within 12 months'] as const;
export const EH_RATIOS = ['relative risk: stepped down / no service', 'relative risk: completed / no service'] as const;

/** Numeric tables the diagnostics observer reads per event (state indices; -1 where absent). */
export interface CompiledDiagnostics {
  /** Per state: 1 if entering it is a referral. */
  isReferral: Uint8Array;
  /** Per state: the closure type entering it starts (-1 none), and the state it must be entered from (-1 any). */
  closureOf: Int8Array;
  closureFrom: Int16Array;
  closureLabels: string[];
  earlyHelp: { decision: number; stepDown: number; noService: number; completed: number } | null;
  /** Per state: bit k set if the state belongs to cohort stage k. */
  stageMask: Uint8Array;
  stageLabels: string[];
  cohortAges: number[];
  /** Children of one year of age in the population (the cohort's size), or NaN. */
  cohortSize: number;
  /** Per state: membership of the CP group and the care group. */
  inCp: Uint8Array | null;
  inCare: Uint8Array | null;
  /** Lower bounds of the care age bands, years. */
  ageBands: number[];
  /** Labels of care exits by destination state (others are named by the state). */
  exitLabels: Map<number, string>;
  comparators: { diagnostic: string; group: string; x: string; value: number; source: string }[];
}

/** Label of age band i of lower bounds `bands` (whole years): under 1, 1-4, …, 16+. */
export function ageBandLabel(bands: number[], i: number): string {
  const lo = bands[i]!;
  const hi = bands[i + 1];
  if (hi === undefined) return `${lo}+`;
  return lo === 0 ? `under ${hi}` : `${lo}-${hi - 1}`;
}
