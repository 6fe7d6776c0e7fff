import type { Resource } from '../kernel/resource.js';
import type { Simulator } from '../kernel/simulator.js';
import type { Stream } from '../kernel/streams.js';
import { BIRTH_DAY, FLAGS, STATE, TOKEN, WAITING_BIT } from '../model/childLayout.js';
import type { AttributeInit, CompiledModel, CompiledState } from '../model/compiledModel.js';
import type { ArrivalProcesses } from './arrivalProcesses.js';
import { modified, setAttribute } from './attributes.js';
import type { Children } from './children.js';
import type { PathwayState } from './pathwayState.js';
import type { ChildObserver } from './observer.js';
import type { YearAccounts } from './yearAccounts.js';

/** Event kinds. */
export const ARRIVAL = 0;
export const END = 1, GIVE_UP = 2, RETURN = 3, AGE_OUT = 4, STEP_UP = 5;


/**
 * The records a replicate keeps and the small operations every handler uses: adding a child,
 * drawing from its streams, choosing a transition and scheduling the end of a timed spell. The
 * handlers themselves are in pathway.ts.
 */
export abstract class PathwayBase {
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
  /** The reported year now running (-1 in the warm-up). */
  yearIndex = -1;
  observer: ChildObserver | null;
  readonly scale: number;
  /** Doubles per child record (the model's layout). */
  protected readonly stride: number;
  /** Handles one event; bound once, for the simulator's loop. */
  readonly handler: (kind: number, subject: number, token: number, time: number) => void;
  /** The child whose stream childU and childReturnU draw from (so samplers take them without allocating). */
  protected drawing = 0;
  protected readonly childU: Stream;
  protected readonly childReturnU: Stream;
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

  protected abstract handle(kind: number, c: number, token: number, t: number): void;
  protected abstract startService(c: number, s: number, t: number, residual: number): void;

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
  protected own(c: number): Stream {
    this.drawing = c;
    return this.childU;
  }

  /** The transition a child takes out of a state (the last one takes what the others leave). */
  protected choose(st: CompiledState, c: number): number {
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
  protected scheduleSpell(c: number, t: number, length: number, kind: number): void {
    const end = t + length;
    const limit = this.ageOutDay(c);
    const token = this.ch.f[c * this.stride + TOKEN]!;
    if (end >= limit) this.sim.schedule(Math.max(limit, t), AGE_OUT, c, token);
    else this.sim.schedule(end, kind, c, token);
  }

  protected ageOutDay(c: number): number {
    return this.ch.f[c * this.stride + BIRTH_DAY]! + this.model.ageLimitDays;
  }

  protected release(c: number): void {
    if (this.observer) this.observer.forget(c);
    this.ch.release(c);
  }
}
