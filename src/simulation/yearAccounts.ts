import type { Resource } from '../kernel/resource.js';
import { FLAGS, STATE, WAITING_BIT } from '../model/childLayout.js';
import type { Children } from './children.js';
import { DAYS_PER_YEAR, type CompiledModel, type CompiledState } from '../model/compileModel.js';

/**
 * What a replicate counts in the current financial year: counters named by
 * the model file, stocks and child-days per state (for per-day costs and
 * stocks at 31 March), yearly costs, and which children have already been
 * counted in each "children during the year" group.
 */
export class YearAccounts {
  readonly counters: Float64Array;
  private readonly stock: Float64Array;
  private readonly stockArea: Float64Array;
  private readonly lastChange: Float64Array;
  private readonly inYearGroups: { metric: number; bit: number }[];
  private lastCostFlush: number;
  private year = -1;

  constructor(
    private readonly model: CompiledModel,
    private readonly ch: Children,
    private readonly scale: number,
    start: number,
  ) {
    const nStates = model.states.length;
    this.counters = new Float64Array(model.metrics.length);
    this.stock = new Float64Array(nStates);
    this.stockArea = new Float64Array(nStates);
    this.lastChange = new Float64Array(nStates).fill(start);
    this.lastCostFlush = start;
    this.inYearGroups = model.groups.flatMap((g, i) => (g.inYearMetric >= 0 ? [{ metric: g.inYearMetric, bit: 1 << i }] : []));
  }

  /** A new instance for the same model and children (its fields are then overwritten when a run is copied). */
  emptyLike(): YearAccounts {
    return new YearAccounts(this.model, this.ch, this.scale, 0);
  }

  /** Number of "children during the year" groups (each needs a mark per child). */
  static markGroups(model: CompiledModel): number {
    return model.groups.filter((g) => g.inYearMetric >= 0).length;
  }

  changeStock(s: number, delta: number, t: number): void {
    this.stockArea[s]! += this.stock[s]! * (t - this.lastChange[s]!);
    this.lastChange[s] = t;
    this.stock[s]! += delta;
  }

  count(list: number[]): void {
    for (let i = 0; i < list.length; i++) this.counters[list[i]!]!++;
  }

  /** A child entered the groups in `entered` (a bit mask): count starts and, once a year, the child. */
  groupEntry(c: number, entered: number): void {
    if (entered === 0) return;
    const groups = this.model.groups;
    for (let gi = 0; gi < groups.length; gi++) {
      if ((entered & (1 << gi)) === 0) continue;
      const m = groups[gi]!.startsMetric;
      if (m >= 0) this.counters[m]!++;
    }
    this.markInYear(c, entered);
  }

  private markInYear(c: number, mask: number): void {
    for (let i = 0; i < this.inYearGroups.length; i++) {
      const g = this.inYearGroups[i]!;
      if (mask & g.bit && this.ch.yearMark[i]![c] !== this.year) {
        this.ch.yearMark[i]![c] = this.year;
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
    const nMetrics = model.metrics.length;
    const row = new Float64Array(nMetrics + model.derived.length + 1 + model.payers.length);
    for (let m = 0; m < nMetrics; m++) row[m] = counters[m]! / this.scale;
    const scope = new Map<string, number>();
    model.metrics.forEach((name, m) => scope.set(name, row[m]!));
    model.derived.forEach((d, i) => {
      const v = d.formula.evaluate(scope);
      row[nMetrics + i] = Number.isFinite(v) ? v : NaN;
      scope.set(d.name, row[nMetrics + i]!);
    });
    let total = 0;
    for (const m of model.costMetrics) total += row[m]!;
    const totalAt = nMetrics + model.derived.length;
    row[totalAt] = total;
    model.payers.forEach((p, i) => (row[totalAt + 1 + i] = p.costs.reduce((acc, m) => acc + row[m]!, 0)));
    return row;
  }
}
