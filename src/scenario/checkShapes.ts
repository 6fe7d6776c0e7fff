import type { SourceFile } from './sourceFile.js';

export interface Table {
  breaks: number[];
  weights: number[];
}

export interface UncertaintySpec {
  type: 'beta' | 'gamma' | 'lognormal' | 'normal' | 'triangular' | 'uniform' | 'fixed';
  [k: string]: number | string;
}

/** What the shape checks read of a scenario file, as parsed. */
interface RawShapes {
  policy?: {
    name: string;
    set?: unknown;
    add?: unknown;
    scale?: unknown;
    from: string;
    onlyIfBelow?: number;
    onlyIfAbove?: number;
    unit?: string;
    when?: { parameter?: string; metric?: string; below?: unknown; above?: unknown };
    allocate?: { by?: string; weight?: string };
  }[];
  parameters?: Record<string, { value?: number | Table; formula?: string; distribution?: UncertaintySpec; policy?: boolean }>;
}

/** Checks what the schema cannot say simply: value xor formula, table shape, uncertainty feasibility. */
export function checkParameterShapes(source: SourceFile, raw: RawShapes): void {
  (raw.policy ?? []).forEach((lever, i) => {
    const ops = (['set', 'add', 'scale'] as const).filter((k) => lever[k] !== undefined);
    if (ops.length !== 1) throw source.error(['policy', i], `lever '${lever.name}' needs exactly one of set, add or scale`);
    // Date.parse rolls 2021-02-30 over to 2 March: a date must read back as itself.
    const t = Date.parse(`${lever.from}T00:00:00Z`);
    if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== lever.from) throw source.error(['policy', i, 'from'], `lever '${lever.name}': '${lever.from}' is not a date (YYYY-MM-DD, a day that exists)`);
    if (lever.unit !== undefined && typeof (lever.set ?? lever.add) !== 'number') throw source.error(['policy', i, 'unit'], `lever '${lever.name}': a unit states the number given to set or add${lever.scale !== undefined ? " ('scale' is a ratio)" : ' (a parameter named there keeps its own unit)'}`);
    if (lever.onlyIfBelow !== undefined && lever.onlyIfAbove !== undefined) throw source.error(['policy', i], `lever '${lever.name}': give onlyIfBelow or onlyIfAbove, not both`);
    const w = lever.when;
    if (w) {
      if ((w.parameter === undefined) === (w.metric === undefined)) throw source.error(['policy', i, 'when'], `lever '${lever.name}': a condition tests one 'parameter' or one 'metric'`);
      if ((w.below === undefined) === (w.above === undefined)) throw source.error(['policy', i, 'when'], `lever '${lever.name}': a condition needs 'below' or 'above' (one of them)`);
      if (lever.onlyIfBelow !== undefined || lever.onlyIfAbove !== undefined) throw source.error(['policy', i, 'when'], `lever '${lever.name}': give 'when' or onlyIfBelow/onlyIfAbove, not both`);
    }
    if (lever.allocate && (lever.allocate.by === undefined) === (lever.allocate.weight === undefined)) throw source.error(['policy', i, 'allocate'], `lever '${lever.name}': allocate needs 'by: children' or 'weight: <parameter>' (one of them)`);
    if (lever.allocate && lever.scale !== undefined) throw source.error(['policy', i, 'allocate'], `lever '${lever.name}': 'scale' multiplies each area's own value, so there is nothing to allocate (use set or add)`);
  });
  for (const [name, p] of Object.entries(raw.parameters ?? {})) {
    const at = ['parameters', name];
    const hasValue = p.value !== undefined;
    const hasFormula = p.formula !== undefined;
    if (hasValue === hasFormula) throw source.error(at, hasValue ? "give either 'value' or 'formula', not both" : "missing 'value' (a number or a table) or 'formula'");
    if (p.policy && p.distribution) throw source.error([...at, 'distribution'], `${name} is a policy's dose (policy: true), which is chosen, not uncertain: it takes no distribution (vary it with ehsim sweep)`);
    if (hasValue && typeof p.value === 'object') {
      const t = p.value as Partial<Table> & Record<string, unknown>;
      const extra = Object.keys(t).find((k) => k !== 'breaks' && k !== 'weights');
      if (extra) throw source.error([...at, 'value', extra], `unknown key '${extra}' in a table (expected breaks, weights)`, true);
      if (!Array.isArray(t.breaks) || !Array.isArray(t.weights) || t.breaks.some((x) => typeof x !== 'number') || t.weights.some((x) => typeof x !== 'number')) {
        throw source.error([...at, 'value'], 'expected a number, or a table {breaks: [numbers], weights: [numbers]}');
      }
      if (t.breaks.length !== t.weights.length + 1) throw source.error([...at, 'value'], `a table needs one more break than weights (got ${t.breaks.length} breaks, ${t.weights.length} weights)`);
      for (let i = 1; i < t.breaks.length; i++) if (!(t.breaks[i]! > t.breaks[i - 1]!)) throw source.error([...at, 'value', 'breaks', i], 'table breaks must increase');
      if (t.breaks[0]! < 0 || t.weights.some((w) => w < 0)) throw source.error([...at, 'value'], 'table breaks and weights must be >= 0');
    }
    if (p.distribution) {
      const problem = checkUncertainty(p.distribution);
      if (problem) throw source.error([...at, 'distribution'], problem);
    }
  }
}

/** Why an uncertainty distribution is impossible, or null. */
export function checkUncertainty(d: UncertaintySpec): string | null {
  const n = (k: string) => d[k] as number;
  switch (d.type) {
    case 'beta':
      return n('alpha') > 0 && n('beta') > 0 ? null : 'beta distribution needs alpha > 0 and beta > 0';
    case 'gamma':
      return n('shape') > 0 && n('scale') > 0 ? null : 'gamma distribution needs shape > 0 and scale > 0';
    case 'lognormal':
      return n('sdlog') > 0 ? null : 'lognormal distribution needs sdlog > 0';
    case 'normal':
      return n('sd') > 0 ? null : 'normal distribution needs sd > 0';
    case 'triangular':
      return n('min') <= n('mode') && n('mode') <= n('max') && n('min') < n('max') ? null : 'triangular distribution needs min <= mode <= max and min < max';
    case 'uniform':
      return n('min') < n('max') ? null : 'uniform distribution needs min < max';
    case 'fixed':
      return null;
  }
}
