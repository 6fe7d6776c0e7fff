import { checkDistribution, makeSampler, type DistributionSpec, type Sampler } from '../kernel/distributions.js';
import type { ResolvedParameters } from '../parameters/resolveParameters.js';
import { impossibleValues, type InputError } from '../scenario/inputError.js';
import type { SourceFile } from '../scenario/sourceFile.js';
import { DAYS_PER_YEAR } from './compiledModel.js';
import type { Counts, DistributionDef, ModelFile, NumberRef } from './modelFile.js';

export type At = (string | number)[];

const UNIT_DAYS = { days: 1, workingDays: 7 / 5, weeks: 7, months: DAYS_PER_YEAR / 12, years: DAYS_PER_YEAR } as const;
export type TimeUnit = keyof typeof UNIT_DAYS;

/**
 * What compiling one model file with one set of parameters shares: reading numbers, states and
 * distributions (each failure located at its field, naming the parameters behind it), the
 * metrics named so far (in order of first use: that order is the output's), and which
 * parameters the model read where.
 */
export class CompileContext {
  readonly source: SourceFile;
  readonly stateNames: string[];
  readonly stateIndex: Map<string, number>;
  /** Parameter name -> the model fields that read it. */
  readonly read = new Map<string, string[]>();
  readonly metrics: string[] = [];
  readonly metricIndex = new Map<string, number>();
  /** Metrics that are cost categories (cost_<category>). */
  readonly costMetrics = new Set<number>();
  /** Per-year marks per child handed out so far (distinct children counted in the year). */
  yearMarks = 0;
  /** The mark each children-counting field (by its path in the model file) was given. */
  private readonly marks = new Map<string, number>();

  constructor(
    model: ModelFile,
    private readonly params: ResolvedParameters,
  ) {
    this.source = model.source;
    this.stateNames = Object.keys(model.def.states);
    this.stateIndex = new Map(this.stateNames.map((n, i) => [n, i]));
  }

  error(at: At, message: string, key?: boolean): InputError {
    return this.source.error(at, message, key);
  }

  /** An error caused by the parameters' values rather than the model's form (InputError.impossible). */
  impossible(at: At, message: string): InputError {
    return impossibleValues(this.source.error(at, message));
  }

  metric(name: string): number {
    let i = this.metricIndex.get(name);
    if (i === undefined) {
      i = this.metrics.length;
      this.metrics.push(name);
      this.metricIndex.set(name, i);
    }
    return i;
  }

  /** A metric counting distinct children in the year, with a per-year mark of its own. */
  childrenCounter(name: string, at: At): { metric: number; mark: number } {
    const site = at.join('.');
    let mark = this.marks.get(site);
    if (mark === undefined) this.marks.set(site, (mark = this.yearMarks++));
    return { metric: this.metric(name), mark };
  }

  /**
   * A context for compiling parts of the same model again with other parameter values: metrics
   * and per-year marks keep the numbers `prior` gave them, so the parts fit the rest.
   */
  continuing(params: ResolvedParameters, model: ModelFile): CompileContext {
    const cx = new CompileContext(model, params);
    cx.metrics.push(...this.metrics);
    for (const [name, i] of this.metricIndex) cx.metricIndex.set(name, i);
    for (const m of this.costMetrics) cx.costMetrics.add(m);
    for (const [name, mark] of this.marks) cx.marks.set(name, mark);
    cx.yearMarks = this.yearMarks;
    return cx;
  }

  counters(c: Counts | undefined): number[] {
    return c === undefined ? [] : (Array.isArray(c) ? c : [c]).map((m) => this.metric(m));
  }

  /** Costs by category (cost_<category> metrics), each amount a number or parameter. */
  costs(c: Record<string, NumberRef> | undefined, at: At): { metric: number; amount: number }[] {
    return Object.entries(c ?? {}).map(([cat, ref]) => {
      const amount = this.num(ref, [...at, cat]);
      if (amount < 0) throw this.error([...at, cat], `a cost must not be negative, got ${amount}`);
      const m = this.metric(`cost_${cat}`);
      this.costMetrics.add(m);
      return { metric: m, amount };
    });
  }

  stateRef(name: string, at: At): number {
    const i = this.stateIndex.get(name);
    if (i === undefined) throw this.error(at, `unknown state '${name}' (states: ${this.stateNames.join(', ')})`);
    return i;
  }

  num(ref: NumberRef, at: At): number {
    if (typeof ref === 'number') return ref;
    const p = this.params.get(ref);
    if (!p) throw this.error(at, `unknown parameter '${ref}' (not defined in the scenario)`);
    if (typeof p.value !== 'number') throw this.error(at, `parameter '${ref}' is a table, expected a number`);
    this.noteRead(ref, at);
    return p.value;
  }

  prob(ref: NumberRef, at: At): number {
    const v = this.num(ref, at);
    if (!(v >= 0 && v <= 1)) throw (typeof ref === 'string' ? this.impossible : this.error).call(this, at, `probability ${typeof ref === 'string' ? `'${ref}' ` : ''}must be between 0 and 1, got ${v}`);
    return v;
  }

  nonNegative(v: number, at: At): number {
    if (v < 0) throw this.error(at, `must not be negative, got ${v}`);
    return v;
  }

  /** "; parameters: name = value (file:line:col)" for the parameters behind a model field, so errors point at the scenario too. */
  describeParams(names: string[]): string {
    const parts = [...new Set(names)].flatMap((n) => {
      const p = this.params.get(n);
      if (!p) return [];
      const { line, col } = p.declared.origin.locate(['parameters', n], true);
      return [`${n} = ${typeof p.value === 'number' ? p.value : 'table'} (${p.declared.origin.file}:${line}:${col})`];
    });
    return parts.length ? `; parameters: ${parts.join(', ')}` : '';
  }

  /** A sampler in days (or the distribution's own unit), with an impossible one reported at its field. */
  dist(d: DistributionDef, at: At, defaultUnit: TimeUnit = 'days'): Sampler {
    const spec = this.distSpec(d, at, defaultUnit);
    const problem = checkDistribution(spec);
    if (problem) throw this.impossible(at, `impossible distribution: ${problem}${this.describeParams(refsIn(d))}`);
    return samplerFor(spec);
  }

  /** The distribution a model field describes, in days (or its own unit), before any check. */
  distSpec(d: DistributionDef, at: At, defaultUnit: TimeUnit): DistributionSpec {
    const k = UNIT_DAYS[d.unit ?? defaultUnit];
    const n = (key: keyof DistributionDef) => this.num(d[key] as NumberRef, [...at, key]);
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
        if (!(median > 0)) throw this.impossible([...at, 'median'], `impossible distribution: lognormal median must be > 0, got ${median / k}`);
        return { type: 'lognormal', meanlog: Math.log(median), sdlog: n('sdlog') };
      }
      case 'weibull':
        return { type: 'weibull', shape: n('shape'), scale: n('scale') * k };
      case 'uniform':
        return { type: 'uniform', min: n('min') * k, max: n('max') * k };
      case 'triangular':
        return { type: 'triangular', min: n('min') * k, mode: n('mode') * k, max: n('max') * k };
      case 'empirical': {
        const p = this.params.get(d.table!);
        if (!p) throw this.error([...at, 'table'], `unknown parameter '${d.table}' (not defined in the scenario)`);
        if (typeof p.value === 'number') throw this.error([...at, 'table'], `parameter '${d.table}' is a number, expected a {breaks, weights} table`);
        this.noteRead(d.table!, [...at, 'table']);
        return { type: 'empirical', breaks: p.value.breaks.map((b) => b * k), weights: p.value.weights };
      }
      case 'mixture': {
        const comps = d.components!;
        return {
          type: 'mixture',
          weights: comps.map((c, i) => this.num(c.weight, [...at, 'components', i, 'weight'])),
          components: comps.map((c, i) => this.distSpec(c.distribution, [...at, 'components', i, 'distribution'], d.unit ?? defaultUnit)),
        };
      }
    }
  }

  private noteRead(name: string, at: At): void {
    this.read.set(name, [...(this.read.get(name) ?? []), at.join('.')]);
  }
}

/** Parameter names a model field refers to (every string but a distribution's type and unit). */
export function refsIn(d: unknown): string[] {
  return d && typeof d === 'object'
    ? Object.entries(d).flatMap(([k, v]) => (typeof v === 'string' && k !== 'type' && k !== 'unit' ? [v] : refsIn(v)))
    : [];
}

/** Samplers by their distribution: pure functions of it, so every epoch and draw that has the same one shares it (compiling is then cheaper). */
const samplers = new Map<string, Sampler>();

function samplerFor(spec: DistributionSpec): Sampler {
  const key = JSON.stringify(spec);
  let s = samplers.get(key);
  if (!s) {
    if (samplers.size >= 4096) samplers.clear();
    samplers.set(key, (s = makeSampler(spec)));
  }
  return s;
}
