import jstat from 'jstat';
import { DAYS_PER_YEAR } from '../model/compiledModel.js';
import { ageBandLabel, ALL_CLOSURES, EH_ARMS, EH_OUTCOMES, EH_RATIOS, KM_YEARS, TOP_SHARES, type CompiledDiagnostics } from '../model/diagnosticsDeclarations.js';
import { EH_FIELDS, HIST_MAX, type DiagnosticsLayout } from '../simulation/diagnosticsLayout.js';
import { toCsv } from './csv.js';

const { jStat } = jstat;

export const DIAGNOSTICS_HEADER = ['diagnostic', 'group', 'x', 'value', 'lo95', 'hi95', 'replicates', 'n', 'comparator', 'comparator_source'];

export interface DiagnosticRow {
  diagnostic: string;
  group: string;
  x: string;
  value: number;
  lo95: number;
  hi95: number;
  replicates: number;
  n: number;
  comparator: number;
  comparatorSource: string;
}

/** A value computed from counts, and the number of simulated children or events behind it. */
type Stat = (c: Float64Array) => { value: number; n: number };
type Kind = 'share' | 'ratio' | 'days';
interface Spec {
  diagnostic: string;
  group: string;
  x: string;
  kind: Kind;
  stat: Stat;
}

export interface DiagnosticsContext {
  diagnostics: CompiledDiagnostics;
  layout: DiagnosticsLayout;
  stateNames: string[];
  scale: number;
  /** Reported years (cohorts reaching an age in the run). */
  years: number;
}

/**
 * The diagnostics' rows from every replicate's counts: each value from the counts summed over
 * replicates; its 95% interval from the spread of the replicates' own values (value ± t·sd/√R,
 * R replicates where it is defined; none with one replicate), clamped to the possible range.
 */
export function diagnosticsRows(cx: DiagnosticsContext, replicates: Float64Array[]): DiagnosticRow[] {
  const pooled = new Float64Array(cx.layout.size);
  for (const r of replicates) for (let i = 0; i < r.length; i++) pooled[i]! += r[i]!;
  const comparators = new Map(cx.diagnostics.comparators.map((c) => [`${c.diagnostic}|${c.group}|${c.x}`, c]));
  return specs(cx, pooled).map((s) => {
    const { value, n } = s.stat(pooled);
    const each = replicates.map((r) => s.stat(r).value).filter(Number.isFinite);
    let lo = NaN;
    let hi = NaN;
    if (each.length >= 2 && Number.isFinite(value)) {
      const mean = each.reduce((a, b) => a + b, 0) / each.length;
      const sd = Math.sqrt(each.reduce((a, b) => a + (b - mean) ** 2, 0) / (each.length - 1));
      const half = jStat.studentt.inv(0.975, each.length - 1) * (sd / Math.sqrt(each.length));
      lo = Math.max(0, value - half);
      hi = s.kind === 'share' ? Math.min(1, value + half) : value + half;
    }
    const c = comparators.get(`${s.diagnostic}|${s.group}|${s.x}`);
    return { diagnostic: s.diagnostic, group: s.group, x: s.x, value, lo95: lo, hi95: hi, replicates: each.length, n, comparator: c?.value ?? NaN, comparatorSource: c?.source ?? '' };
  });
}

export function diagnosticsCsv(rows: DiagnosticRow[]): string {
  return toCsv(DIAGNOSTICS_HEADER, rows.map((r) => [r.diagnostic, r.group, r.x, r.value, r.lo95, r.hi95, r.replicates, r.n, r.comparator, r.comparatorSource]));
}

const ratio = (a: number, b: number) => ({ value: b > 0 ? a / b : NaN, n: b });
const sum = (c: Float64Array, from: number, n: number) => {
  let s = 0;
  for (let i = 0; i < n; i++) s += c[from + i]!;
  return s;
};

function specs(cx: DiagnosticsContext, pooled: Float64Array): Spec[] {
  const { diagnostics: d, layout: L } = cx;
  const out: Spec[] = [];
  const add = (diagnostic: string, group: string, x: string | number, kind: Kind, stat: Stat) => out.push({ diagnostic, group, x: String(x), kind, stat });

  const types = d.closureLabels.map((label, k) => ({ label, types: [k] }));
  if (types.length > 1) types.push({ label: ALL_CLOSURES, types: types.map((_, k) => k) });
  for (const { label, types: ks } of types) for (const y of KM_YEARS) add('rereferral_after_closure', label, y, 'share', (c) => kaplanMeier(c, L, ks, y));

  add('referrals_per_child', 'in year', '', 'ratio', (c) => ratio(c[L.referralsInWindow]!, c[L.childReferralYears]!));
  add('referrals_per_child', 'lifetime', '', 'ratio', (c) => ratio(c[L.completedReferrals]!, c[L.completedReferred]!));
  for (const q of TOP_SHARES) add('rereferral_share_top_children', 'children with a complete history', q, 'share', (c) => topShare(c, L.rerefHistogram, q));

  // Children of the cohorts simulated: one cohort per reported year, in each replicate summed.
  const perCohort = (c: Float64Array) => c[L.replicates]! * cx.scale * cx.years * d.cohortSize;
  d.stageLabels.forEach((label, k) =>
    d.cohortAges.forEach((age, a) => add('cohort_ever_before_age', label, age, 'share', (c) => ({ value: c[L.cohort + k * L.ages + a]! / perCohort(c), n: c[L.cohort + k * L.ages + a]! }))),
  );
  if (d.inCp) add('repeat_child_protection', 'child protection plan starts', '', 'share', (c) => ratio(c[L.cpRepeats]!, c[L.cpStarts]!));
  if (d.inCare) {
    const bands = (name: string, base: number) => d.ageBands.forEach((_, b) => add(name, ageBandLabel(d.ageBands, b), '', 'share', (c) => ratio(c[base + b]!, sum(c, base, L.bands))));
    bands('care_starts_by_age', L.careStarts);
    bands('care_stock_by_age', L.careStock);
    bands('care_exits_by_age', L.careExitsByAge);
    const routes = [...d.exitLabels.keys(), ...cx.stateNames.map((_, s) => s).filter((s) => !d.exitLabels.has(s) && pooled[L.careExitsTo + s]! > 0)];
    for (const s of routes) add('care_exits_by_route', d.exitLabels.get(s) ?? cx.stateNames[s]!, '', 'share', (c) => ratio(c[L.careExitsTo + s]!, sum(c, L.careExitsTo, L.states)));
    add('care_episode_mean_days', 'completed episodes', '', 'days', (c) => ratio(c[L.careEpisodeDays]!, c[L.careEpisodes]!));
  }
  if (d.earlyHelp) {
    const share = (arm: number, o: number) => (c: Float64Array) => ratio(c[L.earlyHelp + arm * EH_FIELDS + 1 + o]!, c[L.earlyHelp + arm * EH_FIELDS]!);
    EH_ARMS.forEach((arm, a) => EH_OUTCOMES.forEach((o, k) => add('early_help_effect', arm, o, 'share', share(a, k))));
    EH_RATIOS.forEach((label, r) =>
      EH_OUTCOMES.forEach((o, k) =>
        add('early_help_effect', label, o, 'ratio', (c) => {
          const treated = share(r === 0 ? 0 : 2, k)(c);
          const control = share(1, k)(c);
          return { value: control.value > 0 ? treated.value / control.value : NaN, n: treated.n + control.n };
        }),
      ),
    );
  }
  return out;
}

/** Kaplan-Meier cumulative share re-referred within `years` of closure (whole-day times), pooling closure types `ks`. */
function kaplanMeier(c: Float64Array, L: DiagnosticsLayout, ks: number[], years: number): { value: number; n: number } {
  const events = new Float64Array(L.kmBins);
  const censored = new Float64Array(L.kmBins);
  for (const k of ks) {
    for (let j = 0; j < L.kmBins; j++) {
      events[j]! += c[L.kmEvents + k * L.kmBins + j]!;
      censored[j]! += c[L.kmCensored + k * L.kmBins + j]!;
    }
  }
  const total = sum(events, 0, L.kmBins) + sum(censored, 0, L.kmBins);
  let atRisk = total;
  let survival = 1;
  for (let j = 0; j < years * DAYS_PER_YEAR && j < L.kmBins - 1; j++) {
    if (atRisk > 0) survival *= 1 - events[j]! / atRisk;
    atRisk -= events[j]! + censored[j]!;
  }
  return { value: total > 0 ? 1 - survival : NaN, n: total };
}

/** Share of all re-referrals made by the fraction `q` of children with the most (from the histogram of re-referrals per child). */
function topShare(c: Float64Array, base: number, q: number): { value: number; n: number } {
  let children = 0;
  let rerefs = 0;
  for (let k = 0; k <= HIST_MAX; k++) {
    children += c[base + k]!;
    rerefs += k * c[base + k]!;
  }
  let left = q * children;
  let top = 0;
  for (let k = HIST_MAX; k > 0 && left > 0; k--) {
    const take = Math.min(left, c[base + k]!);
    top += take * k;
    left -= take;
  }
  return { value: rerefs > 0 ? top / rerefs : NaN, n: children };
}
