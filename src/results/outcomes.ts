import type { PairedOutcomes } from './comparison.js';

/** Horizon outcomes of a paired comparison (summary.json, the briefing, the analyses), with how to read them. */
export const OUTCOMES: Record<keyof PairedOutcomes, { label: string; unit: string }> = {
  rereferrals_avoided: { label: 'Re-referrals avoided', unit: 'children' },
  cin_starts_avoided: { label: 'Child in need episodes avoided', unit: 'children' },
  cp_starts_avoided: { label: 'Child protection plans avoided', unit: 'children' },
  cla_starts_avoided: { label: 'Care entries avoided', unit: 'children' },
  early_help_extra_cost: { label: 'Extra early-help spending', unit: 'GBP' },
  social_care_cost_change: { label: 'Change in social care spending', unit: 'GBP' },
  net_cost: { label: 'Net cost (undiscounted)', unit: 'GBP' },
  net_present_cost: { label: 'Net present cost (discounted)', unit: 'GBP' },
};

export type OutcomeName = keyof PairedOutcomes;

export function isOutcome(name: string): name is OutcomeName {
  return Object.hasOwn(OUTCOMES, name);
}
