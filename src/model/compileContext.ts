import { checkDistribution, makeSampler, type DistributionSpec, type Sampler } from '../kernel/distributions.js';
import type { ResolvedParameters } from '../parameters/resolveParameters.js';
import { DAYS_PER_YEAR } from './compiledModel.js';
import type { Counts, DistributionDef, ModelFile, NumberRef } from './modelFile.js';

export type At = (string | number)[];

const UNIT_DAYS = { days: 1, workingDays: 7 / 5, weeks: 7, months: DAYS_PER_YEAR / 12, years: DAYS_PER_YEAR } as const;
export type TimeUnit = keyof typeof UNIT_DAYS;

/**
 * What compiling one model file with one set of parameters shares: reading numbers and
 * distributions (each failure located at its field, naming the parameters behind it), the
 * metrics named so far, and which parameters the model read where.
 */
export function compileContext(model: ModelFile, params: ResolvedParameters) {
  const { source } = model;
  const read = new Map<string, string[]>();
  const noteRead = (name: string, at: At) => read.set(name, [...(read.get(name) ?? []), at.join('.')]);
  const metrics: string[] = [];
  const metricIndex = new Map<string, number>();
  const metric = (name: string): number => {
    let i = metricIndex.get(name);
    if (i === undefined) {
      i = metrics.length;
      metrics.push(name);
      metricIndex.set(name, i);
    }
    return i;
  };
  const counters = (c: Counts | undefined) => (c === undefined ? [] : (Array.isArray(c) ? c : [c]).map(metric));

  const num = (ref: NumberRef, at: At): number => {
    if (typeof ref === 'number') return ref;
    const p = params.get(ref);
    if (!p) throw source.error(at, `unknown parameter '${ref}' (not defined in the scenario)`);
    if (typeof p.value !== 'number') throw source.error(at, `parameter '${ref}' is a table, expected a number`);
    noteRead(ref, at);
    return p.value;
  };
  const prob = (ref: NumberRef, at: At): number => {
    const v = num(ref, at);
    if (!(v >= 0 && v <= 1)) throw source.error(at, `probability ${typeof ref === 'string' ? `'${ref}' ` : ''}must be between 0 and 1, got ${v}`);
    return v;
  };
  const nonNegative = (v: number, at: At): number => {
    if (v < 0) throw source.error(at, `must not be negative, got ${v}`);
    return v;
  };

  /** "; parameters: name = value (file:line:col)" for the parameters behind a model field, so errors point at the scenario too. */
  const describeParams = (names: string[]): string => {
    const parts = [...new Set(names)].flatMap((n) => {
      const p = params.get(n);
      if (!p) return [];
      const { line, col } = p.declared.origin.locate(['parameters', n], true);
      return [`${n} = ${typeof p.value === 'number' ? p.value : 'table'} (${p.declared.origin.file}:${line}:${col})`];
    });
    return parts.length ? `; parameters: ${parts.join(', ')}` : '';
  };

  const distSpec = (d: DistributionDef, at: At, defaultUnit: TimeUnit): DistributionSpec => {
    const k = UNIT_DAYS[d.unit ?? defaultUnit];
    const n = (key: keyof DistributionDef) => num(d[key] as NumberRef, [...at, key]);
    switch (d.type) {
      case 'fixed':
        return { type: 'fixed', value: n('value') * k };
      case 'exponential':
        return { type: 'exponential', mean: n('mean') * k };
      case 'gamma': {
        const shape = n('shape');
        return { type: 'gamma', shape, scale: (n('mean') * k) / shape };
      }
      case 'lognormal': {
        const median = n('median') * k;
        if (!(median > 0)) throw source.error([...at, 'median'], `impossible distribution: lognormal median must be > 0, got ${median / k}`);
        return { type: 'lognormal', meanlog: Math.log(median), sdlog: n('sdlog') };
      }
      case 'weibull':
        return { type: 'weibull', shape: n('shape'), scale: n('scale') * k };
      case 'uniform':
        return { type: 'uniform', min: n('min') * k, max: n('max') * k };
      case 'triangular':
        return { type: 'triangular', min: n('min') * k, mode: n('mode') * k, max: n('max') * k };
      case 'empirical': {
        const p = params.get(d.table!);
        if (!p) throw source.error([...at, 'table'], `unknown parameter '${d.table}' (not defined in the scenario)`);
        if (typeof p.value === 'number') throw source.error([...at, 'table'], `parameter '${d.table}' is a number, expected a {breaks, weights} table`);
        noteRead(d.table!, [...at, 'table']);
        return { type: 'empirical', breaks: p.value.breaks.map((b) => b * k), weights: p.value.weights };
      }
      case 'mixture': {
        const comps = d.components!;
        return {
          type: 'mixture',
          weights: comps.map((c, i) => num(c.weight, [...at, 'components', i, 'weight'])),
          components: comps.map((c, i) => distSpec(c.distribution, [...at, 'components', i, 'distribution'], d.unit ?? defaultUnit)),
        };
      }
    }
  };
  /** A sampler in days (or the distribution's own unit), with an impossible one reported at its field. */
  const dist = (d: DistributionDef, at: At, defaultUnit: TimeUnit = 'days'): Sampler => {
    const spec = distSpec(d, at, defaultUnit);
    const problem = checkDistribution(spec);
    if (problem) throw source.error(at, `impossible distribution: ${problem}${describeParams(refsIn(d))}`);
    return makeSampler(spec);
  };

  return { source, read, metrics, metricIndex, metric, counters, num, prob, nonNegative, describeParams, dist };
}

/** Parameter names a model field refers to (every string but a distribution's type and unit). */
export function refsIn(d: unknown): string[] {
  return d && typeof d === 'object'
    ? Object.entries(d).flatMap(([k, v]) => (typeof v === 'string' && k !== 'type' && k !== 'unit' ? [v] : refsIn(v)))
    : [];
}
