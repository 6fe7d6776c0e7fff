/**
 * The yardstick for the engine (not a test): the same number of events through the kernel's event
 * loop with no model logic. `pending` subjects each reschedule themselves after an exponential gap
 * whose mean makes `events` events in `days` days, so the queue holds what the model's holds (about
 * one event per child) and is worked as hard; a handler does nothing else.
 */
import { Simulator } from '../../src/kernel/simulator.js';

export function bareLoop(pending: number, events: number, days: number): { seconds: number; events: number } {
  const n = Math.max(1, Math.round(pending));
  const sim = new Simulator(0, n + 16);
  let x = 2463534242;
  const u = (): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
  const mean = (n * days) / events;
  for (let i = 0; i < n; i++) sim.schedule(-Math.log(1 - u()) * mean, 0, i, 0);
  const t0 = performance.now();
  sim.runUntil(days, (_kind, subject, _token, t) => sim.schedule(t - Math.log(1 - u()) * mean, 0, subject, 0));
  return { seconds: (performance.now() - t0) / 1000, events: sim.eventsProcessed };
}
