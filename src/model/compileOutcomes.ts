import { nearest } from '../scenario/loadTargets.js';
import type { ModelFile } from './modelFile.js';
import { PLACEHOLDER, type Declarations, type OutcomeDeclarations, type ReportDeclarations } from './outcomeDeclarations.js';

type At = (string | number)[];

/** Outcome names a comparison always reports, whatever the model declares. */
export const GENERIC_OUTCOMES = ['net_cost', 'net_present_cost', 'return_per_pound'];

/**
 * Checks the model's `outcomes` and `report` blocks against its metrics (counters, derived
 * metrics, costs) and returns them as recorded in manifests. A metric, effect or cost category
 * that does not exist is an error at its place in the model file.
 */
export function compileDeclarations(model: ModelFile, metrics: string[], costMetrics: string[], spendingCosts: string[] = costMetrics): Declarations {
  const { source, def } = model;
  const known = (name: string, among: string[], what: string, at: At) => {
    if (among.includes(name)) return name;
    const near = nearest(name, among);
    throw source.error(at, `unknown ${what} '${name}'${near ? ` (did you mean '${near}'?)` : ''}`);
  };
  const metric = (name: string, at: At) => known(name, metrics, 'metric', at);
  const categories = costMetrics.map((m) => m.replace(/^cost_/, ''));

  const o = def.outcomes ?? {};
  const effects = (o.effects ?? []).map((e, i) => ({ ...e, metric: metric(e.metric, ['outcomes', 'effects', i, 'metric']) }));
  const spending = o.spending && {
    intervention: {
      ...o.spending.intervention,
      categories: o.spending.intervention.categories.map((c, i) => `cost_${known(c, categories, 'cost category', ['outcomes', 'spending', 'intervention', 'categories', i])}`),
    },
    rest: o.spending.rest,
  };
  if (o.elasticity && !spending) throw source.error(['outcomes', 'elasticity'], "an elasticity to spending needs 'spending' (which categories are the intervention's)");
  const elasticity = o.elasticity && { ...o.elasticity, metric: metric(o.elasticity.metric, ['outcomes', 'elasticity', 'metric']) };
  const payers = def.payers ?? {};
  const perspectives = o.perspectives?.map((p, i) => ({
    ...p,
    costs: [...new Set(p.payers.flatMap((name, j) => (payers[known(name, Object.keys(payers), 'payer', ['outcomes', 'perspectives', i, 'payers', j])] ?? []).map((c) => `cost_${c}`)))],
  }));
  if (perspectives) {
    const total = [...spendingCosts].sort().join();
    if ([...perspectives[0]!.costs].sort().join() !== total) throw source.error(['outcomes', 'perspectives', 0, 'payers'], "the first perspective is the main one: its payers' categories must be exactly those cost_total sums (see costTotal)");
  }
  const outcomes: OutcomeDeclarations = {
    effects,
    ...(perspectives ? { perspectives, spendingCosts } : {}),
    ...(o.costEffectiveness ? { costEffectiveness: o.costEffectiveness } : {}),
    ...(spending ? { spending } : {}),
    ...(elasticity ? { elasticity } : {}),
  };
  const names = [...effects.map((e) => e.name), ...(spending ? [spending.intervention.name, spending.rest.name] : []), ...(elasticity ? [elasticity.name] : []), ...GENERIC_OUTCOMES];
  names.forEach((n, i) => {
    if (names.indexOf(n) !== i) throw source.error(['outcomes'], `outcome name '${n}' is used twice (net_cost, net_present_cost and return_per_pound are always reported)`);
  });
  if (o.costEffectiveness) known(o.costEffectiveness.effect, effects.map((e) => e.name), 'effect', ['outcomes', 'costEffectiveness', 'effect']);

  const r = def.report ?? {};
  const rows = (key: 'runTable' | 'levelsTable') => (r[key] ?? []).map((row, i) => ({ ...row, metric: metric(row.metric, ['report', key, i, 'metric']) }));
  const report: ReportDeclarations = {
    runTable: rows('runTable'),
    levelsTable: rows('levelsTable'),
    bandCharts: (r.bandCharts ?? []).map((c, i) => ({ ...c, metric: metric(c.metric, ['report', 'bandCharts', i, 'metric']) })),
    runFindings: r.runFindings ?? [],
    limitations: r.limitations ?? [],
  };
  report.runFindings.forEach((text, i) => checkFinding(text, (name) => metric(name, ['report', 'runFindings', i]), (msg) => source.error(['report', 'runFindings', i], msg)));
  return { outcomes, report };
}

/** Every {placeholder} of a finding must be one PLACEHOLDER describes, naming a metric of the model. */
function checkFinding(text: string, metric: (name: string) => string, fail: (msg: string) => Error): void {
  const braces = text.match(/\{[^}]*\}/g) ?? [];
  const valid = [...text.matchAll(PLACEHOLDER)];
  if (braces.length !== valid.length) throw fail(`cannot read placeholder ${braces.find((b) => !valid.some((v) => v[0] === b))} (use {first}, {last}, {first end}, {METRIC@first}, {METRIC@last interval} or {METRIC@first percent})`);
  for (const [whole, name, year, how] of valid) {
    const isYear = name === 'first' || name === 'last';
    if (isYear ? year !== undefined || (how !== undefined && how !== 'end') : year === undefined || how === 'end') throw fail(`cannot read placeholder ${whole}`);
    if (!isYear) metric(name!);
  }
}
