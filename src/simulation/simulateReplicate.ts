import { nextPoissonArrival } from '../kernel/arrivals.js';
import { Resource } from '../kernel/resource.js';
import { Simulator } from '../kernel/simulator.js';
import { cloneState, type Factory } from '../kernel/cloneState.js';
import { EventQueue } from '../kernel/eventQueue.js';
import { StreamFactory, type Stream } from '../kernel/streams.js';
import { dateOfDay, type YearGrid } from '../model/calendar.js';
import * as Layout from './children.js';
import { Children } from './children.js';
import { Attr, DAYS_PER_YEAR, Kind, type CompiledModel, type CompiledState, type Modifier } from '../model/compileModel.js';

// Local copies: reading enum members or imported bindings in the hot loop costs a property lookup each time.
const DECISION: number = Kind.Decision;
const ACTIVITY: number = Kind.Activity;
const SERVICE: number = Kind.Service;
const DORMANT: number = Kind.Dormant;
const EXIT: number = Kind.Exit;
const HAD_EARLY_HELP: number = Attr.HadEarlyHelp;
const PREVIOUS_REFERRALS: number = Attr.PreviousReferrals;
const YEAR_DAYS: number = DAYS_PER_YEAR;
const STRIDE: number = Layout.STRIDE;
const BIRTH_DAY: number = Layout.BIRTH_DAY;
const LAST_REFERRAL_DAY: number = Layout.LAST_REFERRAL_DAY;
const STATE_ENTRY_DAY: number = Layout.STATE_ENTRY_DAY;
const TOKEN: number = Layout.TOKEN;
const STATE: number = Layout.STATE;
const PREV_REFS: number = Layout.PREVIOUS_REFERRALS;
const FLAGS: number = Layout.FLAGS;
const LAST_CLOSURE: number = Layout.LAST_CLOSURE;
const HAD_EARLY_HELP_BIT: number = Layout.HAD_EARLY_HELP_BIT;
const WAITING_BIT: number = Layout.WAITING_BIT;
import { TraceRecorder, type TraceRow } from './trace.js';
import { YearAccounts } from './yearAccounts.js';

/** A compiled model in force from day `start` (the first epoch's start is ignored: it runs from the warm-up). */
export interface ModelEpoch {
  start: number;
  model: CompiledModel;
}

export interface ReplicateInput {
  /** One compiled model per period of constant parameters, in time order (same model file, so same states). */
  epochs: ModelEpoch[];
  grid: YearGrid;
  seed: number;
  replicate: number;
  /** Fraction of children simulated; counts are divided by it. */
  scale: number;
  /** Number of children whose full history is recorded. */
  traceChildren?: number;
  /** Empty for common random numbers across scenarios; otherwise streams are salted with it. */
  streamSalt?: string;
  /**
   * Also simulate a second scenario that is identical to this one before `day` (same model file
   * and parameters; its own epochs all start on or after `day`): the run is copied at `day` and
   * continued with `epochs`. Its results are exactly those of running it alone, for the cost of
   * the part after `day` (see forkDay in pipeline.ts for when this holds).
   */
  fork?: { day: number; epochs: ModelEpoch[] };
}

export interface ReplicateOutput {
  /** values[year][metric], metrics in the order of outputMetrics(model). */
  values: Float64Array[];
  events: number;
  trace: TraceRow[];
  /** entries[epoch * states + state]: children entering each state in each epoch (evidence that levers were read). */
  entriesByEpoch: Float64Array;
  /** The forked scenario's results, when `fork` was given. */
  forked?: ReplicateOutput;
}

const ARRIVAL = 0;
const END = 1;
const GIVE_UP = 2;
const RETURN = 3;
const AGE_OUT = 4;
const TWELVE_MONTHS = 365;

/** The metrics a replicate reports, in order: counters, then derived, then cost_total, then costs by payer. */
export function outputMetrics(model: CompiledModel): string[] {
  return [...model.metrics, ...model.derived.map((d) => d.name), 'cost_total', ...model.payers.map((p) => p.name)];
}

/** How cloneState rebuilds each class of a replicate's state (see cloneState for why). */
const FACTORIES = new Map<object, Factory>([
  [Children.prototype, (o: Children) => new Children(1, o.yearMark.length)],
  [Simulator.prototype, (o: Simulator) => new Simulator(o.now, 16)],
  [EventQueue.prototype, (o: EventQueue) => new EventQueue(16, 0, o.width)],
  [YearAccounts.prototype, (o: YearAccounts) => o.emptyLike()],
  [Resource.prototype, (o: Resource) => new Resource(o.capacity)],
] as [object, Factory][]);

/** Simulates one replicate of a compiled model and returns its yearly metrics. */
export function simulateReplicate(input: ReplicateInput): ReplicateOutput {
  const { grid, scale } = input;
  let epochs = input.epochs;
  let model = epochs[0]!.model;
  let states = model.states;
  const nStates = states.length;
  const factory = new StreamFactory(input.seed, input.replicate, input.streamSalt ?? '');
  // Processes have their own streams; each child then draws from a stream of its own (Children.draw).
  const forking = input.fork !== undefined;
  if (forking && input.traceChildren) throw new Error('a forked replicate cannot be traced');
  // Arrival processes draw from streams of their own. When forking, each stream counts its draws,
  // so that a copy can be brought to any earlier position by replaying it from its seed (cheap: a
  // few milliseconds) instead of saving the generator's state at every draw.
  const nArrivals = model.arrivals.length;
  const arrivalNames = (part: string) => model.arrivals.map((a) => `arrival:${a.name}:${part}`);
  let drawCounts = new Float64Array(3 * nArrivals); // gap, age, child seed, per process
  const counted = (names: string[], offset: number, skip?: ArrayLike<number>): Stream[] =>
    names.map((name, a) => {
      const raw = forking ? factory.freshStream(name) : factory.stream(name);
      if (!forking) return raw;
      const slot = offset + a;
      for (let i = 0; i < (skip?.[slot] ?? 0); i++) raw();
      return () => {
        drawCounts[slot]!++;
        return raw();
      };
    });
  let arrivalStream: Stream[] = counted(arrivalNames('gap'), 0);
  let arrivalAgeStream: Stream[] = counted(arrivalNames('age'), nArrivals);
  let arrivalSeedStream: Stream[] = counted(arrivalNames('child'), 2 * nArrivals);
  // For forking: each arrival process's pending draw (when it was made, the gap stream's draw
  // count before it, and the time it gave), and a token that retires a pending arrival replaced at a fork.
  let lastDrawAt = new Float64Array(nArrivals);
  let gapDrawsBefore = new Float64Array(nArrivals);
  let pendingAt = new Float64Array(nArrivals).fill(Infinity);
  let arrivalToken = new Int32Array(nArrivals);
  const drawArrival = (a: number, t: number): void => {
    if (forking) {
      lastDrawAt[a] = t;
      gapDrawsBefore[a] = drawCounts[a]!;
    }
    const next = nextPoissonArrival(arrivalStream[a]!, t, bounds, rates[a]!);
    pendingAt[a] = next;
    if (next < Infinity) sim.schedule(next, ARRIVAL, a, arrivalToken[a]!);
  };

  const expected = model.initialStocks.reduce((a, s) => a + s.count * scale, 0) * 2 + 1024;
  let ch = new Children(Math.ceil(expected), YearAccounts.markGroups(model));
  let sim = new Simulator(grid.warmupStart, Math.ceil(expected));
  const tracer = input.traceChildren ? new TraceRecorder(input.traceChildren, factory.stream('trace'), input.replicate, grid.start, model) : null;

  let acc = new YearAccounts(model, ch, scale, grid.warmupStart);
  let counters = acc.counters;
  let resources = states.map((s) => (s.kind === SERVICE ? new Resource(Math.round(s.places * scale)) : null));
  let entriesByEpoch = new Float64Array(epochs.length * nStates);
  let entryOffset = 0;
  const ageLimit = model.ageLimitDays;
  let now = grid.warmupStart;

  const changeStock = (s: number, delta: number, t: number) => acc.changeStock(s, delta, t);

  const applies = (m: Modifier, c: number): boolean => {
    const f = ch.f;
    const b = c * STRIDE;
    const v =
      m.attr === HAD_EARLY_HELP ? f[b + FLAGS]! & HAD_EARLY_HELP_BIT : m.attr === PREVIOUS_REFERRALS ? f[b + PREV_REFS]! : (now - f[b + BIRTH_DAY]!) / YEAR_DAYS;
    return m.op === 0 ? v === m.value : m.op === 1 ? v >= m.value : v < m.value;
  };

  /** The current child's own stream, as a Stream for the samplers (one closure, no allocation per draw). */
  let drawing = 0;
  const childU: Stream = () => ch.draw(drawing);
  const childReturnU: Stream = () => ch.drawReturn(drawing);
  const own = (c: number): Stream => {
    drawing = c;
    return childU;
  };
  const ownReturn = (c: number): Stream => {
    drawing = c;
    return childReturnU;
  };

  const choose = (st: CompiledState, c: number): number => {
    const trs = st.transitions;
    const u = ch.draw(c);
    let acc = 0;
    const last = trs.length - 1;
    for (let i = 0; i < last; i++) {
      const tr = trs[i]!;
      let p = tr.p;
      for (let k = 0; k < tr.modifiers.length; k++) if (applies(tr.modifiers[k]!, c)) p *= tr.modifiers[k]!.factor;
      acc += p;
      if (u < acc) return i;
    }
    return last;
  };

  const countAll = (list: number[]) => acc.count(list);
  const groupEntry = (c: number, entered: number) => acc.groupEntry(c, entered);

  const ageOutDay = (c: number) => ch.f[c * STRIDE + BIRTH_DAY]! + ageLimit;

  /** Schedules the end of a timed spell, or ageing out if that comes first. */
  const scheduleSpell = (c: number, t: number, length: number, kind: number) => {
    const end = t + length;
    const limit = ageOutDay(c);
    const token = ch.f[c * STRIDE + TOKEN]!;
    if (end >= limit) sim.schedule(Math.max(limit, t), AGE_OUT, c, token);
    else sim.schedule(end, kind, c, token);
  };

  const release = (c: number) => {
    if (tracer) tracer.forget(c);
    ch.release(c);
  };

  const serviceLive = (id: number, ticket: number) => {
    const b = id * STRIDE;
    return ch.f[b + TOKEN] === ticket && (ch.f[b + FLAGS]! & WAITING_BIT) !== 0;
  };
  const admit = (id: number) => startService(id, ch.f[id * STRIDE + STATE]!, now, -1);

  function startService(c: number, s: number, t: number, residual: number): void {
    const st = states[s]!;
    const f = ch.f;
    const b = c * STRIDE;
    f[b + FLAGS] = f[b + FLAGS]! & ~WAITING_BIT;
    changeStock(s, 1, t);
    groupEntry(c, st.groupMask);
    if (st.waitCountMetric >= 0) counters[st.waitCountMetric]!++;
    if (st.waitDaysMetric >= 0) counters[st.waitDaysMetric]! += t - f[b + STATE_ENTRY_DAY]!;
    f[b + TOKEN]!++;
    if (tracer?.isTraced(c)) tracer.record(c, t, 'service-start', s, s, ch);
    scheduleSpell(c, t, residual >= 0 ? residual : st.duration!.sample(own(c)), END);
  }

  /** Moves child c into state s at time t (following decisions until it rests somewhere). */
  function enter(c: number, s: number, t: number, event: string, residual = -1): void {
    const f = ch.f;
    const b = c * STRIDE;
    for (;;) {
      const prev = f[b + STATE]!;
      let prevMask = 0;
      if (prev >= 0) {
        const flags = f[b + FLAGS]!;
        if (flags & WAITING_BIT) f[b + FLAGS] = flags & ~WAITING_BIT;
        else {
          changeStock(prev, -1, t);
          prevMask = states[prev]!.groupMask;
        }
      }
      const st = states[s]!;
      entriesByEpoch[entryOffset + s]!++;
      f[b + STATE] = s;
      f[b + TOKEN]!++;
      f[b + STATE_ENTRY_DAY] = t;
      if (tracer?.isTraced(c)) tracer.record(c, t, event, prev, s, ch);
      countAll(st.entryCounters);
      for (let i = 0; i < st.costPerEntry.length; i++) counters[st.costPerEntry[i]!.metric]! += st.costPerEntry[i]!.amount;
      if (st.referralCounter >= 0) {
        counters[st.referralCounter]!++;
        if (t - f[b + LAST_REFERRAL_DAY]! <= TWELVE_MONTHS) counters[st.rereferralCounter]!++;
        f[b + LAST_REFERRAL_DAY] = t;
        f[b + PREV_REFS]!++;
      }
      if (st.kind === SERVICE) {
        const res = resources[s]!;
        if (res.tryAcquire()) {
          startService(c, s, t, residual);
          return;
        }
        f[b + FLAGS] = f[b + FLAGS]! | WAITING_BIT;
        res.join(c, f[b + TOKEN]!);
        if (st.patience) scheduleSpell(c, t, st.patience.sample(own(c)), GIVE_UP);
        else if (Number.isFinite(ageLimit)) scheduleSpell(c, t, Infinity, GIVE_UP);
        return;
      }
      changeStock(s, 1, t);
      const entered = st.groupMask & ~prevMask;
      if (entered) groupEntry(c, entered);
      switch (st.kind) {
        case DECISION: {
          const tr = st.transitions[choose(st, c)]!;
          countAll(tr.counters);
          s = tr.to;
          event = 'decision';
          continue;
        }
        case ACTIVITY:
          scheduleSpell(c, t, residual >= 0 ? residual : st.duration!.sample(own(c)), END);
          return;
        case DORMANT: {
          f[b + LAST_CLOSURE] = s;
          let p = st.returnP;
          for (let k = 0; k < st.returnModifiers.length; k++) if (applies(st.returnModifiers[k]!, c)) p *= st.returnModifiers[k]!.factor;
          if (ch.drawReturn(c) < p) {
            const delay = st.returnDelay!.sample(ownReturn(c));
            if (t + delay < ageOutDay(c)) {
              if (delay <= TWELVE_MONTHS && st.within12mCounter >= 0) counters[st.within12mCounter]!++;
              sim.schedule(t + delay, RETURN, c, f[b + TOKEN]!);
              return;
            }
          }
          changeStock(s, -1, t);
          if (tracer?.isTraced(c)) tracer.record(c, t, 'no-return', s, -1, ch);
          release(c);
          return;
        }
        case EXIT:
          changeStock(s, -1, t);
          release(c);
          return;
      }
    }
  }

  const handle = (kind: number, c: number, token: number, t: number): void => {
    now = t;
    if (kind === ARRIVAL) {
      if (token !== arrivalToken[c]) return; // replaced at a fork
      const a = model.arrivals[c]!;
      const id = ch.add(t - a.age.sample(arrivalAgeStream[c]!), a.previousReferrals, false, arrivalSeedStream[c]!);
      if (tracer) tracer.consider(id, ch);
      enter(id, a.to, t, 'arrival');
      drawArrival(c, t);
      return;
    }
    const b = c * STRIDE;
    if (ch.f[b + TOKEN] !== token) return; // stale: the child has moved on since this was scheduled
    const s = ch.f[b + STATE]!;
    const st = states[s]!;
    if (kind === END) {
      countAll(st.completionCounters);
      if (st.kind === SERVICE) {
        if (st.setHadEarlyHelp) ch.f[b + FLAGS] = ch.f[b + FLAGS]! | HAD_EARLY_HELP_BIT;
        const tr = st.transitions[choose(st, c)]!;
        countAll(tr.counters);
        enter(c, tr.to, t, 'complete');
        resources[s]!.release(serviceLive, admit);
      } else {
        const tr = st.transitions[choose(st, c)]!;
        countAll(tr.counters);
        enter(c, tr.to, t, 'complete');
      }
    } else if (kind === RETURN) {
      enter(c, st.returnTo, t, 'return');
    } else if (kind === GIVE_UP) {
      const res = resources[s]!;
      res.leave();
      if (st.giveUpTo >= 0) {
        countAll(st.giveUpCounters);
        enter(c, st.giveUpTo, t, 'give-up');
      } else ageOut(c, s, t, false);
    } else if (kind === AGE_OUT) {
      const wasWaiting = (ch.f[b + FLAGS]! & WAITING_BIT) !== 0;
      if (st.kind === SERVICE && wasWaiting) resources[s]!.leave();
      ageOut(c, s, t, st.kind === SERVICE && !wasWaiting);
    }
  };

  function ageOut(c: number, s: number, t: number, freesPlace: boolean): void {
    countAll(model.ageOutCounters);
    enter(c, model.ageOutTo, t, 'age-out');
    if (freesPlace) resources[s]!.release(serviceLive, admit);
  }

  // Arrival rates are constant within each period between year and epoch boundaries.
  const arrivalPeriods = (epochs: ModelEpoch[]) => {
    const epochStarts = epochs.slice(1).map((e) => e.start);
    const bounds = [...new Set([grid.warmupStart, ...grid.bounds, ...epochStarts.filter((d) => d > grid.warmupStart && d < grid.bounds.at(-1)!)])].sort((a, b) => a - b);
    const epochAt = (day: number) => {
      let k = 0;
      while (k + 1 < epochs.length && epochs[k + 1]!.start <= day) k++;
      return k;
    };
    const rates = epochs[0]!.model.arrivals.map((_, a) => Float64Array.from(bounds.slice(0, -1), (d) => epochs[epochAt(d)]!.model.arrivals[a]!.ratePerDay * scale));
    return { bounds, rates };
  };
  let { bounds, rates } = arrivalPeriods(epochs);

  // Children already in the system at the warm-up start, with time already spent in their state.
  model.initialStocks.forEach((stk, k) => {
    const u = factory.stream(`initial:${k}:${states[stk.state]!.name}`);
    const n = Math.round(stk.count * scale);
    const st = states[stk.state]!;
    const lengthBiased = st.duration ? lengthBiasedSampler(st.duration.sample, u) : null;
    for (let i = 0; i < n; i++) {
      const age = stk.age.sample(u);
      const t = grid.warmupStart;
      const id = ch.add(t - age, stk.previousReferrals, stk.hadEarlyHelp, u);
      if (tracer) tracer.consider(id, ch);
      let residual = -1;
      if (lengthBiased) {
        const total = lengthBiased();
        residual = total - u() * Math.min(total, age);
      }
      enter(id, stk.state, t, 'initial', residual);
    }
  });
  model.arrivals.forEach((_, a) => drawArrival(a, grid.warmupStart));

  let values: Float64Array[] = [];
  const years = grid.labels.length;
  let nextYear = 0;
  let nextEpoch = 1;
  let forkDay = input.fork ? input.fork.day : Infinity;
  let saved: (() => void) | null = null;
  const runToEnd = () => {
    while (nextYear <= years) {
      const yearDay = grid.bounds[nextYear]!;
      const epochDay = nextEpoch < epochs.length ? Math.max(epochs[nextEpoch]!.start, grid.warmupStart) : Infinity;
      const boundary = Math.min(yearDay, epochDay, forkDay);
      sim.runUntil(boundary, handle);
      now = boundary;
      if (boundary === yearDay) {
        if (nextYear > 0) values.push(acc.closeYear(boundary, states, model, resources));
        if (nextYear < years) acc.openYear(nextYear, boundary, states, model);
        nextYear++;
      }
      if (boundary === forkDay) {
        saved = snapshot();
        forkDay = Infinity;
      }
      if (boundary === epochDay) switchEpoch(nextEpoch++, boundary);
    }
  };

  /** Copies everything the run has done so far; calling the result resumes from here with the fork's epochs. */
  function snapshot(): () => void {
    const shared = new Set<object>([...epochs, ...input.fork!.epochs].map((e) => e.model));
    const memo = new Map<object, unknown>();
    const state = cloneState({ ch, sim, acc, resources, entries: entriesByEpoch.slice(0, nStates), lastDrawAt, gapDrawsBefore, pendingAt, arrivalToken, drawCounts }, shared, FACTORIES, memo);
    const valuesSoFar = values.slice();
    const at = { nextYear, now };
    return () => {
      ch = state.ch;
      sim = state.sim;
      acc = state.acc;
      counters = acc.counters;
      resources = state.resources;
      lastDrawAt = state.lastDrawAt;
      gapDrawsBefore = state.gapDrawsBefore;
      pendingAt = state.pendingAt;
      arrivalToken = state.arrivalToken;
      values = valuesSoFar;
      ({ nextYear, now } = at);
      epochs = input.fork!.epochs;
      model = epochs[0]!.model;
      states = model.states;
      entryOffset = 0;
      nextEpoch = 1; // the fork's first epoch change is on the fork day or later
      entriesByEpoch = new Float64Array(epochs.length * nStates);
      entriesByEpoch.set(state.entries);
      ({ bounds, rates } = arrivalPeriods(epochs));
      // Streams at the positions they had at the fork; the gap streams one draw back, so that
      // each pending arrival is redrawn as the fork's own run drew it: from the same position
      // and time, with the fork's arrival periods and rates (which may differ after the fork day).
      const positions = Float64Array.from(state.drawCounts);
      positions.set(gapDrawsBefore, 0);
      drawCounts = positions.slice();
      arrivalStream = counted(arrivalNames('gap'), 0, positions);
      arrivalAgeStream = counted(arrivalNames('age'), nArrivals, positions);
      arrivalSeedStream = counted(arrivalNames('child'), 2 * nArrivals, positions);
      const pending = Float64Array.from(pendingAt);
      model.arrivals.forEach((_, a) => {
        const next = nextPoissonArrival(arrivalStream[a]!, lastDrawAt[a]!, bounds, rates[a]!);
        if (next === pending[a]) return;
        arrivalToken[a]!++;
        pendingAt[a] = next;
        if (next < Infinity) sim.schedule(next, ARRIVAL, a, arrivalToken[a]!);
      });
    };
  }
  runToEnd();

  /** New parameters from `t`: costs so far are charged at the old rates, then tables and capacities change. */
  function switchEpoch(k: number, t: number): void {
    acc.flushCosts(t, states, model);
    model = epochs[k]!.model;
    states = model.states;
    entryOffset = k * nStates;
    for (let s = 0; s < nStates; s++) {
      const res = resources[s];
      if (res) res.setCapacity(Math.round(states[s]!.places * scale), serviceLive, admit);
    }
  }


  const main: ReplicateOutput = { values, events: sim.eventsProcessed, trace: tracer ? tracer.rows() : [], entriesByEpoch };
  if (!input.fork) return main;
  if (!saved) throw new Error(`fork day ${input.fork.day} was never reached`);
  (saved as () => void)();
  runToEnd();
  return { ...main, forked: { values, events: sim.eventsProcessed, trace: [], entriesByEpoch } };
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

export { dateOfDay };
