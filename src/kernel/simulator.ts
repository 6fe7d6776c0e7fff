import { EventQueue } from './eventQueue.js';

/** Handles one event: (kind, subject, token, time). */
export type EventHandler = (kind: number, subject: number, token: number, time: number) => void;

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
  runUntil(until: number, handler: EventHandler): void {
    const q = this.queue;
    let count = 0;
    while (q.size > 0 && q.peekTime() < until) {
      q.pop();
      this.now = q.time;
      handler(q.kind, q.subject, q.token, q.time);
      count++;
    }
    this.eventsProcessed += count;
    this.now = until;
  }
}
