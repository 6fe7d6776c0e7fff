import type { Stream } from '../kernel/streams.js';
import { dateOfDay } from '../model/calendar.js';
import { AttrKind, LAST_CLOSURE } from '../model/childLayout.js';
import { DAYS_PER_YEAR, type CompiledModel } from '../model/compileModel.js';
import type { Children } from './children.js';
import type { ChildObserver } from './observer.js';

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
 * A traced child's events, kept raw (formatted only if the child stays in the sample): each row
 * is [day, event code, from, to, the child's record at the event], `width` doubles.
 */
interface RawRows {
  buf: Float64Array;
  n: number;
}

const HEAD = 4;

/**
 * Records the full event history of N children sampled uniformly from all the
 * children of a replicate: each child gets a random key from its own stream,
 * and the N smallest keys are kept (a bottom-N sample) in a max-heap, so each
 * new child costs O(log N); an evicted child's rows are dropped. Whether a
 * slot is traced is one array read, and rows are formatted once, at the end.
 */
export class TraceRecorder implements ChildObserver {
  /** Max-heap on key: the root is the largest key kept, the first to be evicted. */
  private readonly heapKey: Float64Array;
  private readonly heapSerial: Float64Array;
  private size = 0;
  private readonly rowsBySerial = new Map<number, RawRows>();
  /** Event names by code, in order of first use. */
  private readonly events: string[] = [];
  private readonly eventCode = new Map<string, number>();
  /** Per child slot: the traced child's serial in it, or -1. */
  private slotSerial = new Float64Array(1024).fill(-1);
  /** Per traced serial: the slot that holds it while the child is alive. */
  private readonly slotOf = new Map<number, number>();

  constructor(
    private readonly n: number,
    private readonly stream: Stream,
    private readonly replicate: number,
    private readonly start: string,
    private readonly model: CompiledModel,
  ) {
    this.heapKey = new Float64Array(n);
    this.heapSerial = new Float64Array(n);
  }

  /** A new child in slot `id`: sample it into the trace or not. */
  consider(id: number, ch: Children): void {
    const key = this.stream();
    const serial = ch.serial[id]!;
    if (this.size < this.n) this.push(key, serial);
    else if (key < this.heapKey[0]!) {
      this.drop(this.heapSerial[0]!);
      this.replaceRoot(key, serial);
    } else return;
    this.rowsBySerial.set(serial, { buf: new Float64Array(8 * (HEAD + ch.stride)), n: 0 });
    if (id >= this.slotSerial.length) {
      const grown = new Float64Array(Math.max(2 * this.slotSerial.length, id + 1)).fill(-1);
      grown.set(this.slotSerial);
      this.slotSerial = grown;
    }
    this.slotSerial[id] = serial;
    this.slotOf.set(serial, id);
  }

  observes(id: number): boolean {
    return id < this.slotSerial.length && this.slotSerial[id]! >= 0;
  }

  /** The slot is being reused: it no longer holds a traced child. */
  forget(id: number): void {
    if (!this.observes(id)) return;
    this.slotOf.delete(this.slotSerial[id]!);
    this.slotSerial[id] = -1;
  }

  record(id: number, day: number, event: string, from: number, to: number, ch: Children): void {
    const rows = this.rowsBySerial.get(this.slotSerial[id]!)!;
    const width = HEAD + ch.stride;
    if ((rows.n + 1) * width > rows.buf.length) {
      const grown = new Float64Array(rows.buf.length * 2);
      grown.set(rows.buf);
      rows.buf = grown;
    }
    let code = this.eventCode.get(event);
    if (code === undefined) {
      code = this.events.push(event) - 1;
      this.eventCode.set(event, code);
    }
    const at = rows.n++ * width;
    rows.buf[at] = day;
    rows.buf[at + 1] = code;
    rows.buf[at + 2] = from;
    rows.buf[at + 3] = to;
    const b = id * ch.stride;
    rows.buf.set(ch.f.subarray(b, b + ch.stride), at + HEAD);
  }

  rows(): TraceRow[] {
    const width = HEAD + this.model.layout.stride;
    const dates = new Map<number, string>();
    const out: TraceRow[] = [];
    for (const [serial, rows] of [...this.rowsBySerial.entries()].sort((a, b) => a[0] - b[0])) {
      for (let i = 0; i < rows.n; i++) out.push(this.format(serial, rows.buf.subarray(i * width, (i + 1) * width), dates));
    }
    return out;
  }

  /** An evicted child: its rows go, and its slot is no longer traced. */
  private drop(serial: number): void {
    this.rowsBySerial.delete(serial);
    const slot = this.slotOf.get(serial);
    if (slot !== undefined) {
      this.slotSerial[slot] = -1;
      this.slotOf.delete(serial);
    }
  }

  /** One row as written; `dates` caches the date of each whole day. */
  private format(serial: number, r: Float64Array, dates: Map<number, string>): TraceRow {
    const states = this.model.states;
    const [day, code, from, to] = r as unknown as [number, number, number, number];
    const values = this.model.layout.attributes.map((a) => {
      const v = r[HEAD + a.slot]!;
      const shown = a.kind === AttrKind.Ageing ? ((day - v) / DAYS_PER_YEAR).toFixed(2) : a.kind === AttrKind.Flag ? (v & a.bit ? 1 : 0) : a.type === 'category' ? a.levels[v] : v;
      return `${a.name}=${shown}`;
    });
    const closure = r[HEAD + LAST_CLOSURE]!;
    const whole = Math.floor(day);
    let date = dates.get(whole);
    if (date === undefined) dates.set(whole, (date = dateOfDay(this.start, day)));
    values.push(`lastClosure=${closure >= 0 ? states[closure]!.name : ''}`);
    return {
      replicate: this.replicate,
      child: serial,
      day: Math.round(day * 1000) / 1000,
      date,
      event: this.events[code]!,
      from: from >= 0 ? states[from]!.name : '',
      to: to >= 0 ? states[to]!.name : '',
      attributes: values.join(';'),
    };
  }

  private push(key: number, serial: number): void {
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.heapKey[parent]! >= key) break;
      this.heapKey[i] = this.heapKey[parent]!;
      this.heapSerial[i] = this.heapSerial[parent]!;
      i = parent;
    }
    this.heapKey[i] = key;
    this.heapSerial[i] = serial;
  }

  private replaceRoot(key: number, serial: number): void {
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.size) break;
      const c = l + 1 < this.size && this.heapKey[l + 1]! > this.heapKey[l]! ? l + 1 : l;
      if (this.heapKey[c]! <= key) break;
      this.heapKey[i] = this.heapKey[c]!;
      this.heapSerial[i] = this.heapSerial[c]!;
      i = c;
    }
    this.heapKey[i] = key;
    this.heapSerial[i] = serial;
  }
}
