import { PLACEHOLDER, type EffectDeclaration } from '../model/outcomeDeclarations.js';
import { headlineEffects } from '../results/outcomes.js';
import { count, interval, money, percent } from './format.js';
import type { ManifestScenario } from '../outputs/manifest.js';
import type { AnnualRow, CumulativeSummary, RunFolder } from '../outputs/readFolder.js';

const title = (s: ManifestScenario) => s.title ?? s.name;

/** The year a finding quotes: the middle of the horizon (2024-25 for 2019-20 to 2029-30). */
function findingYear(years: string[]): string {
  return years[Math.floor(years.length / 2)]!;
}

/** "a, b and c". */
function inWords(items: string[]): string {
  return items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items.at(-1)}` : (items[0] ?? '');
}

/**
 * The sentences a briefing writer can lift: each scenario's headline effects with their 95%
 * intervals (the first in the middle year and over the horizon), its spending and net present cost.
 */
export function comparisonFindings(run: RunFolder, scenarios: ManifestScenario[]): string[] {
  const s = run.summary!;
  const years = run.manifest.years;
  const year = findingYear(years);
  const horizon = `${years[0]} to ${years.at(-1)}`;
  const [lead, ...others] = headlineEffects(run.declarations.outcomes);
  const out: string[] = [];
  let worstShare = 0;
  for (const sc of scenarios.slice(1)) {
    const h = s.scenarios[sc.name]!;
    if (lead) {
      const inYear = effectInYear(run.differences ?? [], sc.name, year, lead);
      const v = h[lead.name]!;
      const sentence = [
        `${title(sc)} would ${effect(inYear, lead.headline.noun, lead)} in ${year} (95% interval ${interval(inYear.lo95, inYear.hi95)})`,
        `and ${effect(v, '', lead)} over ${horizon} (${interval(v.lo95, v.hi95)}).`,
      ].join(' ');
      out.push(sentence.replace(/ {2,}/g, ' ').replace(' ( ', ' ('));
    }
    if (others.length) out.push(`Over the same years it would mean ${inWords(others.map((e) => `${fewerMore(h[e.name]!, e.headline.noun, e)} (${interval(h[e.name]!.lo95, h[e.name]!.hi95)})`))}.`);
    out.push(spendingFinding(run, h));
    const elasticity = elasticityFinding(run, h);
    if (elasticity) out.push(elasticity);
    for (const key of [...headlineEffects(run.declarations.outcomes).map((e) => e.name), 'net_present_cost']) {
      const v = h[key];
      if (v && v.mean !== 0) worstShare = Math.max(worstShare, v.mcse / Math.abs(v.mean));
    }
  }
  out.push(
    `The intervals show Monte Carlo variation with every parameter at its central value (${run.manifest.replicates} paired replicates, ${percent(run.manifest.scale, 1)} sample); the Monte Carlo standard error of each headline difference is at most ${percent(worstShare, 1)} of the difference. They leave out uncertainty in the parameters themselves: see the assumptions below.`,
  );
  return out;
}

/** The emergent elasticity the model declares as a check, beside its published range (only where the scenario changes spending). */
function elasticityFinding(run: RunFolder, h: Record<string, CumulativeSummary | null>): string | null {
  const e = run.declarations.outcomes.elasticity;
  const v = e ? h[e.name] : null;
  if (!e || !v) return null;
  const range = e.comparator ? `, against ${e.comparator.low} to ${e.comparator.high} published (${e.comparator.source})` : '';
  return `${e.label}: ${v.mean.toFixed(3)} (95% interval ${v.lo95.toFixed(3)} to ${v.hi95.toFixed(3)})${range}. It is an outcome of the model's mechanisms, not an input.`;
}

/** What a scenario spends on the intervention, what it saves elsewhere, and its net present cost. */
function spendingFinding(run: RunFolder, h: Record<string, CumulativeSummary | null>): string {
  const npc = h.net_present_cost!;
  const npcText = npc.mean >= 0 ? `a net present cost of ${money(npc.mean)} (${money(npc.lo95)} to ${money(npc.hi95)})` : `a net present saving of ${money(-npc.mean)} (${money(-npc.hi95)} to ${money(-npc.lo95)})`;
  const spending = run.declarations.outcomes.spending;
  if (!spending) return `Taken together it would mean ${npcText}.`;
  const { intervention: i, rest } = spending;
  const spent = h[i.name]!;
  const change = h[rest.name]!;
  const ret = h.return_per_pound;
  if (Math.abs(spent.mean) >= 1e6) {
    return `It would add ${money(spent.mean)} of ${i.spending} and ${change.mean <= 0 ? `save ${money(-change.mean)}` : `add ${money(change.mean)}`} of ${rest.spending} (undiscounted): ${npcText}${ret ? `, or ${ret.mean.toFixed(2)} (${ret.lo95.toFixed(2)} to ${ret.hi95.toFixed(2)}) of ${rest.savings} for every £1 of ${i.perPound}` : ''}.`;
  }
  return `It needs no extra ${i.spending}; ${rest.spending} ${change.mean <= 0 ? `falls by ${money(-change.mean)}` : `rises by ${money(change.mean)}`} (undiscounted): ${npcText}.`;
}

/** An effect's paired difference in one year, in the effect's direction (baseline minus scenario when fewer is better). */
function effectInYear(diffs: AnnualRow[], scenario: string, year: string, e: EffectDeclaration): CumulativeSummary {
  const r = diffs.find((d) => d.scenario === scenario && d.year === year && d.metric === e.metric);
  if (!r) return { mean: NaN, lo95: NaN, hi95: NaN, mcse: NaN };
  return e.fewerIsBetter ? { mean: -r.mean, lo95: -r.hi95, hi95: -r.lo95, mcse: r.mcse } : r;
}

/** "prevent an estimated 16,000 re-referrals" or "add an estimated 2,000 re-referrals" (for more is better: add or lose). */
function effect(v: CumulativeSummary, noun: string, e: EffectDeclaration): string {
  const what = noun ? ` ${noun}` : '';
  const [gain, loss] = e.fewerIsBetter ? ['prevent', 'add'] : ['add', 'lose'];
  return v.mean >= 0 ? `${gain} an estimated ${count(v.mean)}${what}` : `${loss} an estimated ${count(-v.mean)}${what}`;
}

/** "12,000 fewer child protection plans" or "300 more ...". */
function fewerMore(v: CumulativeSummary, noun: string, e: EffectDeclaration): string {
  const fewer = e.fewerIsBetter ? v.mean : -v.mean;
  return fewer >= 0 ? `${count(fewer)} fewer ${noun}` : `${count(-fewer)} more ${noun}`;
}

/** For a single run: the model's declared findings (sentences with placeholders), then what the intervals show. */
export function runFindings(run: RunFolder, s: ManifestScenario): string[] {
  const years = run.manifest.years;
  const pick = (which: string) => (which === 'first' ? years[0]! : years.at(-1)!);
  const out: string[] = [];
  for (const text of run.declarations.report.runFindings) {
    let missing = false;
    const sentence = text.replace(PLACEHOLDER, (_whole, name: string, which: string | undefined, how: string | undefined) => {
      if (which === undefined) return how === 'end' ? `${pick(name).slice(0, 2)}${pick(name).slice(5)}` : pick(name);
      const r = run.annual.find((a) => a.scenario === s.name && a.metric === name && a.year === pick(which));
      if (!r) missing = true;
      return !r ? '' : how === 'interval' ? interval(r.lo95, r.hi95) : how === 'percent' ? percent(r.mean, 1) : count(r.mean);
    });
    if (!missing) out.push(sentence);
  }
  out.push(`Intervals show Monte Carlo variation only (${run.manifest.replicates} replicates, ${percent(run.manifest.scale, 1)} sample), with every parameter at its central value.`);
  return out;
}
