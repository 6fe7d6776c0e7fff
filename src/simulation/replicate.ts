import { cloneState, type Factory } from '../kernel/cloneState.js';
import { decodeState, encodeState } from '../kernel/snapshot.js';
import { EventQueue } from '../kernel/eventQueue.js';
import { Resource } from '../kernel/resource.js';
import { Simulator } from '../kernel/simulator.js';
import { StreamFactory, type Stream } from '../kernel/streams.js';
import type { YearGrid } from '../model/calendar.js';
import { Kind, type CompiledModel, type ModelEpoch } from '../model/compiledModel.js';
import { ArrivalProcesses, type ArrivalState } from './arrivalProcesses.js';
import { Children } from './children.js';
import { DiagnosticsObserver } from './diagnostics.js';
import { allOf } from './observer.js';
import { ARRIVAL, Pathway } from './pathway.js';
import type { PathwayState } from './pathwayState.js';
import { TraceRecorder, type TraceRow } from './trace.js';
import { YearAccounts } from './yearAccounts.js';

/** How a replicate is run: the same for every scenario of a comparison but for the epochs. */
export interface ReplicateSettings {
  grid: YearGrid;
  seed: number;
  replicate: number;
  /** Fraction of children simulated. */
  scale: number;
  /** What counts are divided by (default: scale). An area simulates its share of the national model at scale x share and counts at scale. */
  countScale?: number;
  /** Number of children whose full history is recorded. */
  traceChildren?: number;
  /** Count the model's diagnostics (its `diagnostics:` block) from every child's events. */
  diagnostics?: boolean;
  /** Empty for common random numbers across scenarios; otherwise streams are salted with it. */
  streamSalt?: string;
}

export interface ReplicateOutput {
  /** values[year][metric], metrics in the order of outputMetrics(model). */
  values: Float64Array[];
  events: number;
  /** Events still pending at the end (the queue's length: about one per child in the system; for benchmarks). */
  pending: number;
  trace: TraceRow[];
  /** The diagnostics' counts (see DiagnosticsLayout), or null when not asked for. */
  diagnostics: Float64Array | null;
  /** entries[epoch * states + state]: children entering each state in each epoch (evidence that levers were read). */
  entriesByEpoch: Float64Array;
  /** The day each epoch started (the run's own, when a controller changed its epochs). */
  epochStarts: number[];
  /** With areas: each area's own output, in the areas file's order (the values above are their sums). */
  areas?: ReplicateOutput[];
}

/** Decides, at given days, the epochs a run continues with (levers whose condition tests what the run reports). */
export interface EpochControl {
  /** Days to decide at, in order. */
  days: number[];
  /** The epochs from `day` on, given the reported years so far (the same as now before `day`), or null for no change. */
  decide(day: number, values: readonly Float64Array[]): ModelEpoch[] | null;
}

/** What watches a replicate's children: the trace sample and the diagnostics (either may be absent). */
interface Watchers {
  trace: TraceRecorder | null;
  diagnostics: DiagnosticsObserver | null;
}

/** Each class of a replicate's state: its name when stored, and how cloneState and decodeState rebuild it (see cloneState for why). */
const CLASSES: [object, string, Factory][] = [
  [Children.prototype, 'Children', (o: Children) => new Children(1, o.yearMark.length, o.stride, o.rngAt)],
  [Simulator.prototype, 'Simulator', (o: Simulator) => new Simulator(o.now, 16)],
  [EventQueue.prototype, 'EventQueue', (o: EventQueue) => new EventQueue(16, 0, o.width)],
  [YearAccounts.prototype, 'YearAccounts', (o: YearAccounts) => YearAccounts.like(o)],
  [Resource.prototype, 'Resource', (o: Resource) => new Resource(o.capacity)],
] as [object, string, Factory][];
const FACTORIES = new Map<object, Factory>(CLASSES.map(([proto, , f]) => [proto, f]));
const CLASS_NAMES = new Map<object, string>(CLASSES.map(([proto, name]) => [proto, name]));
const FACTORIES_BY_NAME = new Map<string, Factory>(CLASSES.map(([, name, f]) => [name, f]));

/** Everything a replicate stopped at a boundary has simulated: what a fork copies and a warm start stores. */
interface Captured extends Omit<PathwayState, 'arrivals'> {
  arrivalState: ArrivalState;
  values: Float64Array[];
  entries: Float64Array;
  now: number;
  nextYear: number;
  nextEpoch: number;
}

/**
 * One replicate of one scenario: the pathway's state and handlers, driven through the years of
 * the calendar and the scenario's epochs (periods of constant parameters). `fork` copies it at
 * a boundary to continue as another scenario that was identical until then.
 */
export class Replicate extends Pathway {
  private readonly values: Float64Array[];
  private nextYear: number;
  private nextEpoch: number;

  private constructor(
    private readonly settings: ReplicateSettings,
    private epochs: ModelEpoch[],
    private readonly factory: StreamFactory,
    state: PathwayState,
    entries: Float64Array,
    private readonly watchers: Watchers,
    at: { now: number; nextYear: number; nextEpoch: number; values: Float64Array[] },
  ) {
    super(epochs[at.nextEpoch - 1]!.model, settings.scale, at.now, state, entries, allOf([watchers.trace, watchers.diagnostics].filter((w) => w !== null)));
    this.nextEpoch = at.nextEpoch;
    this.entryOffset = (at.nextEpoch - 1) * this.states.length;
    this.nextYear = at.nextYear;
    this.yearIndex = at.nextYear - 1;
    this.values = at.values;
    this.arrivals.setPeriods(epochs, settings.grid, settings.scale);
  }

  /** A replicate at the warm-up start: the initial stocks in place and every arrival process's first arrival drawn. */
  static start(settings: ReplicateSettings, epochs: ModelEpoch[], forkable: boolean): Replicate {
    const { grid, scale } = settings;
    if (forkable && (settings.traceChildren || settings.diagnostics)) throw new Error('a forked replicate cannot be traced or diagnosed');
    const model = epochs[0]!.model;
    const factory = new StreamFactory(settings.seed, settings.replicate, settings.streamSalt ?? '');
    const expected = model.initialStocks().reduce((a, s) => a + s.count * scale, 0) * 2 + 1024;
    const ch = new Children(Math.ceil(expected), YearAccounts.yearMarks(model), model.layout.stride, model.layout.rng);
    const state: PathwayState = {
      ch,
      sim: new Simulator(grid.warmupStart, Math.ceil(expected)),
      acc: new YearAccounts(model, ch, scale, settings.countScale ?? scale, grid.warmupStart),
      resources: model.states.map((s) => (s.kind === Kind.Service ? new Resource(Math.round(s.places * scale)) : null)),
      arrivals: new ArrivalProcesses(factory, model.arrivals.map((a) => a.name), forkable),
    };
    const trace = settings.traceChildren ? new TraceRecorder(settings.traceChildren, factory.stream('trace'), settings.replicate, grid.start, model) : null;
    const diagnostics = settings.diagnostics && model.diagnostics ? new DiagnosticsObserver(model, grid) : null;
    const entries = new Float64Array(epochs.length * model.states.length);
    const r = new Replicate(settings, epochs, factory, state, entries, { trace, diagnostics }, { now: grid.warmupStart, nextYear: 0, nextEpoch: 1, values: [] });
    r.placeInitialStocks();
    model.arrivals.forEach((_, a) => r.arrivals.drawNext(a, grid.warmupStart, r.sim, ARRIVAL));
    return r;
  }

  /** Children already in the system at the warm-up start, with time already spent in their state. */
  private placeInitialStocks(): void {
    const t = this.settings.grid.warmupStart;
    this.model.initialStocks().forEach((stk, k) => {
      const st = this.states[stk.state]!;
      const u = this.factory.stream(`initial:${k}:${st.name}`);
      const n = Math.round(stk.count * this.scale);
      const lengthBiased = st.duration ? lengthBiasedSampler(st.duration.sample, u) : null;
      for (let i = 0; i < n; i++) {
        const age = stk.age.sample(u);
        const id = this.addChild(t - age, u, stk.init);
        let residual = -1;
        if (lengthBiased) {
          const total = lengthBiased();
          residual = total - u() * Math.min(total, age);
        }
        this.enter(id, stk.state, t, 'initial', residual);
      }
    });
  }

  /** Runs to `until` (a boundary day) or to the end of the calendar, closing years and changing epochs on the way. */
  run(until = Infinity): void {
    const { bounds } = this.settings.grid;
    const years = bounds.length - 1;
    while (this.nextYear <= years) {
      const yearDay = bounds[this.nextYear]!;
      const epochDay = this.nextEpoch < this.epochs.length ? Math.max(this.epochs[this.nextEpoch]!.start, this.settings.grid.warmupStart) : Infinity;
      const boundary = Math.min(yearDay, epochDay, until);
      this.sim.runUntil(boundary, this.handler);
      this.now = boundary;
      if (boundary === yearDay) {
        if (this.nextYear > 0) this.values.push(this.acc.closeYear(boundary, this.states, this.model, this.resources));
        if (this.nextYear < years) this.acc.openYear(this.nextYear, boundary, this.states, this.model);
        this.yearIndex = Math.min(this.nextYear, years - 1);
        this.nextYear++;
      }
      if (boundary === until) return;
      if (boundary === epochDay) this.switchModel(this.epochs[this.nextEpoch]!.model, this.nextEpoch++, boundary);
    }
  }

  /** Runs to the end, letting `control` change the epochs at its days. */
  runWith(control: EpochControl | null): void {
    for (const day of control?.days ?? []) {
      if (day < this.now) continue;
      this.run(day);
      const next = control!.decide(day, this.values);
      if (next) this.switchEpochs(next);
    }
    this.run();
  }

  /** Continues with other epochs from now (stopped at a boundary; the epochs before now must be the same). */
  private switchEpochs(epochs: ModelEpoch[]): void {
    this.checkSamePast(epochs);
    const nStates = this.states.length;
    const entries = new Float64Array(epochs.length * nStates);
    entries.set(this.entries.subarray(0, Math.min(this.entries.length, this.nextEpoch * nStates)));
    this.entries = entries;
    this.epochs = epochs;
    this.arrivals.setPeriods(epochs, this.settings.grid, this.settings.scale);
    this.arrivals.redrawPending(this.sim, ARRIVAL);
  }

  private checkSamePast(epochs: ModelEpoch[]): void {
    const nextEpoch = this.nextEpoch;
    if (epochs.slice(1, nextEpoch).some((e, k) => e.start !== this.epochs[k + 1]!.start) || (epochs[nextEpoch]?.start ?? Infinity) < this.now) {
      throw new Error(`cannot change epochs on day ${this.now}: the epochs before it differ`);
    }
  }

  /**
   * A copy of this replicate, stopped at a boundary, that continues as a scenario with `epochs`:
   * the same epochs as this one's until now (the same days and parameters), then its own. Everything
   * simulated so far is copied, the models are shared, and the arrivals pending now are redrawn
   * with its rates.
   */
  fork(epochs: ModelEpoch[]): Replicate {
    this.checkSamePast(epochs);
    const shared = new Set<object>([...this.epochs, ...epochs].map((e) => e.model));
    return Replicate.resume(this.settings, epochs, this.factory, cloneState(this.capture(), shared, FACTORIES));
  }

  /**
   * This replicate, stopped at a boundary, as plain data to store (kernel/snapshot.ts): the models
   * are not stored but named by their epoch's position, so the state can be continued (restore)
   * only with epochs whose models before now are the same.
   */
  save(): unknown {
    return encodeState(this.capture(), this.epochs.slice(0, this.nextEpoch).map((e) => e.model), CLASS_NAMES);
  }

  /** A replicate continued from what `save` stored, as a fork with `epochs` (the same as the saved run's until then). */
  static restore(settings: ReplicateSettings, epochs: ModelEpoch[], stored: unknown): Replicate {
    const captured = decodeState(stored, epochs.map((e) => e.model), FACTORIES_BY_NAME) as Captured;
    return Replicate.resume(settings, epochs, new StreamFactory(settings.seed, settings.replicate, settings.streamSalt ?? ''), captured);
  }

  private capture(): Captured {
    const { arrivals, ...rest } = this.state();
    return { ...rest, arrivalState: arrivals.state, values: this.values, entries: this.entries.slice(0, this.nextEpoch * this.states.length), now: this.now, nextYear: this.nextYear, nextEpoch: this.nextEpoch };
  }

  /** A replicate continuing from a captured state (copied, or restored) with `epochs`: pending arrivals are redrawn at its rates. */
  private static resume(settings: ReplicateSettings, epochs: ModelEpoch[], factory: StreamFactory, c: Captured): Replicate {
    const { arrivalState, values, entries: entriesSoFar, now, nextYear, nextEpoch, ...copied } = c;
    const names = epochs[0]!.model.arrivals.map((a) => a.name);
    const state = { ...copied, arrivals: new ArrivalProcesses(factory, names, true, arrivalState) };
    const entries = new Float64Array(epochs.length * epochs[0]!.model.states.length);
    entries.set(entriesSoFar);
    const r = new Replicate(settings, epochs, factory, state, entries, { trace: null, diagnostics: null }, { now, nextYear, nextEpoch, values });
    r.arrivals.redrawPending(r.sim, ARRIVAL);
    return r;
  }

  /** New parameters from `t`: costs so far are charged at the old rates, then tables and capacities change. */
  private switchModel(model: CompiledModel, epoch: number, t: number): void {
    this.acc.flushCosts(t, this.states, this.model);
    this.model = model;
    this.states = model.states;
    this.entryOffset = epoch * this.states.length;
    for (let s = 0; s < this.states.length; s++) {
      const res = this.resources[s];
      if (res) res.setCapacity(Math.round(this.states[s]!.places * this.scale), this.serviceLive, this.admit);
    }
  }

  output(): ReplicateOutput {
    const { trace, diagnostics } = this.watchers;
    return { values: this.values, events: this.sim.eventsProcessed, pending: this.sim.queue.size, trace: trace ? trace.rows() : [], diagnostics: diagnostics ? diagnostics.finish(this.ch) : null, entriesByEpoch: this.entries, epochStarts: this.epochs.map((e) => e.start) };
  }
}

/**
 * Draws durations from the length-biased distribution (a long spell is more
 * likely to be in progress on a given day), by rejection against a high quantile.
 */
function lengthBiasedSampler(sample: (u: Stream) => number, u: Stream): () => number {
  const probe = Array.from({ length: 2000 }, () => sample(u)).sort((a, b) => a - b);
  const cap = probe[Math.floor(probe.length * 0.995)]!;
  return () => {
    for (let i = 0; i < 1000; i++) {
      const d = sample(u);
      if (u() * cap < Math.min(d, cap)) return d;
    }
    return cap;
  };
}
