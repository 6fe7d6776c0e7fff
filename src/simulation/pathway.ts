import type { Resource } from '../kernel/resource.js';
import type { Simulator } from '../kernel/simulator.js';
import type { Stream } from '../kernel/streams.js';
import { BIRTH_DAY, FLAGS, LAST_CLOSURE, LAST_REFERRAL_DAY, STATE, STATE_ENTRY_DAY, TOKEN, WAITING_BIT } from '../model/childLayout.js';
import { Kind, type AttributeInit, type CompiledModel, type CompiledState } from '../model/compiledModel.js';
import type { ArrivalProcesses } from './arrivalProcesses.js';
import { applyChanges, modified, setAttribute } from './attributes.js';
import type { Children } from './children.js';
import type { ChildObserver } from './observer.js';
import type { YearAccounts } from './yearAccounts.js';

// Local copies: reading enum members or imported bindings in the hot loop costs a property lookup each time.
const DECISION: number = Kind.Decision;
const ACTIVITY: number = Kind.Activity;
const SERVICE: number = Kind.Service;
const DORMANT: number = Kind.Dormant;
const EXIT: number = Kind.Exit;
const TWELVE_MONTHS = 365;

/** Event kinds. */
export const ARRIVAL = 0;
const END = 1, GIVE_UP = 2, RETURN = 3, AGE_OUT = 4;

/** The mutable state of a replicate: what a fork copies (see Replicate.fork). */
export interface PathwayState {
  ch: Children;
  sim: Simulator;
  acc: YearAccounts;
  resources: (Resource | null)[];
  arrivals: ArrivalProcesses;
}

/**
 * What happens to children at each event of one replicate: arriving, entering a state (and
 * following decisions until they rest somewhere), starting and finishing a service, waiting,
 * giving up, returning after closure and ageing out. It reads the compiled model's tables
 * only; the replicate (replicate.ts) drives the clock, the years and the epochs.
 */
export class Pathway {
  model: CompiledModel;
  states: CompiledState[];
  ch: Children;
  sim: Simulator;
  acc: YearAccounts;
  counters: Float64Array;
  resources: (Resource | null)[];
  arrivals: ArrivalProcesses;
  /** entries[epoch * states + state]: children entering each state in each epoch. */
  entries: Float64Array;
  entryOffset = 0;
  now: number;
  observer: ChildObserver | null;
  readonly scale: number;
  /** Doubles per child record (the model's layout). */
  protected readonly stride: number;
  /** Handles one event; bound once, for the simulator's loop. */
  readonly handler: (kind: number, subject: number, token: number, time: number) => void;
  /** The child whose stream childU and childReturnU draw from (so samplers take them without allocating). */
  private drawing = 0;
  private readonly childU: Stream;
  private readonly childReturnU: Stream;
  /** Whether a waiting child still holds its place in line, and admitting one to a freed place (for the services' capacity). */
  protected readonly serviceLive: (id: number, ticket: number) => boolean;
  protected readonly admit: (id: number) => void;

  constructor(model: CompiledModel, scale: number, now: number, state: PathwayState, entries: Float64Array, observer: ChildObserver | null) {
    this.model = model;
    this.states = model.states;
    this.scale = scale;
    this.now = now;
    this.ch = state.ch;
    this.stride = state.ch.stride;
    this.sim = state.sim;
    this.acc = state.acc;
    this.counters = state.acc.counters;
    this.resources = state.resources;
    this.arrivals = state.arrivals;
    this.entries = entries;
    this.observer = observer;
    this.handler = (kind, c, token, t) => this.handle(kind, c, token, t);
    this.childU = () => this.ch.draw(this.drawing);
    this.childReturnU = () => this.ch.drawReturn(this.drawing);
    this.serviceLive = (id, ticket) => {
      const b = id * this.stride;
      return this.ch.f[b + TOKEN] === ticket && (this.ch.f[b + FLAGS]! & WAITING_BIT) !== 0;
    };
    this.admit = (id) => this.startService(id, this.ch.f[id * this.stride + STATE]!, this.now, -1);
  }

  /** The mutable state, for a fork to copy. */
  state(): PathwayState {
    return { ch: this.ch, sim: this.sim, acc: this.acc, resources: this.resources, arrivals: this.arrivals };
  }

  /** A new child born on `birthDay`, with its attributes' starting values; returns its slot. */
  addChild(birthDay: number, seed: Stream, init: AttributeInit[]): number {
    const id = this.ch.add(birthDay, seed);
    const f = this.ch.f;
    const b = id * this.stride;
    for (let i = 0; i < init.length; i++) {
      const x = init[i]!;
      setAttribute(f, b, x, x.draw ? x.draw(this.own(id)) : x.value);
    }
    if (this.observer) this.observer.consider(id, this.ch);
    return id;
  }

  /** Child c's path stream. */
  private own(c: number): Stream {
    this.drawing = c;
    return this.childU;
  }

  /** The transition a child takes out of a state (the last one takes what the others leave). */
  private choose(st: CompiledState, c: number): number {
    const trs = st.transitions;
    const u = this.ch.draw(c);
    let acc = 0;
    const last = trs.length - 1;
    for (let i = 0; i < last; i++) {
      const tr = trs[i]!;
      acc += tr.modifiers.length === 0 ? tr.p : modified(tr.p, tr.modifiers, this.ch.f, c * this.stride, this.now);
      if (u < acc) return i;
    }
    return last;
  }

  /** Schedules the end of a timed spell, or ageing out if that comes first. */
  private scheduleSpell(c: number, t: number, length: number, kind: number): void {
    const end = t + length;
    const limit = this.ageOutDay(c);
    const token = this.ch.f[c * this.stride + TOKEN]!;
    if (end >= limit) this.sim.schedule(Math.max(limit, t), AGE_OUT, c, token);
    else this.sim.schedule(end, kind, c, token);
  }

  private ageOutDay(c: number): number {
    return this.ch.f[c * this.stride + BIRTH_DAY]! + this.model.ageLimitDays;
  }

  private release(c: number): void {
    if (this.observer) this.observer.forget(c);
    this.ch.release(c);
  }

  private startService(c: number, s: number, t: number, residual: number): void {
    const st = this.states[s]!;
    const f = this.ch.f;
    const b = c * this.stride;
    f[b + FLAGS] = f[b + FLAGS]! & ~WAITING_BIT;
    this.acc.changeStock(s, 1, t);
    this.acc.groupEntry(c, st.groupMask);
    if (st.waitCountMetric >= 0) this.counters[st.waitCountMetric]!++;
    if (st.waitDaysMetric >= 0) this.counters[st.waitDaysMetric]! += t - f[b + STATE_ENTRY_DAY]!;
    f[b + TOKEN]!++;
    if (this.observer?.observes(c)) this.observer.record(c, t, 'service-start', s, s, this.ch);
    this.scheduleSpell(c, t, residual >= 0 ? residual : st.duration!.sample(this.own(c)), END);
  }

  /** Moves child c into state s at time t (following decisions until it rests somewhere). */
  enter(c: number, s: number, t: number, event: string, residual = -1): void {
    const f = this.ch.f;
    const b = c * this.stride;
    const counters = this.counters;
    const acc = this.acc;
    const states = this.states;
    const observer = this.observer;
    for (;;) {
      const prev = f[b + STATE]!;
      let prevMask = 0;
      if (prev >= 0) {
        const flags = f[b + FLAGS]!;
        if (flags & WAITING_BIT) f[b + FLAGS] = flags & ~WAITING_BIT;
        else {
          acc.changeStock(prev, -1, t);
          prevMask = states[prev]!.groupMask;
        }
      }
      const st = states[s]!;
      this.entries[this.entryOffset + s]!++;
      f[b + STATE] = s;
      f[b + TOKEN]!++;
      f[b + STATE_ENTRY_DAY] = t;
      if (observer !== null && observer.observes(c)) observer.record(c, t, event, prev, s, this.ch);
      acc.count(st.entryCounters);
      for (let i = 0; i < st.costPerEntry.length; i++) counters[st.costPerEntry[i]!.metric]! += st.costPerEntry[i]!.amount;
      if (st.referralCounter >= 0) {
        counters[st.referralCounter]!++;
        if (t - f[b + LAST_REFERRAL_DAY]! <= TWELVE_MONTHS) counters[st.rereferralCounter]!++;
        f[b + LAST_REFERRAL_DAY] = t;
      }
      if (st.enterChanges.length > 0) applyChanges(st.enterChanges, f, b);
      if (st.kind === SERVICE) {
        this.queueOrStart(c, s, st, t, residual);
        return;
      }
      acc.changeStock(s, 1, t);
      const entered = st.groupMask & ~prevMask;
      if (entered) acc.groupEntry(c, entered);
      switch (st.kind) {
        case DECISION: {
          const tr = st.transitions[this.choose(st, c)]!;
          acc.count(tr.counters);
          s = tr.to;
          event = 'decision';
          continue;
        }
        case ACTIVITY:
          this.scheduleSpell(c, t, residual >= 0 ? residual : st.duration!.sample(this.own(c)), END);
          return;
        case DORMANT:
          this.closeCase(c, s, st, t);
          return;
        case EXIT:
          acc.changeStock(s, -1, t);
          this.release(c);
          return;
      }
    }
  }

  /** A child entering a service starts at once if a place is free; otherwise it waits (and may give up). */
  private queueOrStart(c: number, s: number, st: CompiledState, t: number, residual: number): void {
    const f = this.ch.f;
    const b = c * this.stride;
    const res = this.resources[s]!;
    if (res.tryAcquire()) {
      this.startService(c, s, t, residual);
      return;
    }
    f[b + FLAGS] = f[b + FLAGS]! | WAITING_BIT;
    res.join(c, f[b + TOKEN]!);
    if (st.patience) this.scheduleSpell(c, t, st.patience.sample(this.own(c)), GIVE_UP);
    else if (Number.isFinite(this.model.ageLimitDays)) this.scheduleSpell(c, t, Infinity, GIVE_UP);
  }

  /** A closed case: the child comes back later (drawn from its return stream) or leaves the model. */
  private closeCase(c: number, s: number, st: CompiledState, t: number): void {
    const f = this.ch.f;
    const b = c * this.stride;
    f[b + LAST_CLOSURE] = s;
    const p = st.returnModifiers.length === 0 ? st.returnP : modified(st.returnP, st.returnModifiers, f, b, this.now);
    if (this.ch.drawReturn(c) < p) {
      this.drawing = c;
      const delay = st.returnDelay!.sample(this.childReturnU);
      if (t + delay < this.ageOutDay(c)) {
        if (delay <= TWELVE_MONTHS && st.within12mCounter >= 0) this.counters[st.within12mCounter]!++;
        this.sim.schedule(t + delay, RETURN, c, f[b + TOKEN]!);
        return;
      }
    }
    this.acc.changeStock(s, -1, t);
    if (this.observer?.observes(c)) this.observer.record(c, t, 'no-return', s, -1, this.ch);
    this.release(c);
  }

  private handle(kind: number, c: number, token: number, t: number): void {
    this.now = t;
    if (kind === ARRIVAL) {
      if (token !== this.arrivals.state.token[c]) return; // replaced at a fork
      const a = this.model.arrivals[c]!;
      const id = this.addChild(t - a.age.sample(this.arrivals.age[c]!), this.arrivals.seed[c]!, a.init);
      this.enter(id, a.to, t, 'arrival');
      this.arrivals.drawNext(c, t, this.sim, ARRIVAL);
      return;
    }
    const f = this.ch.f;
    const b = c * this.stride;
    if (f[b + TOKEN] !== token) return; // stale: the child has moved on since this was scheduled
    const s = f[b + STATE]!;
    const st = this.states[s]!;
    if (kind === END) {
      this.acc.count(st.completionCounters);
      if (st.completeChanges.length > 0) applyChanges(st.completeChanges, f, b);
      const tr = st.transitions[this.choose(st, c)]!;
      this.acc.count(tr.counters);
      this.enter(c, tr.to, t, 'complete');
      if (st.kind === SERVICE) this.resources[s]!.release(this.serviceLive, this.admit);
    } else if (kind === RETURN) {
      this.enter(c, st.returnTo, t, 'return');
    } else if (kind === GIVE_UP) {
      this.resources[s]!.leave();
      if (st.giveUpTo >= 0) {
        this.acc.count(st.giveUpCounters);
        this.enter(c, st.giveUpTo, t, 'give-up');
      } else this.ageOut(c, s, t, false);
    } else if (kind === AGE_OUT) {
      const wasWaiting = (f[b + FLAGS]! & WAITING_BIT) !== 0;
      if (st.kind === SERVICE && wasWaiting) this.resources[s]!.leave();
      this.ageOut(c, s, t, st.kind === SERVICE && !wasWaiting);
    }
  }

  private ageOut(c: number, s: number, t: number, freesPlace: boolean): void {
    this.acc.count(this.model.ageOutCounters);
    this.enter(c, this.model.ageOutTo, t, 'age-out');
    if (freesPlace) this.resources[s]!.release(this.serviceLive, this.admit);
  }
}
