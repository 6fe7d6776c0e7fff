import { meanOf, type ScenarioResults } from '../results/annualTables.js';
import type { ComparisonSummary } from '../results/comparisonSummary.js';
import { summarise } from '../results/statistics.js';

/** The terminal tables printed after a run and a comparison. */
const HEADLINE: [string, string, 'count' | 'rate' | 'money'][] = [
  ['referrals', 'Referrals', 'count'],
  ['rereferral_rate_12m', 'Re-referred within 12 months (share)', 'rate'],
  ['referrals_nfa', 'No further action at referral', 'count'],
  ['assessed_not_in_need', 'Assessed not in need', 'count'],
  ['step_downs', 'Stepped down to early help', 'count'],
  ['closed_no_service_rereferred_12m_rate', 'Closed without help, back within 12 months', 'rate'],
  ['early_help_children_in_year', 'Children in targeted early help in year', 'count'],
  ['early_help_waiting_31_march', 'Waiting for early help at 31 March', 'count'],
  ['cin_in_year', 'Children in need during year', 'count'],
  ['cin_31_march', 'Children in need at 31 March', 'count'],
  ['cp_starts', 'Child protection plans started', 'count'],
  ['cla_starts', 'Children starting to be looked after', 'count'],
  ['cla_31_march', 'Looked after at 31 March', 'count'],
  ['prevention_ratio', 'Prevention ratio (early help : in need)', 'rate'],
  ['cost_total', 'Cost, all categories (GBP)', 'money'],
];

export function runHeadline(res: ScenarioResults, replicates: number, scale: number): string {
  const fmt = (v: number, kind: string) =>
    kind === 'rate' ? v.toFixed(3) : kind === 'money' ? `£${(v / 1e9).toFixed(2)}bn` : Math.round(v).toLocaleString('en-GB');
  const lines = [`${res.scenario}, ${res.years[0]} (mean of ${replicates} replicate${replicates > 1 ? 's' : ''} at scale ${scale}; 95% interval)`];
  for (const [metric, label, kind] of HEADLINE) {
    const m = res.metrics.indexOf(metric);
    if (m < 0) continue;
    const s = summarise(res.byReplicate.map((rep) => rep[0]![m]!));
    const interval = replicates > 1 ? `  (${fmt(s.lo95, kind)} to ${fmt(s.hi95, kind)})` : '';
    lines.push(`  ${label.padEnd(46)} ${fmt(meanOf(res, 0, metric), kind).padStart(12)}${interval}`);
  }
  return lines.join('\n');
}

export function comparisonHeadline(summary: ComparisonSummary, scale: number): string {
  const n = (v: number) => Math.round(v).toLocaleString('en-GB');
  const bn = (v: number) => `£${(v / 1e9).toFixed(2)}bn`;
  const lines = [`Against the baseline, ${summary.horizon} (mean of ${summary.replicates} paired replicates at scale ${scale}; 95% interval)`];
  for (const [name, s] of Object.entries(summary.scenarios)) {
    lines.push(`\n${name}`);
    lines.push(`  Re-referrals avoided           ${n(s.rereferrals_avoided.mean).padStart(12)}  (${n(s.rereferrals_avoided.lo95)} to ${n(s.rereferrals_avoided.hi95)})`);
    lines.push(`  CP plans avoided               ${n(s.cp_starts_avoided.mean).padStart(12)}  (${n(s.cp_starts_avoided.lo95)} to ${n(s.cp_starts_avoided.hi95)})`);
    lines.push(`  Care entries avoided           ${n(s.cla_starts_avoided.mean).padStart(12)}  (${n(s.cla_starts_avoided.lo95)} to ${n(s.cla_starts_avoided.hi95)})`);
    lines.push(`  Extra early-help spending      ${bn(s.early_help_extra_cost.mean).padStart(12)}  (${bn(s.early_help_extra_cost.lo95)} to ${bn(s.early_help_extra_cost.hi95)})`);
    lines.push(`  Change in social care spending ${bn(s.social_care_cost_change.mean).padStart(12)}  (${bn(s.social_care_cost_change.lo95)} to ${bn(s.social_care_cost_change.hi95)})`);
    lines.push(`  Net present cost               ${bn(s.net_present_cost.mean).padStart(12)}  (${bn(s.net_present_cost.lo95)} to ${bn(s.net_present_cost.hi95)})`);
  }
  return lines.join('\n');
}
