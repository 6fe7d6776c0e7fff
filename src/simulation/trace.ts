import type { Stream } from '../kernel/streams.js';
import { dateOfDay } from '../model/calendar.js';
import { AttrKind, LAST_CLOSURE } from '../model/childLayout.js';
import { DAYS_PER_YEAR, type CompiledModel } from '../model/compileModel.js';
import type { Children } from './children.js';

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
 * and the N smallest keys are kept (a bottom-N sample) in a max-heap, so each
 * new child costs O(log N); an evicted child's rows are dropped.
 */
export class TraceRecorder {
  /** Max-heap on key: the root is the largest key kept, the first to be evicted. */
  private readonly heapKey: Float64Array;
  private readonly heapSerial: Float64Array;
  private size = 0;
  private readonly rowsBySerial = new Map<number, TraceRow[]>();
  private readonly slotSerial = new Map<number, number>();

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
      this.rowsBySerial.delete(this.heapSerial[0]!);
      this.replaceRoot(key, serial);
    } else return;
    this.rowsBySerial.set(serial, []);
    this.slotSerial.set(id, serial);
  }

  isTraced(id: number): boolean {
    const serial = this.slotSerial.get(id);
    return serial !== undefined && this.rowsBySerial.has(serial);
  }

  /** The slot is being reused: it no longer holds a traced child. */
  forget(id: number): void {
    this.slotSerial.delete(id);
  }

  record(id: number, day: number, event: string, from: number, to: number, ch: Children): void {
    const rows = this.rowsBySerial.get(this.slotSerial.get(id)!);
    if (!rows) return;
    const states = this.model.states;
    const b = id * ch.stride;
    const f = ch.f;
    const values = this.model.layout.attributes.map((a) => {
      const v = f[b + a.slot]!;
      const shown = a.kind === AttrKind.Ageing ? ((day - v) / DAYS_PER_YEAR).toFixed(2) : a.kind === AttrKind.Flag ? (v & a.bit ? 1 : 0) : a.type === 'category' ? a.levels[v] : v;
      return `${a.name}=${shown}`;
    });
    const closure = f[b + LAST_CLOSURE]!;
    values.push(`lastClosure=${closure >= 0 ? states[closure]!.name : ''}`);
    rows.push({
      replicate: this.replicate,
      child: this.slotSerial.get(id)!,
      day: Math.round(day * 1000) / 1000,
      date: dateOfDay(this.start, day),
      event,
      from: from >= 0 ? states[from]!.name : '',
      to: to >= 0 ? states[to]!.name : '',
      attributes: values.join(';'),
    });
  }

  rows(): TraceRow[] {
    return [...this.rowsBySerial.entries()].sort((a, b) => a[0] - b[0]).flatMap(([, rows]) => rows);
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
