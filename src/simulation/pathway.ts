import { FLAGS, LAST_CLOSURE, LAST_REFERRAL_DAY, PENDING_DAY, PENDING_TO, STATE, STATE_ENTRY_DAY, TOKEN, WAITING_BIT } from '../model/childLayout.js';
import { Kind, type CompiledState } from '../model/compiledModel.js';
import { StalledError } from '../kernel/simulator.js';
import { applyChanges, modified } from './attributes.js';
import { AGE_OUT, ARRIVAL, END, GIVE_UP, PathwayBase, RETURN, STEP_UP } from './pathwayBase.js';

export { ARRIVAL } from './pathwayBase.js';

// Local copies: reading enum members or imported bindings in the hot loop costs a property lookup each time.
const DECISION: number = Kind.Decision;
const SERVICE: number = Kind.Service;
const DORMANT: number = Kind.Dormant;
const EXIT: number = Kind.Exit;
const ACTIVITY: number = Kind.Activity;
const TWELVE_MONTHS = 365;
/** Decisions one child may pass through without resting: a loop of decisions that rarely ends (a certain one is refused at compile). */
const DECISIONS_LIMIT = 1_000_000;

/**
 * What happens to children at each event of one replicate: arriving, entering a state (and
 * following decisions until they rest somewhere), starting and finishing a service, waiting,
 * giving up, stepping up, returning after closure and ageing out. It reads the compiled model's
 * tables only; the replicate (replicate.ts) drives the clock, the years and the epochs.
 */
export class Pathway extends PathwayBase {
  protected startService(c: number, s: number, t: number, residual: number): void {
    const st = this.states[s]!;
    const f = this.ch.f;
    const b = c * this.stride;
    f[b + FLAGS] = f[b + FLAGS]! & ~WAITING_BIT;
    this.acc.changeStock(s, 1, t);
    this.acc.groupEntry(c, st.groupMask, t);
    if (st.waitCountMetric >= 0) this.counters[st.waitCountMetric]!++;
    if (st.waitDaysMetric >= 0) this.counters[st.waitDaysMetric]! += t - f[b + STATE_ENTRY_DAY]!;
    f[b + TOKEN]!++;
    if (this.observer?.observes(c)) this.observer.record(c, t, 'service-start', s, s, this.ch);
    this.scheduleSpell(c, t, residual >= 0 ? residual : this.spellLength(c, st), END);
  }

  /** Moves child c into state s at time t (following decisions until it rests somewhere). */
  enter(c: number, s: number, t: number, event: string, residual = -1): void {
    const f = this.ch.f;
    const b = c * this.stride;
    const counters = this.counters;
    const acc = this.acc;
    const states = this.states;
    const observer = this.observer;
    let decisions = 0;
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
      // A child entering a service leaves its groups' count until it starts (startService counts it in again).
      const left = prevMask & ~(st.kind === SERVICE ? 0 : st.groupMask);
      if (left !== 0) acc.groupExit(left, event === 'age-out');
      this.entries[this.entryOffset + s]!++;
      f[b + STATE] = s;
      f[b + TOKEN]!++;
      f[b + STATE_ENTRY_DAY] = t;
      if (observer !== null && observer.observes(c)) observer.record(c, t, event, prev, s, this.ch);
      acc.count(st.entryCounters);
      for (let i = 0; i < st.costPerEntry.length; i++) counters[st.costPerEntry[i]!.metric]! += st.costPerEntry[i]!.amount;
      if (st.referralCounter >= 0) {
        acc.referral(c, st, t - f[b + LAST_REFERRAL_DAY]! <= TWELVE_MONTHS);
        f[b + LAST_REFERRAL_DAY] = t;
      }
      if (st.enterChanges.length > 0) applyChanges(st.enterChanges, f, b);
      if (st.countIf.length > 0) acc.countIf(st.countIf, f, b, t);
      if (st.kind === SERVICE) {
        this.queueOrStart(c, s, st, t, residual);
        return;
      }
      acc.changeStock(s, 1, t);
      const entered = st.groupMask & ~prevMask;
      if (entered) acc.groupEntry(c, entered, t);
      switch (st.kind) {
        case DECISION: {
          if (++decisions > DECISIONS_LIMIT) throw new StalledError(t, DECISIONS_LIMIT, 'decisions in a row for one child');
          if (st.returnDelay !== null) this.drawPending(c, st, t);
          const tr = st.transitions[this.choose(st, c)]!;
          acc.count(tr.counters);
          s = tr.to;
          event = 'decision';
          continue;
        }
        case ACTIVITY:
          this.scheduleSpell(c, t, residual >= 0 ? residual : this.spellLength(c, st), END);
          return;
        case DORMANT:
          this.closeCase(c, s, st, t);
          return;
        case EXIT:
          acc.changeStock(s, -1, t);
          acc.groupExit(st.groupMask, false);
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
    if (st.stepUp && f[b + PENDING_DAY]! > t) this.sim.schedule(f[b + PENDING_DAY]!, STEP_UP, c, 0);
    if (res.tryAcquire()) {
      this.startService(c, s, t, residual);
      return;
    }
    f[b + FLAGS] = f[b + FLAGS]! | WAITING_BIT;
    res.join(c, f[b + TOKEN]!);
    if (st.patience) this.scheduleSpell(c, t, st.patience.sample(this.own(c)), GIVE_UP);
    else if (Number.isFinite(this.model.ageLimitDays)) this.scheduleSpell(c, t, Infinity, GIVE_UP);
  }

  /** A timed spell's length: the state's duration, scaled by the modifiers the child meets. */
  private spellLength(c: number, st: CompiledState): number {
    const x = st.duration!.sample(this.own(c));
    return st.durationModifiers.length === 0 ? x : modified(x, st.durationModifiers, this.ch.f, c * this.stride, this.now);
  }

  /** Draws child c's next return (or none) where state `st` says, to be carried by the states that follow. */
  private drawPending(c: number, st: CompiledState, t: number): void {
    const f = this.ch.f;
    const b = c * this.stride;
    f[b + PENDING_DAY] = NaN;
    const p = st.returnModifiers.length === 0 ? st.returnP : modified(st.returnP, st.returnModifiers, f, b, this.now);
    if (this.ch.drawReturn(c) >= p) return;
    this.drawing = c;
    const delay = st.returnDelay!.sample(this.childReturnU);
    const day = t + (st.returnDelayModifiers.length === 0 ? delay : modified(delay, st.returnDelayModifiers, f, b, this.now));
    if (day < this.ageOutDay(c)) {
      f[b + PENDING_DAY] = day;
      f[b + PENDING_TO] = st.returnTo;
    }
  }

  /** Whether a step-up event at `t` still applies: the child is in a stepping-up service and its pending return is this one. */
  private stepUpLive(c: number, t: number): boolean {
    const f = this.ch.f;
    const b = c * this.stride;
    const s = f[b + STATE]!;
    return s >= 0 && this.states[s]!.stepUp && f[b + PENDING_DAY] === t;
  }

  /** A closed case: the child comes back later (drawn from its return stream) or leaves the model. */
  private closeCase(c: number, s: number, st: CompiledState, t: number): void {
    const f = this.ch.f;
    const b = c * this.stride;
    f[b + LAST_CLOSURE] = s;
    if (!st.returnCarried) this.drawPending(c, st, t);
    else if (f[b + PENDING_DAY]! > t) {
      const keep = st.returnModifiers.length === 0 ? st.returnP : modified(st.returnP, st.returnModifiers, f, b, this.now);
      if (keep < 1 && this.ch.drawReturn(c) >= keep) f[b + PENDING_DAY] = NaN;
    } else f[b + PENDING_DAY] = NaN;
    const day = f[b + PENDING_DAY]!;
    if (day === day) {
      if (day - t <= TWELVE_MONTHS && st.within12mCounter >= 0) this.counters[st.within12mCounter]!++;
      this.sim.schedule(day, RETURN, c, f[b + TOKEN]!);
      return;
    }
    this.acc.changeStock(s, -1, t);
    this.acc.groupExit(st.groupMask, false);
    if (this.observer?.observes(c)) this.observer.record(c, t, 'no-return', s, -1, this.ch);
    this.release(c);
  }

  protected handle(kind: number, c: number, token: number, t: number): void {
    this.now = t;
    if (kind === ARRIVAL) {
      if (token !== this.arrivals.state.token[c]) return; // replaced at a fork
      const a = this.model.arrivals[c]!;
      const age = a.population && this.yearIndex >= 0 ? a.population.age[this.yearIndex]! : a.age;
      const id = this.addChild(t - age.sample(this.arrivals.age[c]!), this.arrivals.seed[c]!, a.init);
      this.enter(id, a.to, t, 'arrival');
      this.arrivals.drawNext(c, t, this.sim, ARRIVAL);
      return;
    }
    const f = this.ch.f;
    const b = c * this.stride;
    if (kind === STEP_UP) {
      if (this.stepUpLive(c, t)) this.stepUp(c, t);
      return;
    }
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
      f[b + PENDING_DAY] = NaN;
      this.enter(c, f[b + PENDING_TO]!, t, 'return');
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

  /** A child waiting for or in a service is referred (its pending return fell due): it leaves the line or frees its place. */
  private stepUp(c: number, t: number): void {
    const f = this.ch.f;
    const b = c * this.stride;
    const s = f[b + STATE]!;
    const waiting = (f[b + FLAGS]! & WAITING_BIT) !== 0;
    if (waiting) this.resources[s]!.leave();
    this.acc.count(this.states[s]!.stepUpCounters);
    f[b + PENDING_DAY] = NaN;
    this.enter(c, f[b + PENDING_TO]!, t, 'step-up');
    if (!waiting) this.resources[s]!.release(this.serviceLive, this.admit);
  }

  private ageOut(c: number, s: number, t: number, freesPlace: boolean): void {
    this.acc.count(this.model.ageOutCounters);
    this.enter(c, this.model.ageOutTo, t, 'age-out');
    if (freesPlace) this.resources[s]!.release(this.serviceLive, this.admit);
  }
}

