import { DAYS_PER_YEAR } from '../model/compiledModel.js';
import { KM_YEARS, type CompiledDiagnostics } from '../model/diagnosticsDeclarations.js';

/** Days of follow-up kept for re-referral after closure; later times count as censored there. */
export const KM_DAYS = Math.floor(Math.max(...KM_YEARS) * DAYS_PER_YEAR);
/** Re-referrals per child are counted up to this (more are counted here). */
export const HIST_MAX = 200;
/** Per early-help arm: children, in care within 12 months, within 24 months, re-referred within 12 months. */
export const EH_FIELDS = 4;

/**
 * Where each count sits in a replicate's diagnostics array. Every entry is a count (or a sum of
 * days), so replicates merge by adding arrays, whatever ran where.
 */
export interface DiagnosticsLayout {
  size: number;
  /** 1 in each replicate's array, so a sum of arrays knows how many it holds. */
  replicates: number;
  closures: number;
  /** Re-referral events and censorings after closure by type and whole day: [type * kmBins + day], the last bin holding later times. */
  kmEvents: number;
  kmCensored: number;
  kmBins: number;
  referralsInWindow: number;
  childReferralYears: number;
  completedReferred: number;
  completedReferrals: number;
  /** Children with a complete history by re-referrals (referrals - 1), 0..HIST_MAX. */
  rerefHistogram: number;
  /** [stage * ages + age]: children ever in the stage before the age, among those reaching it in the reported years. */
  cohort: number;
  stages: number;
  ages: number;
  cpStarts: number;
  cpRepeats: number;
  bands: number;
  careStarts: number;
  careStock: number;
  careExitsByAge: number;
  /** Care exits by destination state. */
  careExitsTo: number;
  states: number;
  careEpisodes: number;
  careEpisodeDays: number;
  /** [arm * EH_FIELDS + field] */
  earlyHelp: number;
}

export function diagnosticsLayout(d: CompiledDiagnostics, states: number): DiagnosticsLayout {
  let at = 0;
  const take = (n: number) => {
    const o = at;
    at += n;
    return o;
  };
  const closures = d.closureLabels.length;
  const kmBins = KM_DAYS + 2;
  const stages = d.stageLabels.length;
  const ages = d.cohortAges.length;
  const bands = d.ageBands.length;
  const layout: Omit<DiagnosticsLayout, 'size'> = {
    replicates: take(1),
    closures,
    kmBins,
    kmEvents: take(closures * kmBins),
    kmCensored: take(closures * kmBins),
    referralsInWindow: take(1),
    childReferralYears: take(1),
    completedReferred: take(1),
    completedReferrals: take(1),
    rerefHistogram: take(HIST_MAX + 1),
    stages,
    ages,
    cohort: take(stages * ages),
    cpStarts: take(1),
    cpRepeats: take(1),
    bands,
    careStarts: take(bands),
    careStock: take(bands),
    careExitsByAge: take(bands),
    states,
    careExitsTo: take(states),
    careEpisodes: take(1),
    careEpisodeDays: take(1),
    earlyHelp: take(3 * EH_FIELDS),
  };
  return { ...layout, size: at };
}

/** Areas' diagnostics counts of one replicate, as one replicate's: every count summed, the replicate counted once. */
export function sumDiagnostics(model: { diagnostics: Parameters<typeof diagnosticsLayout>[0] | null; states: unknown[] }, counts: Float64Array[]): Float64Array {
  const out = new Float64Array(counts[0]!.length);
  for (const c of counts) for (let i = 0; i < c.length; i++) out[i]! += c[i]!;
  out[diagnosticsLayout(model.diagnostics!, model.states.length).replicates] = 1;
  return out;
}
