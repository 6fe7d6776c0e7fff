import type { OutcomeDeclarations, TableRowDeclaration } from '../model/outcomeDeclarations.js';
import { meanOf, type ScenarioResults } from '../results/annualTables.js';
import type { ComparisonSummary } from '../results/comparisonSummary.js';
import { headlineEffects } from '../results/outcomes.js';
import { summarise, type Summary } from '../results/statistics.js';
import { money } from './format.js';

const whole = (v: number) => Math.round(v).toLocaleString('en-GB');
/** `ehsim run`'s table: the model's declared rows in the first reported year, with 95% intervals. */
export function runTable(res: ScenarioResults, rows: TableRowDeclaration[], replicates: number, scale: number, calibratedYears: string[] = []): string {
  const fmt = (v: number, kind: string) => (kind === 'rate' ? v.toFixed(3) : kind === 'money' ? money(v) : whole(v));
  const first = calibratedYears.includes(res.years[0]!) ? `${res.years[0]} (the calibrated year)` : res.years[0];
  const lines = [`${res.scenario}, ${first} (mean of ${replicates} replicate${replicates > 1 ? 's' : ''} at scale ${scale}; 95% interval)`];
  for (const { metric, label, kind } of rows) {
    const m = res.metrics.indexOf(metric);
    if (m < 0) continue;
    const s = summarise(res.byReplicate.map((rep) => rep[0]![m]!));
    const interval = replicates > 1 ? `  (${fmt(s.lo95, kind)} to ${fmt(s.hi95, kind)})` : '';
    lines.push(`  ${label.padEnd(46)} ${fmt(meanOf(res, 0, metric), kind).padStart(12)}${interval}`);
  }
  return lines.join('\n');
}

/**
 * `ehsim compare`'s table: each scenario's headline effects, spending split and net present cost
 * against the baseline, over the policy's years, and how present values are discounted.
 */
export function compareTable(summary: ComparisonSummary, o: OutcomeDeclarations, replicates: number, scale: number): string {
  const rows: [string, string, (v: number) => string][] = [
    ...headlineEffects(o).map((e): [string, string, (v: number) => string] => [e.name, e.headline.label, whole]),
    ...(o.spending ? [o.spending.intervention, o.spending.rest] : []).map((s): [string, string, (v: number) => string] => [s.name, s.label, money]),
    ['net_present_cost', 'Net present cost', money],
  ];
  const last = summary.horizon.split(' to ').at(-1);
  const { appraisal } = summary;
  const sunk = appraisal.sunk_years.length ? ` Years before ${appraisal.year} are sunk: left out of present values.` : '';
  const u = summary.uncertainty;
  const lines = [
    u
      ? `Against the baseline, from each policy's start to ${last}: central estimates (mean of ${replicates} paired replicates at scale ${scale}) with 95% uncertainty intervals from parameters and simulation (a ${u.draws}-draw PSA).`
      : `Against the baseline, from each policy's start to ${last} (mean of ${replicates} paired replicates at scale ${scale}; 95% interval, Monte Carlo only).`,
    `${appraisal.statement}${sunk}`,
  ];
  for (const [name, central] of Object.entries(summary.scenarios)) {
    // With a PSA, the interval is the draws'; the estimate stays the central one.
    const s: Record<string, unknown> = Object.fromEntries(Object.entries(central).map(([k, v]) => [k, v && u?.scenarios[name]?.[k] ? { ...v, lo95: u.scenarios[name]![k]!.lo95, hi95: u.scenarios[name]![k]!.hi95 } : v]));
    const p = summary.policies[name]!;
    lines.push(`\n${name} (${p.start ? `from ${p.start}: ${p.first_year} to ${p.last_year}` : `changes no lever: ${p.first_year} to ${p.last_year}`})`);
    for (const [key, label, fmt] of rows) {
      const v = s[key] as Summary;
      lines.push(`  ${label.padEnd(30)} ${fmt(v.mean).padStart(12)}  (${fmt(v.lo95)} to ${fmt(v.hi95)})`);
    }
  }
  return lines.join('\n');
}

/**
 * Headline effects the Monte Carlo error swamps (|mean| within 1.96 MCSE over the paired
 * replicates, or nothing simulated), each said once, with what would help.
 */
export function noisyEffects(summary: ComparisonSummary, o: OutcomeDeclarations, run: { replicates: number; scale: number }): string[] {
  const out: string[] = [];
  for (const [name, s] of Object.entries(summary.scenarios)) {
    for (const e of headlineEffects(o)) {
      const v = s[e.name] as Summary | null;
      if (!v) continue;
      if (v.mean === 0 && v.lo95 === 0 && v.hi95 === 0) out.push(`${name}: no ${e.headline.noun} changed at all at scale ${run.scale}: too few children are simulated to measure it (raise --scale).`);
      else if (run.replicates > 1 && 1.96 * v.mcse >= Math.abs(v.mean)) out.push(`${name}: ${e.headline.label.toLowerCase()} (${whole(v.mean)}) is within its Monte Carlo error (1.96 x MCSE = ${whole(1.96 * v.mcse)}) at scale ${run.scale} with ${run.replicates} replicates: raise --scale or --replicates before reading it.`);
    }
  }
  return out;
}
