/**
 * A binary min-heap of pending events, stored as parallel typed arrays so that
 * scheduling an event allocates nothing. Events are ordered by time, then by
 * the order in which they were scheduled, so ties break deterministically.
 */
export class EventQueue {
  private times: Float64Array;
  private seqs: Float64Array;
  private kinds: Int32Array;
  private subjects: Int32Array;
  private tokens: Int32Array;
  private n = 0;
  private nextSeq = 0;

  constructor(initialCapacity = 1024) {
    const c = Math.max(16, initialCapacity);
    this.times = new Float64Array(c);
    this.seqs = new Float64Array(c);
    this.kinds = new Int32Array(c);
    this.subjects = new Int32Array(c);
    this.tokens = new Int32Array(c);
  }

  get size(): number {
    return this.n;
  }

  /** Time of the earliest pending event, or Infinity when empty. */
  peekTime(): number {
    return this.n > 0 ? this.times[0]! : Infinity;
  }

  push(time: number, kind: number, subject: number, token: number): void {
    if (this.n === this.times.length) this.grow();
    const seq = this.nextSeq++;
    // Sift up: move parents down until the slot for the new event is found.
    let i = this.n++;
    const times = this.times;
    const seqs = this.seqs;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = times[p]!;
      if (pt < time || (pt === time && seqs[p]! < seq)) break;
      this.move(p, i);
      i = p;
    }
    times[i] = time;
    seqs[i] = seq;
    this.kinds[i] = kind;
    this.subjects[i] = subject;
    this.tokens[i] = token;
  }

  /** The popped event's fields are read from these after pop(). */
  time = 0;
  kind = 0;
  subject = 0;
  token = 0;

  /** Removes the earliest event into (time, kind, subject, token); false if empty. */
  pop(): boolean {
    if (this.n === 0) return false;
    const times = this.times;
    const seqs = this.seqs;
    this.time = times[0]!;
    this.kind = this.kinds[0]!;
    this.subject = this.subjects[0]!;
    this.token = this.tokens[0]!;
    const last = --this.n;
    if (last === 0) return true;
    const t = times[last]!;
    const s = seqs[last]!;
    const k = this.kinds[last]!;
    const sub = this.subjects[last]!;
    const tok = this.tokens[last]!;
    // Sift down the former last element from the root.
    let i = 0;
    const half = last >> 1;
    while (i < half) {
      let c = 2 * i + 1;
      const r = c + 1;
      if (r < last && (times[r]! < times[c]! || (times[r] === times[c] && seqs[r]! < seqs[c]!))) c = r;
      const ct = times[c]!;
      if (t < ct || (t === ct && s < seqs[c]!)) break;
      this.move(c, i);
      i = c;
    }
    times[i] = t;
    seqs[i] = s;
    this.kinds[i] = k;
    this.subjects[i] = sub;
    this.tokens[i] = tok;
    return true;
  }

  clear(): void {
    this.n = 0;
    this.nextSeq = 0;
  }

  private move(from: number, to: number): void {
    this.times[to] = this.times[from]!;
    this.seqs[to] = this.seqs[from]!;
    this.kinds[to] = this.kinds[from]!;
    this.subjects[to] = this.subjects[from]!;
    this.tokens[to] = this.tokens[from]!;
  }

  private grow(): void {
    const c = this.times.length * 2;
    const grow64 = (a: Float64Array) => {
      const b = new Float64Array(c);
      b.set(a);
      return b;
    };
    const grow32 = (a: Int32Array) => {
      const b = new Int32Array(c);
      b.set(a);
      return b;
    };
    this.times = grow64(this.times);
    this.seqs = grow64(this.seqs);
    this.kinds = grow32(this.kinds);
    this.subjects = grow32(this.subjects);
    this.tokens = grow32(this.tokens);
  }
}
