import type { Stream } from './streams.js';

/**
 * Numeric distribution specifications (all parameters already resolved to
 * numbers, in the kernel's time unit where they are durations).
 */
export type DistributionSpec =
  | { type: 'fixed'; value: number }
  | { type: 'exponential'; mean: number }
  | { type: 'gamma'; shape: number; scale: number }
  | { type: 'lognormal'; meanlog: number; sdlog: number }
  | { type: 'weibull'; shape: number; scale: number }
  | { type: 'uniform'; min: number; max: number }
  | { type: 'triangular'; min: number; mode: number; max: number }
  | { type: 'empirical'; breaks: number[]; weights: number[] }
  | { type: 'mixture'; weights: number[]; components: DistributionSpec[] };

export interface Sampler {
  /** One draw. */
  sample(u: Stream): number;
  /** One draw conditional on exceeding `elapsed` (a residual-life draw adds nothing: it returns the total). */
  sampleBeyond(u: Stream, elapsed: number): number;
  /** Cumulative distribution function. */
  cdf(x: number): number;
  readonly mean: number;
}

/** Why a specification is impossible, or null if it is valid. */
export function checkDistribution(spec: DistributionSpec): string | null {
  const finite = (...xs: number[]) => xs.every((x) => Number.isFinite(x));
  switch (spec.type) {
    case 'fixed':
      return finite(spec.value) && spec.value >= 0 ? null : 'fixed value must be a finite number >= 0';
    case 'exponential':
      return finite(spec.mean) && spec.mean > 0 ? null : 'exponential mean must be > 0';
    case 'gamma':
      return finite(spec.shape, spec.scale) && spec.shape > 0 && spec.scale > 0 ? null : 'gamma shape and scale must be > 0';
    case 'lognormal':
      return finite(spec.meanlog, spec.sdlog) && spec.sdlog >= 0 ? null : 'lognormal sdlog must be >= 0';
    case 'weibull':
      return finite(spec.shape, spec.scale) && spec.shape > 0 && spec.scale > 0 ? null : 'weibull shape and scale must be > 0';
    case 'uniform':
      return finite(spec.min, spec.max) && spec.min >= 0 && spec.min < spec.max ? null : 'uniform needs 0 <= min < max';
    case 'triangular':
      return finite(spec.min, spec.mode, spec.max) && spec.min >= 0 && spec.min <= spec.mode && spec.mode <= spec.max && spec.min < spec.max
        ? null
        : 'triangular needs 0 <= min <= mode <= max and min < max';
    case 'empirical': {
      const { breaks, weights } = spec;
      if (breaks.length !== weights.length + 1) return 'empirical needs one more break than weights';
      if (!finite(...breaks, ...weights)) return 'empirical breaks and weights must be finite';
      if (breaks[0]! < 0) return 'empirical breaks must be >= 0';
      for (let i = 1; i < breaks.length; i++) if (!(breaks[i]! > breaks[i - 1]!)) return 'empirical breaks must increase';
      if (weights.some((w) => w < 0)) return 'empirical weights must be >= 0';
      if (!(weights.reduce((a, b) => a + b, 0) > 0)) return 'empirical weights must not all be zero';
      return null;
    }
    case 'mixture': {
      if (spec.weights.length !== spec.components.length || spec.components.length === 0) return 'mixture needs one weight per component';
      if (spec.weights.some((w) => !(w >= 0) || !Number.isFinite(w))) return 'mixture weights must be >= 0';
      if (!(spec.weights.reduce((a, b) => a + b, 0) > 0)) return 'mixture weights must not all be zero';
      for (const c of spec.components) {
        const e = checkDistribution(c);
        if (e) return e;
      }
      return null;
    }
  }
}

/** Standard normal draw (Box–Muller, one value per two uniforms; no cached state so streams stay simple). */
function normal(u: Stream): number {
  const a = 1 - u();
  const b = u();
  return Math.sqrt(-2 * Math.log(a)) * Math.cos(2 * Math.PI * b);
}

/** Marsaglia–Tsang gamma with unit scale. */
function gammaUnit(u: Stream, shape: number): number {
  if (shape < 1) return gammaUnit(u, shape + 1) * Math.pow(1 - u(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(u);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const w = 1 - u();
    if (w < 1 - 0.0331 * x * x * x * x || Math.log(w) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Error function (Abramowitz–Stegun 7.1.26 refined; |error| < 1.5e-7), for the lognormal CDF. */
function erf(x: number): number {
  const s = x < 0 ? -1 : 1;
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return s * y;
}

/** Regularised lower incomplete gamma P(a, x), series / continued fraction (Numerical Recipes). */
function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  const lnGammaA = lnGamma(a);
  if (x < a + 1) {
    let sum = 1 / a;
    let del = sum;
    for (let n = 1; n < 500; n++) {
      del *= x / (a + n);
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * 1e-14) break;
    }
    return sum * Math.exp(-x + a * Math.log(x) - lnGammaA);
  }
  let b = x + 1 - a;
  let c = 1e300;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 500; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < 1e-300) d = 1e-300;
    c = b + an / c;
    if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-14) break;
  }
  return 1 - Math.exp(-x + a * Math.log(x) - lnGammaA) * h;
}

function lnGamma(z: number): number {
  const g = [76.18009172947146, -86.50532032941677, 24.01409824083091, -1.231739572450155, 0.1208650973866179e-2, -0.5395239384953e-5];
  let x = z;
  let y = z;
  let tmp = x + 5.5;
  tmp -= (x + 0.5) * Math.log(tmp);
  let ser = 1.000000000190015;
  for (const c of g) ser += c / ++y;
  return -tmp + Math.log((2.5066282746310005 * ser) / x);
}

/** Inverse-CDF sampler conditioned on X > elapsed, for distributions with a closed-form quantile. */
function beyondByQuantile(cdf: (x: number) => number, quantile: (p: number) => number) {
  return (u: Stream, elapsed: number): number => {
    if (elapsed <= 0) return quantile(u());
    const f = cdf(elapsed);
    if (f >= 1) return elapsed;
    return Math.max(elapsed, quantile(f + u() * (1 - f)));
  };
}

/** Rejection sampler conditioned on X > elapsed (falls back to the elapsed time after many misses). */
function beyondByRejection(sample: (u: Stream) => number) {
  return (u: Stream, elapsed: number): number => {
    for (let i = 0; i < 10_000; i++) {
      const x = sample(u);
      if (x > elapsed) return x;
    }
    return elapsed;
  };
}

export function makeSampler(spec: DistributionSpec): Sampler {
  const problem = checkDistribution(spec);
  if (problem) throw new RangeError(problem);
  switch (spec.type) {
    case 'fixed': {
      const v = spec.value;
      return { mean: v, sample: () => v, sampleBeyond: (_u, e) => Math.max(v, e), cdf: (x) => (x >= v ? 1 : 0) };
    }
    case 'exponential': {
      const m = spec.mean;
      return {
        mean: m,
        sample: (u) => -m * Math.log(1 - u()),
        sampleBeyond: (u, e) => Math.max(e, 0) - m * Math.log(1 - u()),
        cdf: (x) => (x <= 0 ? 0 : 1 - Math.exp(-x / m)),
      };
    }
    case 'weibull': {
      const { shape: k, scale: l } = spec;
      const inv = 1 / k;
      const cdf = (x: number) => (x <= 0 ? 0 : 1 - Math.exp(-Math.pow(x / l, k)));
      const quantile = (p: number) => l * Math.pow(-Math.log(1 - p), inv);
      return { mean: l * Math.exp(lnGamma(1 + inv)), sample: (u) => l * Math.pow(-Math.log(1 - u()), inv), sampleBeyond: beyondByQuantile(cdf, quantile), cdf };
    }
    case 'lognormal': {
      const { meanlog: mu, sdlog: s } = spec;
      const sample = (u: Stream) => Math.exp(mu + s * normal(u));
      const cdf = (x: number) => (x <= 0 ? 0 : s === 0 ? (Math.log(x) >= mu ? 1 : 0) : 0.5 * (1 + erf((Math.log(x) - mu) / (s * Math.SQRT2))));
      return { mean: Math.exp(mu + (s * s) / 2), sample, sampleBeyond: beyondByRejection(sample), cdf };
    }
    case 'gamma': {
      const { shape, scale } = spec;
      const sample = (u: Stream) => scale * gammaUnit(u, shape);
      return { mean: shape * scale, sample, sampleBeyond: beyondByRejection(sample), cdf: (x) => gammaP(shape, x / scale) };
    }
    case 'uniform': {
      const { min, max } = spec;
      const cdf = (x: number) => (x <= min ? 0 : x >= max ? 1 : (x - min) / (max - min));
      const quantile = (p: number) => min + p * (max - min);
      return { mean: (min + max) / 2, sample: (u) => quantile(u()), sampleBeyond: beyondByQuantile(cdf, quantile), cdf };
    }
    case 'triangular': {
      const { min: a, mode: c, max: b } = spec;
      const fc = (c - a) / (b - a);
      const cdf = (x: number) =>
        x <= a ? 0 : x >= b ? 1 : x <= c ? ((x - a) * (x - a)) / ((b - a) * (c - a)) : 1 - ((b - x) * (b - x)) / ((b - a) * (b - c));
      const quantile = (p: number) => (p < fc ? a + Math.sqrt(p * (b - a) * (c - a)) : b - Math.sqrt((1 - p) * (b - a) * (b - c)));
      return { mean: (a + b + c) / 3, sample: (u) => quantile(u()), sampleBeyond: beyondByQuantile(cdf, quantile), cdf };
    }
    case 'empirical': {
      // Piecewise-uniform: weight w_i spread evenly over [breaks_i, breaks_{i+1}).
      const { breaks, weights } = spec;
      const total = weights.reduce((a, b) => a + b, 0);
      const cum = new Float64Array(weights.length + 1);
      for (let i = 0; i < weights.length; i++) cum[i + 1] = cum[i]! + weights[i]! / total;
      cum[weights.length] = 1;
      const lo = Float64Array.from(breaks);
      const quantile = (p: number) => {
        let i = 0;
        while (i < weights.length - 1 && p >= cum[i + 1]!) i++;
        const span = cum[i + 1]! - cum[i]!;
        const f = span > 0 ? (p - cum[i]!) / span : 0;
        return lo[i]! + f * (lo[i + 1]! - lo[i]!);
      };
      const cdf = (x: number) => {
        if (x <= lo[0]!) return 0;
        for (let i = 0; i < weights.length; i++) {
          if (x < lo[i + 1]!) return cum[i]! + ((cum[i + 1]! - cum[i]!) * (x - lo[i]!)) / (lo[i + 1]! - lo[i]!);
        }
        return 1;
      };
      let mean = 0;
      for (let i = 0; i < weights.length; i++) mean += ((weights[i]! / total) * (lo[i]! + lo[i + 1]!)) / 2;
      return { mean, sample: (u) => quantile(u()), sampleBeyond: beyondByQuantile(cdf, quantile), cdf };
    }
    case 'mixture': {
      const parts = spec.components.map(makeSampler);
      const total = spec.weights.reduce((a, b) => a + b, 0);
      const probs = spec.weights.map((w) => w / total);
      const pick = (p: number) => {
        let acc = 0;
        for (let i = 0; i < probs.length - 1; i++) {
          acc += probs[i]!;
          if (p < acc) return parts[i]!;
        }
        return parts[parts.length - 1]!;
      };
      const cdf = (x: number) => parts.reduce((acc, s, i) => acc + probs[i]! * s.cdf(x), 0);
      return {
        mean: parts.reduce((acc, s, i) => acc + probs[i]! * s.mean, 0),
        sample: (u) => pick(u()).sample(u),
        sampleBeyond: (u, e) => {
          if (e <= 0) return pick(u()).sample(u);
          // Pick a component with probability proportional to w_i * S_i(e), then draw beyond e within it.
          const surv = parts.map((s, i) => probs[i]! * (1 - s.cdf(e)));
          const tot = surv.reduce((a, b) => a + b, 0);
          if (!(tot > 0)) return e;
          let p = u() * tot;
          for (let i = 0; i < parts.length; i++) {
            p -= surv[i]!;
            if (p < 0 || i === parts.length - 1) return parts[i]!.sampleBeyond(u, e);
          }
          return e;
        },
        cdf,
      };
    }
  }
}
