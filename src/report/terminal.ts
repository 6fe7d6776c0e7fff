import type { OutcomeDeclarations, TableRowDeclaration } from '../model/outcomeDeclarations.js';
import { meanOf, type ScenarioResults } from '../results/annualTables.js';
import type { HorizonSummary } from '../results/comparison.js';
import { headlineEffects } from '../results/outcomes.js';
import { summarise, type Summary } from '../results/statistics.js';

const whole = (v: number) => Math.round(v).toLocaleString('en-GB');
const billions = (v: number) => `£${(v / 1e9).toFixed(2)}bn`;

/** `ehsim run`'s table: the model's declared rows in the first reported year, with 95% intervals. */
export function runTable(res: ScenarioResults, rows: TableRowDeclaration[], replicates: number, scale: number): string {
  const fmt = (v: number, kind: string) => (kind === 'rate' ? v.toFixed(3) : kind === 'money' ? billions(v) : whole(v));
  const lines = [`${res.scenario}, ${res.years[0]} (mean of ${replicates} replicate${replicates > 1 ? 's' : ''} at scale ${scale}; 95% interval)`];
  for (const { metric, label, kind } of rows) {
    const m = res.metrics.indexOf(metric);
    if (m < 0) continue;
    const s = summarise(res.byReplicate.map((rep) => rep[0]![m]!));
    const interval = replicates > 1 ? `  (${fmt(s.lo95, kind)} to ${fmt(s.hi95, kind)})` : '';
    lines.push(`  ${label.padEnd(46)} ${fmt(meanOf(res, 0, metric), kind).padStart(12)}${interval}`);
  }
  return lines.join('\n');
}

/** `ehsim compare`'s table: each scenario's headline effects, spending split and net present cost against the baseline. */
export function compareTable(summary: Record<string, HorizonSummary>, o: OutcomeDeclarations, replicates: number, scale: number, years: string[]): string {
  const rows: [string, string, (v: number) => string][] = [
    ...headlineEffects(o).map((e): [string, string, (v: number) => string] => [e.name, e.headline.label, whole]),
    ...(o.spending ? [o.spending.intervention, o.spending.rest] : []).map((s): [string, string, (v: number) => string] => [s.name, s.label, billions]),
    ['net_present_cost', 'Net present cost', billions],
  ];
  const lines = [`Against the baseline, ${years[0]} to ${years.at(-1)} (mean of ${replicates} paired replicates at scale ${scale}; 95% interval)`];
  for (const [name, s] of Object.entries(summary)) {
    lines.push(`\n${name}`);
    for (const [key, label, fmt] of rows) {
      const v = s[key] as Summary;
      lines.push(`  ${label.padEnd(30)} ${fmt(v.mean).padStart(12)}  (${fmt(v.lo95)} to ${fmt(v.hi95)})`);
    }
  }
  return lines.join('\n');
}
