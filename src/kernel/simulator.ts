import { EventQueue } from './eventQueue.js';

/** Handles one event: (kind, subject, token, time). */
export type EventHandler = (kind: number, subject: number, token: number, time: number) => void;

/**
 * Thrown when the clock stops moving: more than `limit` events fall within one unit of time (a
 * loop of events that take no time, which would otherwise run for ever).
 */
export class StalledError extends Error {
  constructor(
    readonly time: number,
    readonly limit: number,
    what = 'events within one unit of time',
  ) {
    super(`more than ${limit.toLocaleString('en-GB')} ${what} at ${time}: the clock is not moving`);
  }
}

/** Events allowed within one unit of simulated time (a day): far above any real run's (about 70,000 a day at full scale). */
export const EVENTS_PER_UNIT_LIMIT = 20_000_000;

/**
 * The discrete-event loop: a clock and a queue of pending events. It knows
 * nothing of what the events mean; the caller's handler does.
 */
export class Simulator {
  readonly queue: EventQueue;
  now: number;
  eventsProcessed = 0;

  constructor(startTime: number, initialCapacity = 1024) {
    this.queue = new EventQueue(initialCapacity, startTime);
    this.now = startTime;
  }

  schedule(time: number, kind: number, subject: number, token: number): void {
    if (time < this.now) throw new RangeError(`cannot schedule an event in the past (${time} < ${this.now})`);
    this.queue.push(time, kind, subject, token);
  }

  /** Processes every event with time < until, in order, then sets the clock to `until`. */
  runUntil(until: number, handler: EventHandler, limit = EVENTS_PER_UNIT_LIMIT): void {
    const q = this.queue;
    let count = 0;
    // A watchdog: events since the clock last moved past windowStart + 1.
    let windowStart = this.now;
    let inWindow = 0;
    while (q.size > 0 && q.peekTime() < until) {
      q.pop();
      this.now = q.time;
      if (q.time >= windowStart + 1) {
        windowStart = q.time;
        inWindow = 0;
      } else if (++inWindow > limit) throw new StalledError(q.time, limit);
      handler(q.kind, q.subject, q.token, q.time);
      count++;
    }
    this.eventsProcessed += count;
    this.now = until;
  }
}
