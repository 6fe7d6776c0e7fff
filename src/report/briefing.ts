import { horizonOutcomes } from '../results/outcomes.js';
import { projectedYears, yearLabel } from '../results/years.js';
import { buildCharts, type Chart } from './charts.js';
import { capitalise, count, inWords, money, percent, signedCount } from './format.js';
import { appraisedSummary, calibratedYears, comparisonFindings, comparisonSummary, runFindings } from './findings.js';
import type { ManifestScenario } from '../outputs/manifest.js';
import { manifestScenarios, type AnnualRow, type CumulativeSummary, type RunFolder } from '../outputs/readFolder.js';
import { regionalReport } from './regional.js';
import { withUncertainty } from './economicsFindings.js';
import { economicsTable } from './economicsTable.js';
import { cheersAppendix } from './cheers.js';

import type { Table } from './table.js';

export type { Table } from './table.js';

export interface Assumption {
  parameter: string;
  value: string;
  unit: string;
  status: string;
  source: string;
  url?: string;
  uncertainty: string;
  file: string;
}

/** Everything a briefing says, built from the numbers of one run or comparison folder. */
export interface Briefing {
  title: string;
  subtitle: string;
  /** A few sentences a reader can take alone (what, how much, how sure); empty for a single run. */
  summary: string[];
  findings: string[];
  scenarios: { name: string; title: string; description?: string; levers: string[] }[];
  tables: Table[];
  charts: Chart[];
  assumptions: Assumption[];
  method: string[];
  limitations: string[];
  reproducibility: [string, string][];
  /** Appendix tables (a comparison's CHEERS 2022 checklist). */
  appendix: Table[];
}

const title = (s: ManifestScenario) => s.title ?? s.name;

/** The comparison's own title (compare --title), or one policy's "What X would change", or the number of policies compared. */
function comparisonTitle(m: RunFolder['manifest'], scenarios: ManifestScenario[]): string {
  if ('title' in m && typeof m.title === 'string') return m.title;
  const policies = scenarios.slice(1);
  return policies.length === 1 ? `What ${title(policies[0]!)} would change for children in England` : `Early help in England: ${policies.length} policies against ${title(scenarios[0]!)}`;
}

export function buildBriefing(run: RunFolder): Briefing {
  const m = run.manifest;
  const scenarios = manifestScenarios(m);
  const calibrated = calibratedYears(run);
  // Comparisons are shown from the first projected year; a run's horizon starts at its calibrated year, labelled so.
  const projected = projectedYears(m.years, calibrated);
  const comparison = !!run.summary;
  const horizon = comparison ? `${projected[0]} to ${projected.at(-1)}` : `${yearLabel(m.years[0]!, calibrated)} to ${m.years.at(-1)}`;
  const baseline = scenarios[0]!;

  const regional = regionalReport(run);
  const findings = [...(comparison ? comparisonFindings(run, scenarios) : runFindings(run, baseline)), ...(regional?.finding ? [regional.finding] : [])];
  const tables: Table[] = [];
  if (comparison)
    for (const s of scenarios.slice(1)) {
      tables.push(differenceTable(run, s));
      const econ = economicsTable(run, s);
      if (econ) tables.push(econ);
    }
  tables.push(levelTable(run, baseline), ...(regional?.tables ?? []));

  return {
    title: comparison ? comparisonTitle(m, scenarios) : `Children's social care in England: ${title(baseline)}`,
    subtitle: comparison
      ? `Projected effects against ${title(baseline)}, ${horizon}, each policy from its start; present values discounted to ${appraisedSummary(run).appraisal.year}. Simulated with ehsim ${m.version}.`
      : `Projection, ${horizon}. Simulated with ehsim ${m.version}.`,
    summary: comparison ? comparisonSummary(run, scenarios) : [],
    findings,
    scenarios: scenarios.map((s, k) => {
      // A scenario's levers that the baseline also has are current policy, listed once, under the baseline.
      const current = new Set(k === 0 ? [] : (baseline.policy ?? []).map((l) => `${l.name}|${l.from}|${l.parameter}`));
      const own = (s.policy ?? []).filter((l) => !current.has(`${l.name}|${l.from}|${l.parameter}`));
      const shared = (s.policy ?? []).length - own.length;
      return {
        name: s.name,
        title: title(s),
        description: s.description,
        levers: [
          ...(shared ? [`the baseline's ${shared} lever${shared === 1 ? '' : 's'} of current policy, as listed above`] : []),
          ...own.map(
            (l) =>
              `${l.name}: ${l.parameter} from ${fmtValue(l.oldValue)} to ${fmtValue(l.newValue)}, from ${l.from}${l.rampYears ? `, ramped over ${l.rampYears} year${l.rampYears === 1 ? '' : 's'}` : ''} (source: ${l.source.title}, ${l.source.year})`,
          ),
        ],
      };
    }),
    tables,
    appendix: comparison ? [cheersAppendix(run)] : [],
    charts: [...buildCharts(run), ...(regional?.charts ?? [])],
    assumptions: assumptions(baseline),
    method: method(run),
    limitations: limitations(run),
    reproducibility: [
      ['Tool', `ehsim ${m.version}`],
      ['Command', m.command],
      ['Seed', String(m.seed)],
      ['Replicates', `${m.replicates}${comparison ? ` paired, common random numbers ${m.common_random_numbers ? 'on' : 'off'}` : ''}`],
      ['Sample', `${percent(m.scale, 1)} of England's children, results scaled up`],
      ['Calendar', `from ${m.calendar.start}, ${m.calendar.warmupYears} warm-up years, ${m.calendar.horizonYears} reported years`],
      ...scenarios.flatMap((s) => s.files.map((f): [string, string] => [`${s.name}: ${f.file}`, `sha256 ${f.sha256}`])),
      ...(m.discounting ? [[`Discount rates: ${m.discounting.file}`, `${m.discounting.name} (version ${m.discounting.version})`] as [string, string]] : []),
      ...(m.appraisal ? [['Appraisal year', `${m.appraisal.year} (${m.appraisal.default ? 'the financial year the comparison ran in' : 'set with --appraisal-year'})`] as [string, string]] : []),
      ...(m.targets ? [[`Targets: ${m.targets.file}`, `sha256 ${m.targets.sha256}`] as [string, string]] : []),
      ['Run', `${m.started} to ${m.finished}`],
    ],
  };
}

function fmtValue(v: number): string {
  return Math.abs(v) >= 1e6 ? money(v) : String(Number(v.toPrecision(4)));
}

/** The headline table's rows: every horizon outcome, then the return per pound. */
function differenceTable(run: RunFolder, s: ManifestScenario): Table {
  const summary = appraisedSummary(run);
  const h = withUncertainty(run, s.name);
  const p = summary.policies[s.name]!;
  const spending = run.declarations.outcomes.spending;
  const fmt = (v: number, kind: string) => (kind === 'count' ? signedCount(v) : kind === 'money' ? money(v) : v.toFixed(3));
  const rows = horizonOutcomes(run.declarations.outcomes).map((o) => {
    const kind = o.unit === 'GBP' ? 'money' : 'count';
    const v = h[o.name];
    return v ? [o.label, fmt(v.mean, kind), `${fmt(v.lo95, kind)} to ${fmt(v.hi95, kind)}`, fmt(v.mcse, kind)] : [o.label, 'not defined', '', ''];
  });
  if (spending) {
    const label = `${capitalise(spending.rest.savings)} per £1 of ${spending.intervention.perPound} (both discounted)`;
    const v = h.return_per_pound;
    if (!v) rows.push([label, 'not defined', '', '']);
    else if (Math.abs(h[spending.intervention.name]!.mean) < 1e6) rows.push([label, `not meaningful (no extra ${spending.intervention.spending})`, '', '']);
    else rows.push([label, fmt(v.mean, 'ratio'), `${fmt(v.lo95, 'ratio')} to ${fmt(v.hi95, 'ratio')}`, fmt(v.mcse, 'ratio')]);
  }
  return {
    caption: `${title(s)}: against ${summary.baseline}, ${yearLabel(p.first_year, calibratedYears(run))} to ${p.last_year} (${p.start ? `totals from the policy's start on ${p.start}` : 'totals over the whole horizon: it changes no lever'}; present values discounted to ${summary.appraisal.year})`,
    columns: ['Measure', 'Central estimate', summary.uncertainty ? '95% uncertainty interval (parameters and simulation)' : '95% interval (Monte Carlo)', 'Monte Carlo s.e.'],
    rows,
    numeric: [1, 2, 3],
  };
}

function levelTable(run: RunFolder, s: ManifestScenario): Table {
  const years = run.manifest.years;
  const first = years[0]!;
  const last = years.at(-1)!;
  const firstLabel = yearLabel(first, calibratedYears(run));
  const fmt = (v: number, kind: string) => (kind === 'count' ? count(v, 6) : kind === 'money' ? money(v) : kind === 'rate' ? percent(v, 1) : v.toFixed(0));
  const cell = (metric: string, year: string, kind: string) => {
    const r = run.annual.find((a) => a.scenario === s.name && a.metric === metric && a.year === year);
    return r ? [fmt(r.mean, kind), `${fmt(r.lo95, kind)} to ${fmt(r.hi95, kind)}`] : ['', ''];
  };
  return {
    caption: `${title(s)}: levels in ${firstLabel} and ${last} (mean and 95% interval)`,
    columns: ['Measure', firstLabel, '95% interval', last, '95% interval'],
    rows: run.declarations.report.levelsTable.map(({ metric, label, kind }) => [label, ...cell(metric, first, kind), ...cell(metric, last, kind)]),
    numeric: [1, 2, 3, 4],
  };
}

/** Every parameter of the baseline with its value, unit, source and uncertainty, from the manifest. */
function assumptions(s: ManifestScenario): Assumption[] {
  return Object.entries(s.parameters).map(([name, p]) => {
    const t = p.source.title;
    const status = ['CALIBRATED', 'DERIVED', 'UNCONFIRMED'].find((w) => t.includes(w)) ?? 'sourced';
    const value = typeof p.value === 'number' ? fmtValue(p.value) : 'table (see the scenario file)';
    const d = p.distribution;
    const uncertainty = d ? `${String(d.type)}(${Object.entries(d).filter(([k]) => k !== 'type').map(([k, v]) => `${k} ${String(v)}`).join(', ')})` : p.formula ? `follows from its formula` : 'none stated';
    return {
      parameter: name,
      value: p.formula ? `${value} = ${p.formula}` : value,
      unit: p.priceYear ? `${p.unit} (${p.priceYear} prices)` : p.unit,
      status,
      source: [t, p.source.table, String(p.source.year), p.source.note].filter(Boolean).join('; '),
      url: p.source.url,
      uncertainty,
      file: p.file,
    };
  });
}

function method(run: RunFolder): string[] {
  const m = run.manifest;
  const out = [
    `A discrete-event Monte Carlo model follows individual children through referral, assessment, case closure, step-down to targeted early help, re-referral and escalation to a child in need plan, a child protection plan or care. The pathway and every number in it are data files (the scenario files listed below); nothing is hard-coded.`,
    `Each replicate simulates a ${percent(m.scale, 1)} sample of England's children and scales counts and costs up; it first runs ${m.calendar.warmupYears} warm-up years so that children's histories (and hence re-referrals) are in steady state when reporting starts on ${m.calendar.start}.`,
    `Results are the mean over ${m.replicates} replicates with a 95% interval (2.5th to 97.5th percentile of replicates) and the Monte Carlo standard error of the mean.`,
  ];
  if (run.summary) {
    out.push(
      `Scenarios are compared replicate by replicate with common random numbers: each child draws its path from its own random stream, so a difference between scenarios comes from the policy, not from chance.`,
      ...appraisalMethod(run),
    );
  }
  if (m.targets) out.push(`The baseline is calibrated to ${m.targets.targets.length} published figures for ${m.targets.title ?? m.targets.name} (the calibration chart shows the fit).`);
  return out;
}

/** How present values are discounted: the appraisal year, the sunk years, discounted effects and each policy's years. */
function appraisalMethod(run: RunFolder): string[] {
  const { appraisal, discounting } = appraisedSummary(run);
  const calibrated = calibratedYears(run);
  const chosen = run.manifest.appraisal?.default === false ? 'set with --appraisal-year' : 'the financial year in which the comparison was run; --appraisal-year sets another';
  const sunk = appraisal.sunk_years.length
    ? ` Years before it, ${inWords(appraisal.sunk_years.map((y) => yearLabel(y, calibrated)))}, are sunk: they are shown year by year but left out of every present value.`
    : '';
  return [
    `${appraisal.statement} ${appraisal.year} is the appraisal year (${chosen}); its discount factor is 1 and each later year t is discounted by the schedule's rate for year t (${discounting.source.title}).${sunk}`,
    `Where money is set against effects (the cost per effect and the savings per £1), the effects are discounted in the same way and the ratio divides the discounted sums. Each policy's totals run from the financial year in which it starts to the end of the horizon; the findings quote its first full year and those totals, never a year before it starts.`,
  ];
}

/** The price year costs are in, from the manifest, and what its index cannot do. */
function pricesSentence(p: ManifestScenario['prices']): string[] {
  return p ? [`Costs are in ${p.priceYear} prices (${p.title}): unit costs from other years are converted with this economy-wide index, so a cost that rose faster than prices in general is understated.`] : [];
}

function limitations(run: RunFolder): string[] {
  const out = [
    'The intervals do not include uncertainty in the parameters; each parameter lists the distribution that expresses it.',
    ...pricesSentence(manifestScenarios(run.manifest)[0]!.prices),
    'Parameters marked UNCONFIRMED are priors that no source we read confirms; DERIVED values are arithmetic on sourced figures; CALIBRATED values were fitted to the targets.',
  ];
  out.push(...(run.declarations.report.limitations ?? []));
  const areas = manifestScenarios(run.manifest)[0]!.areas;
  if (areas) out.push(`Each child belongs to one of ${areas.areas.length} areas (${areas.name}), each simulating its share of England's children with its own population and published rates; children do not move between areas, and each area's unaccompanied children are its share of England's (in fact they concentrate near the ports of entry). Regional step-down is Action for Children's 2015-16 pattern, assumed to hold today.`);
  if (run.manifest.scale < 1) out.push(`Counts are scaled up from a ${percent(run.manifest.scale, 1)} sample, so small counts carry more noise than they would in a full-scale run.`);
  return out;
}
