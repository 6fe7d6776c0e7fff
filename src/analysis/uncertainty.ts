import jstat from 'jstat';

// jstat is CommonJS: its namespace arrives as the default export.
export const { jStat } = jstat;
import type { ResolvedParameter } from '../parameters/resolveParameters.js';
import type { PreparedScenario } from '../runs/prepare.js';
import type { UncertaintySpec } from '../scenario/loadScenario.js';

/**
 * The p-quantile of a parameter's uncertainty distribution (jStat's inverse CDFs).
 * gamma is (shape, scale); lognormal is (meanlog, sdlog) on the natural log.
 */
export function quantile(d: UncertaintySpec, p: number): number {
  const n = (k: string) => d[k] as number;
  switch (d.type) {
    case 'beta':
      return jStat.beta.inv(p, n('alpha'), n('beta'));
    case 'gamma':
      return jStat.gamma.inv(p, n('shape'), n('scale'));
    case 'lognormal':
      return jStat.lognormal.inv(p, n('meanlog'), n('sdlog'));
    case 'normal':
      return jStat.normal.inv(p, n('mean'), n('sd'));
    case 'triangular':
      return jStat.triangular.inv(p, n('min'), n('max'), n('mode'));
    case 'uniform':
      return jStat.uniform.inv(p, n('min'), n('max'));
    case 'fixed':
      return n('value');
  }
}

export interface UncertainParameter {
  name: string;
  /** As stated, like the distribution (and every override): money in its own price year, which `unit` names. */
  value: number;
  unit: string;
  distribution: UncertaintySpec;
  source: string;
}

/**
 * Parameters of a comparison that carry an uncertainty distribution, hold a number (not a
 * formula or table), and matter: read by the model, directly or through a formula, or by a lever.
 */
export function uncertainParameters(scenarios: PreparedScenario[]): UncertainParameter[] {
  const out = new Map<string, UncertainParameter>();
  for (const p of scenarios) {
    const leverAmounts = new Set(
      p.scenario.levers.flatMap((l) => [l.entry.set, l.entry.add, l.entry.scale].filter((v): v is string => typeof v === 'string')),
    );
    for (const [name, r] of p.parameters) {
      const d = r.declared.entry.distribution;
      if (!d || d.type === 'fixed' || r.formula || typeof r.value !== 'number' || out.has(name) || r.declared.entry.policy) continue;
      if (p.readersOf(name).length === 0 && !leverAmounts.has(name)) continue;
      out.set(name, { name, ...statedValue(r), distribution: d, source: r.declared.entry.source.title });
    }
  }
  return [...out.values()];
}

/**
 * A number parameter as an analysis varies it: as stated, money in its own price year (the terms
 * of its distribution and of every override), with the unit naming that year.
 */
export function statedValue(r: ResolvedParameter): { value: number; unit: string } {
  return r.stated ? { value: r.stated.value as number, unit: `${r.unit} (${r.stated.priceYear} prices)` } : { value: r.value as number, unit: r.unit };
}

/** "triangular(min -0.16, mode -0.1, max 0)". */
export function describeDistribution(d: UncertaintySpec): string {
  return `${d.type}(${Object.entries(d).filter(([k]) => k !== 'type').map(([k, v]) => `${k} ${String(v)}`).join(', ')})`;
}
