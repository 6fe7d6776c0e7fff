/**
 * Nelder–Mead downhill simplex (Nelder & Mead 1965) with the standard coefficients:
 * reflection 1, expansion 2, contraction 0.5, shrink 0.5 (as in Lagarias et al. 1998,
 * "Convergence properties of the Nelder–Mead simplex method in low dimensions").
 * Derivative-free, so it suits a simulation objective made smooth by common random numbers.
 */
export interface NelderMeadOptions {
  /** Initial step along each coordinate. */
  step: number[];
  maxEvaluations: number;
  /** Stop when the best and worst objective values differ by less than this. */
  fTolerance: number;
  /** ... and every vertex is within this of the best, in every coordinate. */
  xTolerance: number;
}

export interface NelderMeadResult {
  x: number[];
  f: number;
  evaluations: number;
  converged: boolean;
}

export async function nelderMead(f: (x: number[]) => Promise<number>, x0: number[], o: NelderMeadOptions): Promise<NelderMeadResult> {
  const n = x0.length;
  let evaluations = 0;
  const evaluate = async (x: number[]) => {
    evaluations++;
    return f(x);
  };
  let simplex: { x: number[]; f: number }[] = [{ x: x0, f: await evaluate(x0) }];
  for (let i = 0; i < n; i++) {
    const x = [...x0];
    x[i]! += o.step[i]!;
    simplex.push({ x, f: await evaluate(x) });
  }
  const combine = (a: number[], b: number[], t: number) => a.map((ai, i) => ai + t * (b[i]! - ai));
  let converged = false;
  while (evaluations < o.maxEvaluations) {
    simplex.sort((a, b) => a.f - b.f);
    const best = simplex[0]!;
    const worst = simplex[n]!;
    const size = Math.max(...simplex.slice(1).flatMap((v) => v.x.map((xi, i) => Math.abs(xi - best.x[i]!))));
    if (Math.abs(worst.f - best.f) <= o.fTolerance && size <= o.xTolerance) {
      converged = true;
      break;
    }
    const centroid = Array.from({ length: n }, (_, i) => simplex.slice(0, n).reduce((a, v) => a + v.x[i]!, 0) / n);
    const reflected = combine(centroid, worst.x, -1);
    const fr = await evaluate(reflected);
    if (fr < best.f) {
      const expanded = combine(centroid, worst.x, -2);
      const fe = await evaluate(expanded);
      simplex[n] = fe < fr ? { x: expanded, f: fe } : { x: reflected, f: fr };
      continue;
    }
    if (fr < simplex[n - 1]!.f) {
      simplex[n] = { x: reflected, f: fr };
      continue;
    }
    // Contract: outside if the reflection improved on the worst, inside otherwise.
    const outside = fr < worst.f;
    const contracted = outside ? combine(centroid, reflected, 0.5) : combine(centroid, worst.x, 0.5);
    const fc = await evaluate(contracted);
    if (fc < (outside ? fr : worst.f)) {
      simplex[n] = { x: contracted, f: fc };
      continue;
    }
    // Shrink towards the best vertex.
    const shrunk: { x: number[]; f: number }[] = [best];
    for (const v of simplex.slice(1)) {
      const x = combine(best.x, v.x, 0.5);
      shrunk.push({ x, f: await evaluate(x) });
    }
    simplex = shrunk;
  }
  simplex.sort((a, b) => a.f - b.f);
  return { x: simplex[0]!.x, f: simplex[0]!.f, evaluations, converged };
}
