import { nextPoissonArrival } from '../kernel/arrivals.js';
import type { Simulator } from '../kernel/simulator.js';
import type { Stream, StreamFactory } from '../kernel/streams.js';
import type { YearGrid } from '../model/calendar.js';
import type { ModelEpoch } from '../model/compiledModel.js';

/** What a fork copies of the arrival processes (typed arrays only: the streams are rebuilt from it). */
export interface ArrivalState {
  /** Draws taken so far from each stream: gap, age and child seed, per process. */
  drawCounts: Float64Array;
  /** Per process: when its pending arrival was drawn, and the gap stream's count before that draw. */
  lastDrawAt: Float64Array;
  gapDrawsBefore: Float64Array;
  /** Per process: the time of its pending arrival (Infinity when none). */
  pendingAt: Float64Array;
  /** Per process: a token that retires a pending arrival replaced at a fork. */
  token: Int32Array;
}

/**
 * The Poisson arrival processes of one replicate, each with streams of its own (gap, age, and the
 * seed of each new child's stream). Rates are constant within periods between year and epoch
 * boundaries. When the replicate may be forked, each stream counts its draws, so that a copy can
 * be brought to any earlier position by replaying it from its seed (a few milliseconds) instead
 * of saving the generator's state at every draw; the forks of one run replay once between them
 * (StreamFactory.at).
 */
export class ArrivalProcesses {
  readonly state: ArrivalState;
  gap: Stream[] = [];
  age: Stream[] = [];
  seed: Stream[] = [];
  private bounds: number[] = [];
  private rates: Float64Array[] = [];

  constructor(
    private readonly factory: StreamFactory,
    private readonly names: string[],
    private readonly counting: boolean,
    state?: ArrivalState,
  ) {
    const n = names.length;
    this.state = state ?? {
      drawCounts: new Float64Array(3 * n),
      lastDrawAt: new Float64Array(n),
      gapDrawsBefore: new Float64Array(n),
      pendingAt: new Float64Array(n).fill(Infinity),
      token: new Int32Array(n),
    };
    // A copied state gets its streams from redrawPending.
    if (!state) this.openStreams(this.state.drawCounts);
  }

  /** Streams at the given positions (draws already taken), counting from there when forkable. */
  private openStreams(positions: ArrayLike<number>): void {
    const n = this.names.length;
    const open = (part: string, offset: number): Stream[] =>
      this.names.map((name, a) => {
        const key = `arrival:${name}:${part}`;
        if (!this.counting) return this.factory.stream(key);
        const slot = offset + a;
        const raw = this.factory.at(key, positions[slot]!);
        const counts = this.state.drawCounts;
        return () => {
          counts[slot]!++;
          return raw();
        };
      });
    this.gap = open('gap', 0);
    this.age = open('age', n);
    this.seed = open('child', 2 * n);
  }

  /** The periods of constant rates for these epochs (`scale` applied). */
  setPeriods(epochs: ModelEpoch[], grid: YearGrid, scale: number): void {
    const last = grid.bounds.at(-1)!;
    const epochStarts = epochs.slice(1).map((e) => e.start);
    const bounds = [...new Set([grid.warmupStart, ...grid.bounds, ...epochStarts.filter((d) => d > grid.warmupStart && d < last)])].sort((a, b) => a - b);
    const epochAt = (day: number) => {
      let k = 0;
      while (k + 1 < epochs.length && epochs[k + 1]!.start <= day) k++;
      return k;
    };
    // An arrival that follows the population has its own multiplier in each reported year (1 in the warm-up).
    const yearAt = (day: number) => {
      let y = -1;
      while (y + 1 < grid.bounds.length - 1 && grid.bounds[y + 1]! <= day) y++;
      return y;
    };
    const rateAt = (a: number, d: number) => {
      const arrival = epochs[epochAt(d)]!.model.arrivals[a]!;
      const y = yearAt(d);
      return arrival.ratePerDay * scale * (arrival.population && y >= 0 ? arrival.population.factor[y]! : 1);
    };
    // An epoch that leaves every arrival rate as it was is not a new period: the arrivals are drawn
    // exactly as without it (a lever that changes nothing in an area changes none of its draws).
    const years = new Set([grid.warmupStart, ...grid.bounds]);
    const n = epochs[0]!.model.arrivals.length;
    const kept = bounds.filter((d, i) => years.has(d) || i === bounds.length - 1 || Array.from({ length: n }, (_, a) => a).some((a) => rateAt(a, d) !== rateAt(a, bounds[i - 1]!)));
    this.bounds = kept;
    this.rates = epochs[0]!.model.arrivals.map((_, a) => Float64Array.from(kept.slice(0, -1), (d) => rateAt(a, d)));
  }

  /** Draws process `a`'s next arrival after `t` and schedules it. */
  drawNext(a: number, t: number, sim: Simulator, kind: number): void {
    const st = this.state;
    if (this.counting) {
      st.lastDrawAt[a] = t;
      st.gapDrawsBefore[a] = st.drawCounts[a]!;
    }
    const next = nextPoissonArrival(this.gap[a]!, t, this.bounds, this.rates[a]!);
    st.pendingAt[a] = next;
    if (next < Infinity) sim.schedule(next, kind, a, st.token[a]!);
  }

  /**
   * After a fork (state copied, new periods set): streams back at the positions they had, the gap
   * streams one draw back, so each pending arrival is redrawn as the fork's own run drew it: from
   * the same position and time, with the fork's rates. An arrival that changes is rescheduled
   * under a new token, which retires the copied one.
   */
  redrawPending(sim: Simulator, kind: number): void {
    const st = this.state;
    const positions = Float64Array.from(st.drawCounts);
    positions.set(st.gapDrawsBefore, 0);
    st.drawCounts.set(positions);
    this.openStreams(positions);
    const pending = Float64Array.from(st.pendingAt);
    for (let a = 0; a < this.names.length; a++) {
      const next = nextPoissonArrival(this.gap[a]!, st.lastDrawAt[a]!, this.bounds, this.rates[a]!);
      if (next === pending[a]) continue;
      st.token[a]!++;
      st.pendingAt[a] = next;
      if (next < Infinity) sim.schedule(next, kind, a, st.token[a]!);
    }
  }
}
