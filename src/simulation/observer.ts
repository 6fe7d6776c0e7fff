import type { Children } from './children.js';

/**
 * What watches children's histories as a replicate runs (the trace sampler, the diagnostics):
 * told of each new child in a slot, of every event of the children it observes, and of each
 * child leaving (its slot is then reused). Observers read the children; they never draw from
 * a stream the simulation uses, so observing changes nothing in a run.
 */
export interface ChildObserver {
  /** A new child in slot `id` (its attributes set, before its first event). */
  consider(id: number, ch: Children): void;
  /** Whether events of the child in slot `id` are to be recorded. */
  observes(id: number): boolean;
  /** The child in slot `id` enters `to` from `from` (-1: none) at `day` (`event`: initial, arrival, decision, complete, service-start, give-up, return, age-out, no-return). */
  record(id: number, day: number, event: string, from: number, to: number, ch: Children): void;
  /** The child in slot `id` leaves the model; the slot will be reused. */
  forget(id: number): void;
}

/** Several observers as one: each is told what it observes. */
export function allOf(list: ChildObserver[]): ChildObserver | null {
  if (list.length <= 1) return list[0] ?? null;
  return {
    consider: (id, ch) => list.forEach((o) => o.consider(id, ch)),
    observes: (id) => list.some((o) => o.observes(id)),
    record(id, day, event, from, to, ch) {
      for (const o of list) if (o.observes(id)) o.record(id, day, event, from, to, ch);
    },
    forget: (id) => list.forEach((o) => o.forget(id)),
  };
}
