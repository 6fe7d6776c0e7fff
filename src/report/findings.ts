import path from 'node:path';
import { PLACEHOLDER, type EffectDeclaration } from '../model/outcomeDeclarations.js';
import { headlineEffects } from '../results/outcomes.js';
import { yearLabel } from '../results/years.js';
import { InputError } from '../scenario/inputError.js';
import { count, dateInWords, interval, inWords, money, percent } from './format.js';
import type { ManifestScenario } from '../outputs/manifest.js';
import { perspectivesFinding, withUncertainty } from './economicsFindings.js';
import type { AnnualRow, CumulativeSummary, RunFolder } from '../outputs/readFolder.js';

const title = (s: ManifestScenario) => s.title ?? s.name;

type Summaries = Record<string, CumulativeSummary | null>;

/** The years the baseline was calibrated to (its targets' years), for labelling them "2024-25 (calibrated)". */
export function calibratedYears(run: RunFolder): Set<string> {
  return new Set((run.manifest.targets?.targets ?? []).map((t) => t.year));
}

/** The comparison's summary with the appraisal year and policy years (summary.json of ehsim 0.1 after issue #12). */
export function appraisedSummary(run: RunFolder) {
  const s = run.summary!;
  if (!s.appraisal || !s.policies) throw new InputError(path.join(run.dir, 'summary.json'), 'was written by an older ehsim (no appraisal year or policy years): run the comparison again to report it');
  return s;
}

/**
 * The sentences a briefing writer can lift, for each scenario: its lead effect in its first full
 * year and over its years from its start to the end of the horizon (never a year before it
 * starts), with 95% intervals; the other effects over the same years; its spending and net present
 * cost. A scenario that changes no lever says so. Then how money is discounted, and what the intervals show.
 */
export function comparisonFindings(run: RunFolder, scenarios: ManifestScenario[]): string[] {
  const s = appraisedSummary(run);
  const [lead, ...others] = headlineEffects(run.declarations.outcomes);
  const out: string[] = [];
  const u = s.uncertainty;
  const ci = u ? '95% uncertainty interval' : '95% interval';
  let worstShare = 0;
  for (const sc of scenarios.slice(1)) {
    const central = s.scenarios[sc.name]!;
    const h = withUncertainty(run, sc.name);
    const p = s.policies[sc.name]!;
    const years = `${yearLabel(p.first_year, calibratedYears(run))} to ${p.last_year}`;
    if (!p.start) {
      out.push(`${title(sc)} changes no policy lever, so there is no policy start to measure from: its differences from the baseline over the whole horizon, ${years}, are in its table below.`);
      continue;
    }
    const since = `from its start on ${dateInWords(p.start)}`;
    if (lead) {
      const v = h[lead.name]!;
      const full = p.first_full_year;
      const inYear = full ? effectInYear(run.differences ?? [], sc.name, full, lead) : null;
      // A year's figure has only Monte Carlo intervals (the PSA reports totals over the policy's years).
      out.push(
        inYear && u
          ? `${title(sc)} would ${effect(v, lead.headline.noun, lead)} over ${years}, ${since} (${ci} ${interval(v.lo95, v.hi95)}); ${count(Math.abs(inYear.mean))} of them in ${full}, its first full year.`
          : inYear
            ? `${title(sc)} would ${effect(inYear, lead.headline.noun, lead)} in ${full}, its first full year (95% interval ${interval(inYear.lo95, inYear.hi95)}), and ${effect(v, '', lead)} over ${years}, ${since} (${interval(v.lo95, v.hi95)}).`
            : `${title(sc)} starts on ${dateInWords(p.start)}, too late for a full year within the horizon: over ${years} it would ${effect(v, lead.headline.noun, lead)} (${ci} ${interval(v.lo95, v.hi95)}).`,
      );
    }
    if (others.length) out.push(`Over the same years it would mean ${inWords(others.map((e) => `${fewerMore(h[e.name]!, e.headline.noun, e)} (${interval(h[e.name]!.lo95, h[e.name]!.hi95)})`))}.`);
    out.push(spendingFinding(run, h, p.first_year < s.appraisal.year));
    const costs = familyCosts(run, h);
    if (costs) out.push(costs);
    const wider = perspectivesFinding(run, sc.name);
    if (wider) out.push(wider);
    const elasticity = elasticityFinding(run, central);
    if (elasticity) out.push(elasticity);
    for (const key of [...headlineEffects(run.declarations.outcomes).map((e) => e.name), 'net_present_cost']) {
      const v = central[key];
      if (v && v.mean !== 0) worstShare = Math.max(worstShare, v.mcse / Math.abs(v.mean));
    }
  }
  out.push(`${s.appraisal.statement} Where money is set against effects, the effects are discounted in the same way.`);
  const mc = `the Monte Carlo standard error of each central estimate (${run.manifest.replicates} paired replicates at central values, ${percent(run.manifest.scale, 1)} sample) is at most ${percent(worstShare, 1)} of it`;
  out.push(
    u
      ? `Figures are central estimates (every parameter at its central value). Their 95% uncertainty intervals come from parameters and simulation together: ${u.method.replace(/^probabilistic sensitivity analysis: /, 'a probabilistic sensitivity analysis of ')}; the interval is ${u.interval}. Apart from that, ${mc}.`
      : `The intervals show Monte Carlo variation with every parameter at its central value (${run.manifest.replicates} paired replicates, ${percent(run.manifest.scale, 1)} sample); ${mc}. They leave out uncertainty in the parameters themselves: see the assumptions below.`,
  );
  return out;
}

/**
 * The briefing's three-sentence summary of a comparison: what was compared, how much each policy
 * changes (its lead effect and net present cost, with 95% intervals), and how sure that is.
 */
export function comparisonSummary(run: RunFolder, scenarios: ManifestScenario[]): string[] {
  const s = appraisedSummary(run);
  const [lead] = headlineEffects(run.declarations.outcomes);
  const policies = scenarios.slice(1);
  const last = run.manifest.years.at(-1)!;
  const what = `This briefing projects what ${inWords(policies.map(title))} would change for children's social care in England, against ${title(scenarios[0]!)}, from each policy's start to ${last}.`;
  const u = s.uncertainty;
  const ci = u ? '95% uncertainty interval' : '95% interval';
  const each = policies.map((sc) => {
    const h = withUncertainty(run, sc.name);
    const v = lead ? h[lead.name] : null;
    const npc = h.net_present_cost;
    const effectText = lead && v ? `would ${effect(v, lead.headline.noun, lead)} (${ci} ${interval(v.lo95, v.hi95)})` : 'would change';
    return `${title(sc)} ${effectText}${npc ? ` at a net present cost of ${money(npc.mean)} (${money(npc.lo95)} to ${money(npc.hi95)})` : ''}`;
  });
  const howMuch = `${inWords(each)}.`;
  const howSure = u
    ? `The intervals carry the uncertainty in ${u.parameters.length} parameters and in the simulation together (a probabilistic sensitivity analysis of ${u.draws} draws${u.draws < 40 ? ', so few that the interval is a wide prediction interval' : ''}), but not what the model leaves out (see Limitations); costs are the council's children's services' unless a perspective is named.${u.draws_set_aside ? ` ${u.draws_set_aside} further ${u.draws_set_aside === 1 ? 'draw was' : 'draws were'} set aside and drawn again because ${u.draws_set_aside === 1 ? 'its' : 'their'} values made the model impossible (probabilities summing above 1 for some child).` : ''}`
    : `These intervals are Monte Carlo variation only (${run.manifest.replicates} paired replicates, ${percent(run.manifest.scale, 1)} sample, every parameter at its central value), so they understate the uncertainty: they leave out the uncertainty in the parameters themselves (ehsim sensitivity --psa measures it) and what the model does not represent (see Limitations).`;
  return [what, howMuch, howSure];
}

/** What the policy costs families over its years (the effects the model marks familyCost), with 95% intervals. */
function familyCosts(run: RunFolder, h: Summaries): string | null {
  const parts = run.declarations.outcomes.effects.flatMap((e) => {
    const v = h[e.name];
    if (!e.familyCost || !v) return [];
    const change = Math.round(v.mean) === 0 ? `no change in ${e.familyCost.noun}` : fewerMore(v, e.familyCost.noun, e);
    // The interval of the number said: of the fall when the sentence says "fewer".
    const fewer = (e.fewerIsBetter ? v.mean : -v.mean) >= 0;
    const [lo, hi] = fewer === e.fewerIsBetter ? [v.lo95, v.hi95] : [-v.hi95, -v.lo95];
    return [`${change} (${interval(lo, hi)})`];
  });
  return parts.length ? `For families, over the same years: ${inWords(parts)}.` : null;
}

/** The emergent elasticity the model declares as a check, beside its published range (only where the scenario changes spending). */
function elasticityFinding(run: RunFolder, h: Summaries): string | null {
  const e = run.declarations.outcomes.elasticity;
  const v = e ? h[e.name] : null;
  if (!e || !v) return null;
  const range = e.comparator ? `, against ${e.comparator.low} to ${e.comparator.high} published (${e.comparator.source})` : '';
  return `${e.label}: ${v.mean.toFixed(3)} (95% interval ${v.lo95.toFixed(3)} to ${v.hi95.toFixed(3)})${range}. It is an outcome of the model's mechanisms, not an input.`;
}

/** What a scenario spends on the intervention, what it saves elsewhere (undiscounted), and its net present cost; `sunk`: some of its years are before the appraisal year. */
function spendingFinding(run: RunFolder, h: Summaries, sunk: boolean): string {
  const year = run.summary!.appraisal.year;
  const npc = h.net_present_cost!;
  const npcText = `${npc.mean >= 0 ? `a net present cost of ${money(npc.mean)} (${money(npc.lo95)} to ${money(npc.hi95)})` : `a net present saving of ${money(-npc.mean)} (${money(-npc.hi95)} to ${money(-npc.lo95)})`}, discounted to ${year}${sunk ? ` (what falls before ${year} is sunk and left out)` : ''}`;
  const spending = run.declarations.outcomes.spending;
  if (!spending) return `Taken together it would mean ${npcText}.`;
  const { intervention: i, rest } = spending;
  const spent = h[i.name]!;
  const change = h[rest.name]!;
  const ret = h.return_per_pound;
  if (Math.abs(spent.mean) >= 1e6) {
    return `It would add ${money(spent.mean)} of ${i.spending} and ${change.mean <= 0 ? `save ${money(-change.mean)}` : `add ${money(change.mean)}`} of ${rest.spending} over those years (undiscounted): ${npcText}${ret ? `, or ${ret.mean.toFixed(2)} (${ret.lo95.toFixed(2)} to ${ret.hi95.toFixed(2)}) of ${rest.savings} for every £1 of ${i.perPound}, both discounted` : ''}.`;
  }
  return `It needs no extra ${i.spending}; ${rest.spending} ${change.mean <= 0 ? `falls by ${money(-change.mean)}` : `rises by ${money(change.mean)}`} over those years (undiscounted): ${npcText}.`;
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

/** For a single run: the model's declared findings (sentences with placeholders; a calibrated year labelled so), then what the intervals show. */
export function runFindings(run: RunFolder, s: ManifestScenario): string[] {
  const years = run.manifest.years;
  const pick = (which: string) => (which === 'first' ? years[0]! : years.at(-1)!);
  const calibrated = calibratedYears(run);
  const out: string[] = [];
  for (const text of run.declarations.report.runFindings) {
    let missing = false;
    const sentence = text.replace(PLACEHOLDER, (_whole, name: string, which: string | undefined, how: string | undefined) => {
      if (which === undefined) return how === 'end' ? `${pick(name).slice(0, 2)}${pick(name).slice(5)}` : yearLabel(pick(name), calibrated);
      const r = run.annual.find((a) => a.scenario === s.name && a.metric === name && a.year === pick(which));
      if (!r) missing = true;
      return !r ? '' : how === 'interval' ? interval(r.lo95, r.hi95) : how === 'percent' ? percent(r.mean, 1) : count(r.mean);
    });
    if (!missing) out.push(sentence);
  }
  out.push(`Intervals show Monte Carlo variation only (${run.manifest.replicates} replicates, ${percent(run.manifest.scale, 1)} sample), with every parameter at its central value.`);
  return out;
}
