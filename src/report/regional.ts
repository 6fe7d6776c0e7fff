import jstat from 'jstat';
import { mainEffect } from '../results/outcomes.js';
import { ALL_YEARS } from '../results/regionalTables.js';
import { manifestScenarios, type RegionalRow, type RunFolder } from '../outputs/readFolder.js';
import type { ManifestAreas } from '../outputs/manifest.js';
import type { Table } from './table.js';
import type { Chart } from './charts.js';
import { count, signedCount } from './format.js';
import { regionMapSpec, regionNames } from './regionMap.js';

/** What a briefing shows by place: a table per policy (or of the baseline's levels) and maps when the areas are England's regions. */
export interface RegionalReport {
  tables: Table[];
  charts: Chart[];
  /** One sentence for the findings: where the main effect is largest and smallest per 10,000 children. */
  finding: string | null;
}

const MIN_REPLICATES_TO_RANK = 8;
const { jStat } = jstat;
const title = (s: { title?: string; name: string }) => s.title ?? s.name;
const round1 = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(1));

export function regionalReport(run: RunFolder): RegionalReport | null {
  const scenarios = manifestScenarios(run.manifest);
  const areas = scenarios[0]!.areas;
  if (!areas || !run.regional) return null;
  const isRegions = areas.areas.every((a) => regionNames().has(a.code));
  return run.summary && run.regionalEffects ? effects(run, areas, isRegions) : levels(run, areas, isRegions);
}

function lookup(rows: RegionalRow[], scenario: string, area: string, year: string, metric: string): RegionalRow | undefined {
  return rows.find((r) => r.scenario === scenario && r.area === area && r.year === year && r.metric === metric);
}

/** Each policy's main effect by area over the horizon, as a count and per 10,000 children, with its interval and MCSE. */
function effects(run: RunFolder, areas: ManifestAreas, isRegions: boolean): RegionalReport {
  const main = mainEffect(run.declarations.outcomes);
  if (!main) return { tables: [], charts: [], finding: null };
  const { effect } = main;
  const sign = effect.fewerIsBetter ? -1 : 1;
  const scenarios = manifestScenarios(run.manifest).slice(1);
  const tables: Table[] = [];
  const charts: Chart[] = [];
  const extremes: string[] = [];
  for (const s of scenarios) {
    const rows = areas.areas.map((a) => {
      const n = lookup(run.regionalEffects!, s.name, a.code, ALL_YEARS, effect.metric);
      const p = lookup(run.regionalEffects!, s.name, a.code, ALL_YEARS, `${effect.metric}_per_10k`);
      return { a, n, p, per10k: p ? sign * p.mean : NaN };
    });
    tables.push({
      caption: `${title(s)}: ${effect.label.toLowerCase()} by area, every year of the horizon (per 10,000 children aged 0-17 in ${run.manifest.years[0]}; mean over replicates, 95% interval and Monte Carlo s.e.)`,
      columns: ['Area', effect.label, 'Per 10,000 children', '95% interval (per 10,000)', 'Monte Carlo s.e. (per 10,000)'],
      rows: rows.map(({ a, n, p }) => [
        a.name,
        n ? signedCount(sign * n.mean) : '',
        p ? round1(sign * p.mean) : '',
        p ? `${round1(sign * (sign > 0 ? p.lo95 : p.hi95))} to ${round1(sign * (sign > 0 ? p.hi95 : p.lo95))}` : '',
        p ? round1(p.mcse) : '',
      ]),
      numeric: [1, 2, 3, 4],
    });
    const ranked = rows.filter((r) => Number.isFinite(r.per10k)).sort((x, y) => y.per10k - x.per10k);
    if (ranked.length > 1) extremes.push(`${title(s)}: ${regionalSpread(ranked.map((r) => ({ name: r.a.name, mean: r.per10k, se: r.p?.mcse ?? NaN })), run.manifest.replicates)}`);
    if (isRegions) {
      charts.push({
        name: `map-${s.name}`,
        title: `${title(s)}: ${effect.label.toLowerCase()} per 10,000 children, by region`,
        spec: regionMapSpec({
          title: `${title(s)}: ${effect.label.toLowerCase()} per 10,000 children`,
          subtitle: `Every year to ${run.manifest.years.at(-1)}, against ${title(manifestScenarios(run.manifest)[0]!)}; mean of ${run.manifest.replicates} paired replicates.`,
          values: rows.map(({ a, p, per10k }) => ({ code: a.code, name: a.name, value: Number.isFinite(per10k) ? per10k : null, label: p ? `${round1(per10k)} per 10,000 (s.e. ${round1(p.mcse)})` : undefined })),
          legendTitle: `${effect.label} per 10,000`,
          scheme: 'diverging',
          caveat: `Differences between regions smaller than about twice the s.e. are Monte Carlo noise. Source: ehsim ${run.manifest.version} simulation (seed ${run.manifest.seed}, ${run.manifest.replicates} replicates, ${run.manifest.scale * 100}% sample).`,
        }),
      });
    }
  }
  const what = `${effect.label.toLowerCase()} per 10,000 children over the horizon`;
  const where = 'regional tables and maps below; README: "What scale a regional question needs"';
  const finding = !extremes.length
    ? null
    : run.manifest.replicates < MIN_REPLICATES_TO_RANK
      ? `By region, ${what}, lowest to highest: ${extremes.join('; ')}. With ${run.manifest.replicates} replicates the regions cannot be told apart: ranking them needs at least ${MIN_REPLICATES_TO_RANK} replicates and a larger scale (${where}).`
      : `By region, ${what}: ${extremes.join('; ')} (${where}).`;
  return { tables, charts, finding };
}

/**
 * Which regions an effect is largest and smallest in, said only when the regions differ beyond
 * Monte Carlo error: a heterogeneity test (Cochran's Q against chi-squared with k - 1 degrees of
 * freedom at 95%) on the regions' estimates and their MCSE, which needs at least 8 replicates for
 * the MCSE themselves to be usable. Picking the top and bottom of nine noisy estimates otherwise
 * names regions by chance. `areas` is sorted from the largest effect down.
 */
export function regionalSpread(areas: { name: string; mean: number; se: number }[], replicates: number): string {
  const [hi, lo] = [areas[0]!, areas.at(-1)!];
  const range = `${round1(lo.mean)} to ${round1(hi.mean)}`;
  if (replicates < MIN_REPLICATES_TO_RANK) return range;
  const weights = areas.map((a) => 1 / a.se ** 2);
  if (!weights.every(Number.isFinite)) return `${range}`;
  const pooled = areas.reduce((acc, a, k) => acc + weights[k]! * a.mean, 0) / weights.reduce((x, y) => x + y, 0);
  const q = areas.reduce((acc, a, k) => acc + weights[k]! * (a.mean - pooled) ** 2, 0);
  if (q <= jStat.chisquare.inv(0.95, areas.length - 1)) return `${range}, differences between regions within Monte Carlo error`;
  return `most in ${hi.name} (${round1(hi.mean)}, s.e. ${round1(hi.se)}), least in ${lo.name} (${round1(lo.mean)}, s.e. ${round1(lo.se)})`;
}

/** The levels a run reports by area in its first year, and (for regions) a map of today's early-help provision. */
function levels(run: RunFolder, areas: ManifestAreas, isRegions: boolean): RegionalReport {
  const s = manifestScenarios(run.manifest)[0]!;
  const first = run.manifest.years[0]!;
  const metrics: [string, string][] = [
    ['referrals_per_10k', 'Referrals per 10,000'],
    ['cin_31_march_per_10k', 'Children in need per 10,000 (31 March)'],
    ['cp_31_march', 'Child protection plans (31 March)'],
    ['cla_31_march_per_10k', 'Looked after per 10,000 (31 March)'],
    ['early_help_children_in_year_per_10k', 'In targeted early help per 10,000 (in year)'],
  ];
  const available = metrics.filter(([m]) => run.regional!.some((r) => r.metric === m));
  const table: Table = {
    caption: `${title(s)}: by area in ${first} (mean over replicates; regional.csv has every metric, year, interval and Monte Carlo s.e.)`,
    columns: ['Area', ...available.map(([, label]) => label)],
    rows: areas.areas.map((a) => [a.name, ...available.map(([m]) => { const r = lookup(run.regional!, s.name, a.code, first, m); return r ? (m.endsWith('_per_10k') ? round1(r.mean) : count(r.mean, 4)) : ''; })]),
    numeric: available.map((_, i) => i + 1),
  };
  const charts: Chart[] = [];
  const provision = 'early_help_children_in_year_per_10k';
  if (isRegions && run.regional!.some((r) => r.metric === provision)) {
    charts.push({
      name: 'map-early-help-provision',
      title: `Children in targeted early help per 10,000, by region, ${first}`,
      spec: regionMapSpec({
        title: `Children in targeted early help per 10,000, ${first}`,
        subtitle: `${title(s)}; mean of ${run.manifest.replicates} replicates. Early-help places follow each region's early-intervention spending per child (MHCLG RO3 2024-25).`,
        values: areas.areas.map((a) => {
          const r = lookup(run.regional!, s.name, a.code, first, provision);
          return { code: a.code, name: a.name, value: r ? r.mean : null, label: r ? `${round1(r.mean)} per 10,000 (s.e. ${round1(r.mcse)})` : undefined };
        }),
        legendTitle: 'Per 10,000 children',
        scheme: 'sequential',
        caveat: `Source: ehsim ${run.manifest.version} simulation (seed ${run.manifest.seed}, ${run.manifest.replicates} replicates, ${run.manifest.scale * 100}% sample).`,
      }),
    });
  }
  return { tables: [table], charts, finding: null };
}
