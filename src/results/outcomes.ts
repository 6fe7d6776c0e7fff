import type { EffectDeclaration, OutcomeDeclarations } from '../model/outcomeDeclarations.js';

/** A horizon outcome of a paired comparison (summary.json, the briefing, the analyses), with how to read it. */
export interface OutcomeInfo {
  name: string;
  label: string;
  unit: string;
}

/** The generic outcomes every comparison reports, from cost_total. */
const NET: OutcomeInfo[] = [
  { name: 'net_cost', label: 'Net cost (undiscounted)', unit: 'GBP' },
  { name: 'net_present_cost', label: 'Net present cost (discounted)', unit: 'GBP' },
];

/** The horizon outcomes in order: the model's effects, its spending split, then net cost and net present cost. */
export function horizonOutcomes(o: OutcomeDeclarations): OutcomeInfo[] {
  const spending = o.spending ? [o.spending.intervention, o.spending.rest].map((s) => ({ name: s.name, label: s.label, unit: 'GBP' })) : [];
  return [...o.effects.map((e) => ({ name: e.name, label: e.label, unit: e.unit })), ...spending, ...NET];
}

/** The effect costs are weighed against, and its name in "cost per ..." outcomes (e.g. rereferral_avoided). */
export function mainEffect(o: OutcomeDeclarations): { effect: EffectDeclaration; per: string; perName: string } | null {
  const c = o.costEffectiveness;
  if (!c) return null;
  return { effect: o.effects.find((e) => e.name === c.effect)!, per: c.per, perName: c.per.replace(/-/g, '').replace(/ +/g, '_') };
}

/** The effects a comparison puts first (findings, terminal table, cumulative charts). */
export function headlineEffects(o: OutcomeDeclarations): (EffectDeclaration & { headline: { label: string; noun: string } })[] {
  return o.effects.filter((e): e is EffectDeclaration & { headline: { label: string; noun: string } } => e.headline !== undefined);
}

/** "re-referrals, CP plans and care entries avoided" from the labels "Re-referrals avoided", "CP plans avoided", "Care entries avoided". */
export function listOfLabels(labels: string[]): string {
  const lower = labels.map((l) => (/^[A-Z][a-z]/.test(l) ? l[0]!.toLowerCase() + l.slice(1) : l));
  const last = lower.map((l) => l.split(' ').at(-1));
  const shared = lower.length > 1 && last.every((w) => w === last[0]) ? ` ${last[0]}` : '';
  const items = shared ? lower.map((l) => l.slice(0, -shared.length)) : lower;
  const joined = items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items.at(-1)}` : (items[0] ?? '');
  return joined + shared;
}

/** What the analyses chart and print first: the cost-effectiveness effect (when declared) and the net present cost. */
export function analysisHeadline(o: OutcomeDeclarations): OutcomeInfo[] {
  const main = mainEffect(o)?.effect.name;
  return horizonOutcomes(o).filter((x) => x.name === main || x.name === 'net_present_cost');
}

/** "re-referrals avoided and net present cost": what the analyses' headline outcomes are, in words. */
export function analysisHeadlineWords(o: OutcomeDeclarations): string {
  const main = mainEffect(o);
  return `${main ? `${main.effect.label.toLowerCase()} and ` : ''}net present cost`;
}
