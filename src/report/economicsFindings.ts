import type { OutcomeDeclarations } from '../model/outcomeDeclarations.js';
import type { CumulativeSummary, RunFolder } from '../outputs/readFolder.js';
import type { ScenarioEconomics } from '../results/economics.js';
import { money } from './format.js';

type Summaries = Record<string, CumulativeSummary | null>;

/**
 * A scenario's horizon totals for the briefing: the central estimates (every parameter at its
 * central value), with the 95% uncertainty interval of the comparison's PSA where it ran one
 * (parameters and simulation together), else the Monte Carlo interval.
 */
export function withUncertainty(run: RunFolder, scenario: string): Summaries {
  const s = run.summary!;
  const central = s.scenarios[scenario]!;
  const u = s.uncertainty;
  if (!u) return central;
  const psa: Record<string, { lo95: number; hi95: number } | null | undefined> = { ...u.scenarios[scenario], return_per_pound: mainPerspective(u.economics[scenario], run.declarations.outcomes)?.return_per_pound };
  return Object.fromEntries(Object.entries(central).map(([k, v]) => [k, v && psa[k] ? { ...v, lo95: psa[k]!.lo95, hi95: psa[k]!.hi95 } : v]));
}

function mainPerspective(e: ScenarioEconomics | undefined, o: OutcomeDeclarations) {
  const first = o.perspectives?.[0]?.name ?? 'council';
  return e?.perspectives[first];
}

/**
 * Whose costs count: the net present cost from each declared perspective beyond the first (the
 * council's), central estimate with its interval (from the PSA when it ran), so a reader sees the
 * sign change where it does. Null when the model declares a single perspective.
 */
export function perspectivesFinding(run: RunFolder, scenario: string): string | null {
  const s = run.summary!;
  const declared = run.declarations.outcomes.perspectives ?? [];
  if (declared.length < 2 || !s.economics) return null;
  const central = s.economics.scenarios[scenario]!;
  const psa = s.uncertainty?.economics[scenario];
  const parts = declared.slice(1).map((p) => {
    const c = central.perspectives[p.name]!.net_present_cost;
    const spread = psa?.perspectives[p.name]?.net_present_cost ?? c;
    const what = c.mean >= 0 ? `a net present cost of ${money(c.mean)}` : `a net present saving of ${money(-c.mean)}`;
    const [lo, hi] = c.mean >= 0 ? [spread.lo95, spread.hi95] : [-spread.hi95, -spread.lo95];
    return `${p.finding ?? `for the ${p.label.toLowerCase()}`}, ${what} (${money(lo)} to ${money(hi)})`;
  });
  return `Counting more than the council's costs: ${parts.join('; ')}.`;
}
