import type { JointPsa } from './jointPsa.js';
import { uncertaintySummary } from './psaIntervals.js';
import { setAsideCsv } from './feasibleDraws.js';
import { describeDistribution, type UncertainParameter } from './uncertainty.js';
import type { OutcomeDeclarations } from '../model/outcomeDeclarations.js';
import { toCsv } from '../results/csv.js';
import type { FileContent } from '../outputs/folder.js';
import type { PsaOutputs } from '../outputs/comparisonFolder.js';

/** A comparison's joint PSA (compare --psa N): its draws and where they were run. */
export interface ComparisonPsa {
  run: JointPsa;
  params: UncertainParameter[];
  scale: number;
}

/** summary.json's uncertainty block, psa-parameters.csv and psa-draws.csv (tidy: one value per row), and the manifest's record of the PSA. */
export function comparisonPsaOutputs(p: ComparisonPsa, declared: OutcomeDeclarations): PsaOutputs {
  const { run } = p;
  const files = new Map<string, FileContent>([
    ['psa-parameters.csv', toCsv(['draw', 'parameter', 'value'], run.draws.flatMap((d, i) => [...d].map(([name, v]) => [i, name, v])))],
    ['psa-set-aside.csv', setAsideCsv(run.setAside)],
    [
      'psa-draws.csv',
      () =>
        toCsv(
          ['draw', 'scenario', 'outcome', 'perspective', 'value'],
          run.scenarios.flatMap((s) => [
            ...Object.entries(run.outcomes[s]!).flatMap(([o, xs]) => xs.map((v, d) => [d, s, o, '', v])),
            ...Object.entries(run.economics[s]!.effects).flatMap(([o, xs]) => xs.map((v, d) => [d, s, `${o}_discounted`, '', v])),
            ...Object.entries(run.economics[s]!.perspectives).flatMap(([persp, c]) => c.cost.map((v, d) => [d, s, 'net_present_cost', persp, v])),
          ]),
        ),
    ],
  ]);
  const manifest = {
    draws: run.draws.length,
    draws_set_aside: run.setAside.length,
    replicates_per_draw: run.replicatesPerDraw,
    scale: p.scale,
    streams: "each draw's replicates on streams of their own (salt 'psa'), every scenario of a draw on the same ones",
    parameters: p.params.map((q) => ({ name: q.name, unit: q.unit, central: q.value, distribution: describeDistribution(q.distribution) })),
  };
  return { summary: uncertaintySummary(run, p.params, p.scale, declared), files, manifest };
}
