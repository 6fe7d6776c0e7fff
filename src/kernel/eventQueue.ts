/**
 * Pending events, ordered by time and then by the order in which they were
 * scheduled, so ties break deterministically.
 *
 * Two levels keep the hot structure small: events before `nearEnd` live in a
 * binary min-heap stored as parallel typed arrays (no allocation per event);
 * later events wait unsorted in buckets of `bucketWidth` time units and are
 * moved into the heap only when the clock reaches their bucket. A model with
 * many events scheduled far ahead (returns years later) then pays heap costs
 * only for the events of the current bucket. The order of events is exactly
 * that of a single heap keyed by (time, sequence).
 */
export class EventQueue {
  /** buckets[b - firstBucket] holds events of bucket b as (time, seq, kind, subject, token) runs. */
  private buckets: (number[] | undefined)[] = [];
  private readonly firstBucket: number;
  /** Emptied bucket arrays, reused so that filing events does not churn the garbage collector. */
  private readonly spare: number[][] = [];
  private farCount = 0;
  private nearEnd: number;
  private readonly bucketWidth: number;
  private times: Float64Array;
  private seqs: Float64Array;
  private kinds: Int32Array;
  private subjects: Int32Array;
  private tokens: Int32Array;
  private n = 0;
  private nextSeq = 0;

  constructor(initialCapacity = 1024, startTime = 0, bucketWidth = 1) {
    const c = Math.max(16, Math.min(initialCapacity, 1 << 16));
    this.bucketWidth = bucketWidth;
    this.firstBucket = Math.floor(startTime / bucketWidth);
    this.nearEnd = (this.firstBucket + 1) * bucketWidth;
    this.times = new Float64Array(c);
    this.seqs = new Float64Array(c);
    this.kinds = new Int32Array(c);
    this.subjects = new Int32Array(c);
    this.tokens = new Int32Array(c);
  }

  /** Width of a far-future bucket, in time units. */
  get width(): number {
    return this.bucketWidth;
  }

  get size(): number {
    return this.n + this.farCount;
  }

  /** Time of the earliest pending event, or Infinity when empty. */
  peekTime(): number {
    if (this.n === 0) this.refill();
    return this.n > 0 ? this.times[0]! : Infinity;
  }

  push(time: number, kind: number, subject: number, token: number): void {
    const seq = this.nextSeq++;
    if (time >= this.nearEnd) {
      const i = Math.floor(time / this.bucketWidth) - this.firstBucket;
      let bucket = this.buckets[i];
      if (bucket === undefined) {
        if (i >= this.buckets.length) this.growBuckets(i);
        bucket = this.spare.pop() ?? [];
        this.buckets[i] = bucket;
      }
      bucket.push(time, seq, kind, subject, token);
      this.farCount++;
      return;
    }
    this.heapPush(time, seq, kind, subject, token);
  }

  /** Moves the next non-empty bucket(s) into the heap; called only when the heap is empty. */
  private refill(): void {
    let i = Math.floor(this.nearEnd / this.bucketWidth) - this.firstBucket;
    while (this.n === 0 && this.farCount > 0) {
      const bucket = this.buckets[i];
      this.nearEnd = (this.firstBucket + i + 1) * this.bucketWidth;
      if (bucket !== undefined) {
        this.buckets[i] = undefined;
        this.farCount -= bucket.length / 5;
        for (let k = 0; k < bucket.length; k += 5) this.heapPush(bucket[k]!, bucket[k + 1]!, bucket[k + 2]!, bucket[k + 3]!, bucket[k + 4]!);
        bucket.length = 0;
        this.spare.push(bucket);
      }
      i++;
    }
  }

  private growBuckets(i: number): void {
    const grown: (number[] | undefined)[] = new Array(Math.max(i + 1, this.buckets.length * 2, 1024));
    for (let k = 0; k < this.buckets.length; k++) grown[k] = this.buckets[k];
    this.buckets = grown;
  }

  private heapPush(time: number, seq: number, kind: number, subject: number, token: number): void {
    if (this.n === this.times.length) this.grow();
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
    if (this.n === 0) {
      this.refill();
      if (this.n === 0) return false;
    }
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
    this.buckets = [];
    this.farCount = 0;
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
