import type { Resource } from '../kernel/resource.js';
import { BIRTH_DAY, FLAGS, STATE, WAITING_BIT } from '../model/childLayout.js';
import type { Children } from './children.js';
import { DAYS_PER_YEAR, type ChildrenCounter, type CompiledGroup, type CompiledModel, type CompiledState, type ConditionalCount } from '../model/compileModel.js';
import { met } from './attributes.js';

/**
 * What a replicate counts in the current financial year: counters named by
 * the model file, stocks and child-days per state (for per-day costs and
 * stocks at 31 March), yearly costs, and which children have already been
 * counted in each count of distinct children (a group's children during the
 * year, children referred).
 */
export class YearAccounts {
  readonly counters: Float64Array;
  private readonly stock: Float64Array;
  private readonly stockArea: Float64Array;
  private readonly lastChange: Float64Array;
  private readonly inYearGroups: { metric: number; bit: number; mark: number }[];
  /** Groups whose stock is counted by age band (their index in the model). */
  private readonly bandedStock: number[];
  private lastCostFlush: number;
  private year = -1;

  constructor(
    private readonly model: CompiledModel,
    private readonly ch: Children,
    private readonly scale: number,
    /** What counts are divided by (an area's counts are its own: scale, not scale x share). */
    private readonly countScale: number,
    start: number,
  ) {
    const nStates = model.states.length;
    this.counters = new Float64Array(model.metrics.length);
    this.stock = new Float64Array(nStates);
    this.stockArea = new Float64Array(nStates);
    this.lastChange = new Float64Array(nStates).fill(start);
    this.lastCostFlush = start;
    this.inYearGroups = model.groups.flatMap((g, i) => (g.inYearMetric >= 0 ? [{ metric: g.inYearMetric, bit: 1 << i, mark: g.inYearMark }] : []));
    this.bandedStock = model.groups.flatMap((g, i) => (g.stockBands.length > 0 ? [i] : []));
  }

  /** A new instance with the model, children and scales of `o` (an instance, or its stored fields), to be filled in when a run is copied or restored. */
  static like(o: YearAccounts | Record<string, unknown>): YearAccounts {
    const f = o as unknown as { model: CompiledModel; ch: Children; scale: number; countScale: number };
    return new YearAccounts(f.model, f.ch, f.scale, f.countScale, 0);
  }

  /** Number of counts of distinct children in the year (each needs a mark per child). */
  static yearMarks(model: CompiledModel): number {
    return model.yearMarks;
  }

  changeStock(s: number, delta: number, t: number): void {
    this.stockArea[s]! += this.stock[s]! * (t - this.lastChange[s]!);
    this.lastChange[s] = t;
    this.stock[s]! += delta;
  }

  count(list: number[]): void {
    for (let i = 0; i < list.length; i++) this.counters[list[i]!]!++;
  }

  /** A child entered the groups in `entered` (a bit mask) at `t`: count starts (by age band too) and, once a year, the child. */
  groupEntry(c: number, entered: number, t: number): void {
    if (entered === 0) return;
    const groups = this.model.groups;
    for (let gi = 0; gi < groups.length; gi++) {
      if ((entered & (1 << gi)) === 0) continue;
      const g = groups[gi]!;
      if (g.startsMetric >= 0) this.counters[g.startsMetric]!++;
      if (g.startsBands.length > 0) this.counters[g.startsBands[this.band(g, c, t)]!]!++;
    }
    this.markInYear(c, entered);
  }

  /** Children left the groups in `left` (a bit mask); `agedOut`: because they reached the age limit. */
  groupExit(left: number, agedOut: boolean): void {
    if (left === 0) return;
    const groups = this.model.groups;
    for (let gi = 0; gi < groups.length; gi++) {
      if ((left & (1 << gi)) === 0) continue;
      const g = groups[gi]!;
      if (g.endsMetric >= 0) this.counters[g.endsMetric]!++;
      if (agedOut && g.agedOutMetric >= 0) this.counters[g.agedOutMetric]!++;
    }
  }

  /** A referral of child c (`again`: within 12 months of its previous one). */
  referral(c: number, st: CompiledState, again: boolean): void {
    this.counters[st.referralCounter]!++;
    if (st.referredChildren !== null) this.countChild(c, st.referredChildren);
    if (!again) return;
    this.counters[st.rereferralCounter]!++;
    if (st.rereferredChildren !== null) this.countChild(c, st.rereferredChildren);
  }

  /** Entry counts whose condition child c (its record at `f` from `b`) meets at `t`. */
  countIf(list: ConditionalCount[], f: Float64Array, b: number, t: number): void {
    for (let i = 0; i < list.length; i++) if (met(list[i]!, f, b, t)) this.count(list[i]!.counters);
  }

  /** Counts child c once in the year. */
  private countChild(c: number, k: ChildrenCounter): void {
    const mark = this.ch.yearMark[k.mark]!;
    if (mark[c] === this.year) return;
    mark[c] = this.year;
    this.counters[k.metric]!++;
  }

  /** The age band of child c at `t` in a banded group. */
  private band(g: CompiledGroup, c: number, t: number): number {
    const age = t - this.ch.f[c * this.ch.stride + BIRTH_DAY]!;
    const starts = g.bandStartDays;
    let i = starts.length - 1;
    while (i > 0 && age < starts[i]!) i--;
    return i;
  }

  private markInYear(c: number, mask: number): void {
    for (let i = 0; i < this.inYearGroups.length; i++) {
      const g = this.inYearGroups[i]!;
      if (mask & g.bit && this.ch.yearMark[g.mark]![c] !== this.year) {
        this.ch.yearMark[g.mark]![c] = this.year;
        this.counters[g.metric]!++;
      }
    }
  }

  /** Charges per-day and yearly costs up to `t` at the rates in force (`states`, `model`). */
  flushCosts(t: number, states: CompiledState[], model: CompiledModel): void {
    for (let s = 0; s < states.length; s++) {
      this.changeStock(s, 0, t);
      for (const cost of states[s]!.costPerDay) this.counters[cost.metric]! += this.stockArea[s]! * cost.amount;
      this.stockArea[s] = 0;
    }
    for (const c of model.annualCosts) this.counters[c.metric]! += (c.perYear * this.scale * (t - this.lastCostFlush)) / DAYS_PER_YEAR;
    this.lastCostFlush = t;
  }

  /** Starts year `y` at `t`: the children already in a group count for it this year. */
  openYear(y: number, t: number, states: CompiledState[], model: CompiledModel): void {
    this.year = y;
    this.flushCosts(t, states, model);
    this.counters.fill(0);
    if (this.inYearGroups.length === 0) return;
    const f = this.ch.f;
    const stride = this.ch.stride;
    for (let c = 0; c < this.ch.size; c++) {
      const s = f[c * stride + STATE]!;
      if (s < 0 || f[c * stride + FLAGS]! & WAITING_BIT) continue;
      const mask = states[s]!.groupMask;
      if (mask) this.markInYear(c, mask);
    }
  }

  /** The banded groups' stocks at `t`, by the age of each child in them (children waiting for a place are in no group). */
  private stockByAgeBand(t: number, states: CompiledState[]): void {
    if (this.bandedStock.length === 0) return;
    const groups = this.model.groups;
    for (const gi of this.bandedStock) for (const m of groups[gi]!.stockBands) this.counters[m] = 0;
    const f = this.ch.f;
    const stride = this.ch.stride;
    for (let c = 0; c < this.ch.size; c++) {
      const s = f[c * stride + STATE]!;
      if (s < 0 || f[c * stride + FLAGS]! & WAITING_BIT) continue;
      const mask = states[s]!.groupMask;
      for (const gi of this.bandedStock) {
        const g = groups[gi]!;
        if (mask & (1 << gi)) this.counters[g.stockBands[this.band(g, c, t)]!]!++;
      }
    }
  }

  /** Ends the year at `t` and returns its row: counters scaled to England, then derived metrics, cost_total and costs by payer. */
  closeYear(t: number, states: CompiledState[], model: CompiledModel, resources: (Resource | null)[]): Float64Array {
    const counters = this.counters;
    this.flushCosts(t, states, model);
    for (let s = 0; s < states.length; s++) {
      const st = states[s]!;
      if (st.waitingStockMetric >= 0) counters[st.waitingStockMetric] = resources[s]!.waiting;
    }
    for (const g of model.groups) {
      if (g.stockMetric < 0) continue;
      let sum = 0;
      for (const s of g.states) sum += this.stock[s]!;
      counters[g.stockMetric] = sum;
    }
    this.stockByAgeBand(t, states);
    const nMetrics = model.metrics.length;
    const row = new Float64Array(nMetrics + model.derived.length + 1 + model.payers.length);
    for (let m = 0; m < nMetrics; m++) row[m] = counters[m]! / this.countScale;
    return completeRow(model, row);
  }
}

/** Fills a row's derived metrics, cost_total and costs by payer from its counters (the first model.metrics.length values). */
export function completeRow(model: CompiledModel, row: Float64Array): Float64Array {
    const nMetrics = model.metrics.length;
    const scope = new Map<string, number>();
    model.metrics.forEach((name, m) => scope.set(name, row[m]!));
    model.derived.forEach((d, i) => {
      const v = d.formula.evaluate(scope);
      row[nMetrics + i] = Number.isFinite(v) ? v : NaN;
      scope.set(d.name, row[nMetrics + i]!);
    });
    let total = 0;
    for (const m of model.totalCostMetrics) total += row[m]!;
    const totalAt = nMetrics + model.derived.length;
    row[totalAt] = total;
    model.payers.forEach((p, i) => (row[totalAt + 1 + i] = p.costs.reduce((acc, m) => acc + row[m]!, 0)));
    return row;
}

/** A national row from areas' rows: counters summed, the rest computed from them. */
export function sumRows(model: CompiledModel, rows: Float64Array[]): Float64Array {
  const out = new Float64Array(rows[0]!.length);
  const nMetrics = model.metrics.length;
  for (const r of rows) for (let m = 0; m < nMetrics; m++) out[m]! += r[m]!;
  return completeRow(model, out);
}
