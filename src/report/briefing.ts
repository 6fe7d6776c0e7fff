import { OUTCOMES } from '../results/outcomes.js';
import { buildCharts, type Chart } from './charts.js';
import { count, interval, money, percent, signedCount } from './format.js';
import type { ManifestScenario } from '../outputs/manifest.js';
import { manifestScenarios, type AnnualRow, type CumulativeSummary, type RunFolder } from '../outputs/readFolder.js';

/** A table as plain text cells; the HTML and Markdown writers escape them. */
export interface Table {
  caption: string;
  columns: string[];
  rows: string[][];
  /** Columns holding numbers (right-aligned). */
  numeric: number[];
}

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
  findings: string[];
  scenarios: { name: string; title: string; description?: string; levers: string[] }[];
  tables: Table[];
  charts: Chart[];
  assumptions: Assumption[];
  method: string[];
  limitations: string[];
  reproducibility: [string, string][];
}

const title = (s: ManifestScenario) => s.title ?? s.name;

/** The year a finding quotes: the middle of the horizon (2024-25 for 2019-20 to 2029-30). */
export function findingYear(years: string[]): string {
  return years[Math.floor(years.length / 2)]!;
}

export function buildBriefing(run: RunFolder): Briefing {
  const m = run.manifest;
  const scenarios = manifestScenarios(m);
  const years = m.years;
  const horizon = `${years[0]} to ${years.at(-1)}`;
  const comparison = !!run.summary;
  const baseline = scenarios[0]!;

  const findings = comparison ? comparisonFindings(run, scenarios) : levelFindings(run, baseline);
  const tables: Table[] = [];
  if (comparison) for (const s of scenarios.slice(1)) tables.push(differenceTable(run, s));
  tables.push(levelTable(run, baseline));

  return {
    title: comparison ? `Early help in England: ${scenarios.slice(1).map(title).join('; ')}` : `Children's social care in England: ${title(baseline)}`,
    subtitle: comparison
      ? `Projected effects against ${title(baseline)}, ${horizon}. Simulated with ehsim ${m.version}.`
      : `Projection, ${horizon}. Simulated with ehsim ${m.version}.`,
    findings,
    scenarios: scenarios.map((s) => ({
      name: s.name,
      title: title(s),
      description: s.description,
      levers: (s.policy ?? []).map(
        (l) =>
          `${l.name}: ${l.parameter} from ${fmtValue(l.oldValue)} to ${fmtValue(l.newValue)}, from ${l.from}${l.rampYears ? `, ramped over ${l.rampYears} year${l.rampYears === 1 ? '' : 's'}` : ''} (source: ${l.source.title}, ${l.source.year})`,
      ),
    })),
    tables,
    charts: buildCharts(run),
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
      ...(m.targets ? [[`Targets: ${m.targets.file}`, `sha256 ${m.targets.sha256}`] as [string, string]] : []),
      ['Run', `${m.started} to ${m.finished}`],
    ],
  };
}

function fmtValue(v: number): string {
  return Math.abs(v) >= 1e6 ? money(v) : String(Number(v.toPrecision(4)));
}

/** The sentences a briefing writer can lift: each scenario's effect with its 95% interval. */
function comparisonFindings(run: RunFolder, scenarios: ManifestScenario[]): string[] {
  const s = run.summary!;
  const years = run.manifest.years;
  const year = findingYear(years);
  const horizon = `${years[0]} to ${years.at(-1)}`;
  const out: string[] = [];
  let worstShare = 0;
  for (const sc of scenarios.slice(1)) {
    const h = s.scenarios[sc.name]!;
    const inYear = avoidedInYear(run.differences ?? [], sc.name, year, 'rereferrals_12m');
    const rr = h.rereferrals_avoided!;
    const sentence = [
      `${title(sc)} would ${effect(inYear, 're-referrals')} in ${year} (95% interval ${interval(inYear.lo95, inYear.hi95)})`,
      `and ${effect(rr, '')} over ${horizon} (${interval(rr.lo95, rr.hi95)}).`,
    ].join(' ');
    out.push(sentence.replace(/ {2,}/g, ' ').replace(' ( ', ' ('));
    const cp = h.cp_starts_avoided!;
    const cla = h.cla_starts_avoided!;
    out.push(
      `Over the same years it would mean ${fewerMore(cp, 'child protection plans')} (${interval(cp.lo95, cp.hi95)}) and ${fewerMore(cla, 'children entering care')} (${interval(cla.lo95, cla.hi95)}).`,
    );
    const eh = h.early_help_extra_cost!;
    const sc2 = h.social_care_cost_change!;
    const npc = h.net_present_cost!;
    const ret = h.return_per_pound;
    const npcText = npc.mean >= 0 ? `a net present cost of ${money(npc.mean)} (${money(npc.lo95)} to ${money(npc.hi95)})` : `a net present saving of ${money(-npc.mean)} (${money(-npc.hi95)} to ${money(-npc.lo95)})`;
    if (Math.abs(eh.mean) >= 1e6) {
      out.push(
        `It would add ${money(eh.mean)} of early-help spending and ${sc2.mean <= 0 ? `save ${money(-sc2.mean)}` : `add ${money(sc2.mean)}`} of social care spending (undiscounted): ${npcText}${ret ? `, or ${ret.mean.toFixed(2)} (${ret.lo95.toFixed(2)} to ${ret.hi95.toFixed(2)}) of social care savings for every £1 of early help` : ''}.`,
      );
    } else {
      out.push(`It needs no extra early-help spending; social care spending ${sc2.mean <= 0 ? `falls by ${money(-sc2.mean)}` : `rises by ${money(sc2.mean)}`} (undiscounted): ${npcText}.`);
    }
    for (const key of ['rereferrals_avoided', 'cp_starts_avoided', 'cla_starts_avoided', 'net_present_cost']) {
      const v = h[key];
      if (v && v.mean !== 0) worstShare = Math.max(worstShare, v.mcse / Math.abs(v.mean));
    }
  }
  out.push(
    `The intervals show Monte Carlo variation with every parameter at its central value (${run.manifest.replicates} paired replicates, ${percent(run.manifest.scale, 1)} sample); the Monte Carlo standard error of each headline difference is at most ${percent(worstShare, 1)} of the difference. They leave out uncertainty in the parameters themselves: see the assumptions below.`,
  );
  return out;
}

function avoidedInYear(diffs: AnnualRow[], scenario: string, year: string, metric: string): CumulativeSummary {
  const r = diffs.find((d) => d.scenario === scenario && d.year === year && d.metric === metric);
  if (!r) return { mean: NaN, lo95: NaN, hi95: NaN, mcse: NaN };
  return { mean: -r.mean, lo95: -r.hi95, hi95: -r.lo95, mcse: r.mcse };
}

/** "prevent an estimated 16,000 re-referrals" or "add an estimated 2,000 re-referrals". */
function effect(v: CumulativeSummary, noun: string): string {
  const what = noun ? ` ${noun}` : '';
  return v.mean >= 0 ? `prevent an estimated ${count(v.mean)}${what}` : `add an estimated ${count(-v.mean)}${what}`;
}

function fewerMore(v: CumulativeSummary, noun: string): string {
  return v.mean >= 0 ? `${count(v.mean)} fewer ${noun}` : `${count(-v.mean)} more ${noun}`;
}

/** For a single run: where the system stands and where it goes. */
function levelFindings(run: RunFolder, s: ManifestScenario): string[] {
  const years = run.manifest.years;
  const at = (metric: string, year: string) => run.annual.find((r) => r.scenario === s.name && r.metric === metric && r.year === year);
  const first = years[0]!;
  const last = years.at(-1)!;
  const out: string[] = [];
  const ref = at('referrals', first);
  const rate = at('rereferral_rate_12m', first);
  if (ref && rate) out.push(`In ${first} the model has ${count(ref.mean)} referrals (95% interval ${interval(ref.lo95, ref.hi95)}), ${percent(rate.mean, 1)} of them re-referrals within 12 months.`);
  const cin = at('cin_31_march', first);
  const cla = at('cla_31_march', first);
  if (cin && cla) out.push(`At 31 March ${first.slice(0, 2)}${first.slice(5)} it has ${count(cin.mean)} children in need (${interval(cin.lo95, cin.hi95)}) and ${count(cla.mean)} children looked after (${interval(cla.lo95, cla.hi95)}).`);
  const claLast = at('cla_31_march', last);
  const refLast = at('referrals', last);
  if (claLast && refLast) out.push(`By ${last} it projects ${count(refLast.mean)} referrals a year (${interval(refLast.lo95, refLast.hi95)}) and ${count(claLast.mean)} children looked after (${interval(claLast.lo95, claLast.hi95)}).`);
  out.push(`Intervals show Monte Carlo variation only (${run.manifest.replicates} replicates, ${percent(run.manifest.scale, 1)} sample), with every parameter at its central value.`);
  return out;
}

/** The headline table's rows: every horizon outcome, then the return per pound. */
const DIFFERENCES: [string, string, 'count' | 'money' | 'ratio'][] = [
  ...(Object.entries(OUTCOMES) as [string, { label: string; unit: string }][]).map(([key, o]): [string, string, 'count' | 'money'] => [key, o.label, o.unit === 'GBP' ? 'money' : 'count']),
  ['return_per_pound', 'Social care savings per £1 of early help', 'ratio'],
];

function differenceTable(run: RunFolder, s: ManifestScenario): Table {
  const h = run.summary!.scenarios[s.name]!;
  const fmt = (v: number, kind: string) => (kind === 'count' ? signedCount(v) : kind === 'money' ? money(v) : v.toFixed(3));
  const rows = DIFFERENCES.flatMap(([key, label, kind]) => {
    const v = h[key];
    if (!v) return [[label, 'not defined', '', '']];
    if (key === 'return_per_pound' && Math.abs(h.early_help_extra_cost!.mean) < 1e6) return [[label, 'not meaningful (no extra early-help spending)', '', '']];
    return [[label, fmt(v.mean, kind), `${fmt(v.lo95, kind)} to ${fmt(v.hi95, kind)}`, fmt(v.mcse, kind)]];
  });
  return {
    caption: `${title(s)}: against ${run.summary!.baseline}, ${run.summary!.horizon} (totals over the horizon)`,
    columns: ['Measure', 'Estimate', '95% interval', 'Monte Carlo s.e.'],
    rows,
    numeric: [1, 2, 3],
  };
}

const LEVELS: [string, string, 'count' | 'money' | 'rate' | 'days'][] = [
  ['referrals', 'Referrals', 'count'],
  ['rereferral_rate_12m', 'Re-referral rate (12 months)', 'rate'],
  ['assessed_not_in_need', 'Assessed not in need', 'count'],
  ['step_downs', 'Stepped down to early help', 'count'],
  ['early_help_children_in_year', 'Children in targeted early help', 'count'],
  ['early_help_waiting_31_march', 'Waiting for early help at 31 March', 'count'],
  ['cin_31_march', 'Children in need at 31 March', 'count'],
  ['cp_starts', 'Child protection plans started', 'count'],
  ['cla_starts', 'Children starting care', 'count'],
  ['cla_31_march', 'Children looked after at 31 March', 'count'],
  ['cost_total', 'Total spending', 'money'],
];

function levelTable(run: RunFolder, s: ManifestScenario): Table {
  const years = run.manifest.years;
  const first = years[0]!;
  const last = years.at(-1)!;
  const fmt = (v: number, kind: string) => (kind === 'count' ? count(v, 6) : kind === 'money' ? money(v) : kind === 'rate' ? percent(v, 1) : v.toFixed(0));
  const cell = (metric: string, year: string, kind: string) => {
    const r = run.annual.find((a) => a.scenario === s.name && a.metric === metric && a.year === year);
    return r ? [fmt(r.mean, kind), `${fmt(r.lo95, kind)} to ${fmt(r.hi95, kind)}`] : ['', ''];
  };
  return {
    caption: `${title(s)}: levels in ${first} and ${last} (mean and 95% interval)`,
    columns: ['Measure', first, '95% interval', last, '95% interval'],
    rows: LEVELS.map(([metric, label, kind]) => [label, ...cell(metric, first, kind), ...cell(metric, last, kind)]),
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
      `Costs are discounted with ${run.summary.discounting.source.title} (${(run.summary.discounting.rates[0]!.rate * 100).toFixed(1)}% a year for the first 30 years) to ${m.years[0]}.`,
    );
  }
  if (m.targets) out.push(`The baseline is calibrated to ${m.targets.targets.length} published figures for ${m.targets.title ?? m.targets.name} (the calibration chart shows the fit).`);
  return out;
}

function limitations(run: RunFolder): string[] {
  const scenarios = manifestScenarios(run.manifest);
  const params = scenarios[0]!.parameters;
  const levered = new Set(scenarios.flatMap((s) => (s.policy ?? []).map((l) => l.parameter)));
  const out = [
    'The intervals do not include uncertainty in the parameters; each parameter lists the distribution that expresses it.',
    'Unit costs keep the price year of their sources; nothing is deflated to a common price year.',
    'Parameters marked UNCONFIRMED are priors that no source we read confirms; DERIVED values are arithmetic on sourced figures; CALIBRATED values were fitted to the targets.',
  ];
  if (levered.has('stepDown')) {
    out.push('Where step-down rises with no new places, stepped-down families take places that families referred by other routes would have had; the model gives those displaced families no further consequence, so the gains are an upper bound.');
  }
  const elasticity = params['referralElasticityToEarlyIntervention'];
  if (elasticity) out.push(`The effect of extra funding on new referrals rests on one elasticity (${elasticity.source.title.split(':')[0]}).`);
  if (run.manifest.scale < 1) out.push(`Counts are scaled up from a ${percent(run.manifest.scale, 1)} sample, so small counts carry more noise than they would in a full-scale run.`);
  return out;
}
