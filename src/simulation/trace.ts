import type { Stream } from '../kernel/streams.js';
import { dateOfDay } from '../model/calendar.js';
import { BIRTH_DAY, FLAGS, HAD_EARLY_HELP_BIT, LAST_CLOSURE, PREVIOUS_REFERRALS, STRIDE, type Children } from './children.js';
import { DAYS_PER_YEAR, type CompiledModel } from '../model/compileModel.js';

export interface TraceRow {
  replicate: number;
  child: number;
  day: number;
  date: string;
  event: string;
  from: string;
  to: string;
  attributes: string;
}

/**
 * Records the full event history of N children sampled uniformly from all the
 * children of a replicate: each child gets a random key from its own stream,
 * and the N smallest keys are kept (a bottom-N sample); an evicted child's
 * rows are dropped.
 */
export class TraceRecorder {
  private readonly keys: { key: number; serial: number }[] = [];
  private readonly rowsBySerial = new Map<number, TraceRow[]>();
  private traced = new Set<number>();
  private readonly slotSerial = new Map<number, number>();

  constructor(
    private readonly n: number,
    private readonly stream: Stream,
    private readonly replicate: number,
    private readonly start: string,
    private readonly model: CompiledModel,
  ) {}

  /** A new child in slot `id`: sample it into the trace or not. */
  consider(id: number, ch: Children): void {
    const key = this.stream();
    const serial = ch.serial[id]!;
    if (this.keys.length < this.n) {
      this.keys.push({ key, serial });
      this.keys.sort((a, b) => b.key - a.key);
    } else if (key < this.keys[0]!.key) {
      const evicted = this.keys.shift()!;
      this.rowsBySerial.delete(evicted.serial);
      this.traced.delete(evicted.serial);
      this.keys.push({ key, serial });
      this.keys.sort((a, b) => b.key - a.key);
    } else return;
    this.traced.add(serial);
    this.rowsBySerial.set(serial, []);
    this.slotSerial.set(id, serial);
  }

  isTraced(id: number): boolean {
    const serial = this.slotSerial.get(id);
    return serial !== undefined && this.traced.has(serial);
  }

  /** The slot is being reused: it no longer holds a traced child. */
  forget(id: number): void {
    this.slotSerial.delete(id);
  }

  record(id: number, day: number, event: string, from: number, to: number, ch: Children): void {
    const serial = this.slotSerial.get(id)!;
    const states = this.model.states;
    const b = id * STRIDE;
    const closure = ch.f[b + LAST_CLOSURE]!;
    this.rowsBySerial.get(serial)?.push({
      replicate: this.replicate,
      child: serial,
      day: Math.round(day * 1000) / 1000,
      date: dateOfDay(this.start, day),
      event,
      from: from >= 0 ? states[from]!.name : '',
      to: to >= 0 ? states[to]!.name : '',
      attributes: `age=${((day - ch.f[b + BIRTH_DAY]!) / DAYS_PER_YEAR).toFixed(2)};previousReferrals=${ch.f[b + PREVIOUS_REFERRALS]};hadEarlyHelp=${ch.f[b + FLAGS]! & HAD_EARLY_HELP_BIT};lastClosure=${closure >= 0 ? states[closure]!.name : ''}`,
    });
  }

  rows(): TraceRow[] {
    return [...this.rowsBySerial.entries()].sort((a, b) => a[0] - b[0]).flatMap(([, rows]) => rows);
  }
}
