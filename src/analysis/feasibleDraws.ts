import type { PreparedScenario } from '../runs/prepare.js';
import { runPossibleVariants, type Overrides, type VariantSettings, type VariantValues } from '../runs/runVariants.js';
import type { ReplicateTask } from '../runs/runner.js';
import { InputError } from '../scenario/inputError.js';
import { toCsv } from '../results/csv.js';

/** A draw a probabilistic analysis set aside: its values made the model impossible. */
export interface SetAside {
  draw: number;
  attempt: number;
  /** The first impossibility the model met, with the file, line and parameters behind it. */
  why: string;
}

export interface FeasibleDraws {
  /** Draw d's values: the first attempt that describes a possible model. */
  draws: Overrides[];
  /** values[d][file], as runVariants returns them. */
  values: VariantValues[][];
  /** Every attempt set aside, in draw order. */
  setAside: SetAside[];
}

/** Attempts per draw before the priors are judged unable to describe a possible model. */
export const MAX_ATTEMPTS = 20;

/**
 * Runs n parameter draws, each drawn again until its values describe a possible model.
 * Independent priors can combine into impossible children (relative risks whose product, for
 * a higher-need baby in one region, takes the assessment's outcomes above 1): such a draw
 * says nothing about England, so it is set aside and replaced (rejection sampling: the draws
 * follow the priors conditioned on the model being possible). Draw d's attempts are keyed
 * (seed, d, attempt) and its replicates stay d's own, so the result does not depend on the
 * number of workers or the order of rounds. Every set-aside attempt is reported.
 */
export async function runFeasibleDraws(
  files: ReplicateTask['files'],
  draw: (d: number, attempt: number) => Overrides,
  n: number,
  settings: VariantSettings,
  prepared?: PreparedScenario[],
): Promise<FeasibleDraws> {
  const draws = Array.from({ length: n }, (_, d) => draw(d, 0));
  const attempts = new Array<number>(n).fill(0);
  const values = new Array<VariantValues[]>(n);
  const setAside: SetAside[] = [];
  let pending = draws.map((_, d) => d);
  while (pending.length) {
    const round = await runPossibleVariants(files, pending.map((d) => draws[d]!), { ...settings, distinctReplicates: true, variantNumbers: pending }, prepared);
    const again: number[] = [];
    round.forEach((result, k) => {
      const d = pending[k]!;
      if (typeof result !== 'string') return void (values[d] = result);
      setAside.push({ draw: d, attempt: attempts[d]!, why: result });
      if (++attempts[d]! >= MAX_ATTEMPTS) {
        throw new InputError('', `draw ${d + 1}: ${MAX_ATTEMPTS} draws in a row made the model impossible, so the priors cannot describe it; the last: ${result}`);
      }
      draws[d] = draw(d, attempts[d]!);
      again.push(d);
    });
    pending = again;
  }
  setAside.sort((a, b) => a.draw - b.draw || a.attempt - b.attempt);
  return { draws, values, setAside };
}

/** psa-set-aside.csv: one row per attempt set aside (a header alone when none was). */
export function setAsideCsv(setAside: SetAside[]): string {
  return toCsv(['draw', 'attempt', 'reason'], setAside.map((a) => [a.draw, a.attempt, a.why]));
}

/** One sentence for the terminal and the briefing when draws were set aside; empty when none was. */
export function setAsideSentence(setAside: SetAside[], draws: number): string {
  if (setAside.length === 0) return '';
  const redrawn = new Set(setAside.map((a) => a.draw)).size;
  return `${redrawn} of the ${draws} draws ${redrawn === 1 ? 'was' : 'were'} drawn again (${setAside.length} set aside in all) because ${setAside.length === 1 ? 'its' : 'their'} parameter values made the model impossible (probabilities summing above 1 for some child); the intervals are over possible values only (psa-set-aside.csv lists them).`;
}
