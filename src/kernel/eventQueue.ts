/**
 * Pending events, ordered by time and then by the order in which they were
 * scheduled, so ties break deterministically.
 *
 * Two levels keep the hot structure small: events before `nearEnd` live in a
 * binary min-heap stored as parallel typed arrays (no allocation per event);
 * later events wait unsorted in buckets of `bucketWidth` time units and are
 * moved into the heap only when the clock reaches their bucket. A bucket is a
 * chain of fixed-size chunks of one slab (a typed array, outside the garbage
 * collector's young generation): filing a far event allocates nothing, and
 * the pending events are not copied from one young generation to the next
 * as they were when each bucket was a growing plain array (at full scale the
 * young-generation collections took 13% of a run). A model with
 * many events scheduled far ahead (returns years later) then pays heap costs
 * only for the events of the current bucket. The order of events is exactly
 * that of a single heap keyed by (time, sequence).
 */
/** Events per chunk of the far-event slab, and numbers per event (time, seq, kind, subject, token). */
const CHUNK = 16;
const REC = 5;

export class EventQueue {
  /** Far events, CHUNK to a chunk: chunk c holds slab[c * CHUNK * REC ...] as (time, seq, kind, subject, token) runs. */
  private slab: Float64Array;
  /** The chunk after chunk c in its bucket's chain (-1: none). */
  private nextChunk: Int32Array;
  /** Emptied chunks (a stack of freeTop), reused before new ones (chunksUsed of the slab's chunks so far). */
  private freeChunks: Int32Array;
  private freeTop = 0;
  private chunksUsed = 0;
  /** Per bucket b - firstBucket: its first and last chunk (first -1: empty) and the events in its last chunk. */
  private bucketFirst: Int32Array;
  private bucketLast: Int32Array;
  private bucketFill: Int32Array;
  private readonly firstBucket: number;
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
    this.slab = new Float64Array(64 * CHUNK * REC);
    this.nextChunk = new Int32Array(64);
    this.freeChunks = new Int32Array(64);
    this.bucketFirst = new Int32Array(1024).fill(-1);
    this.bucketLast = new Int32Array(1024);
    this.bucketFill = new Int32Array(1024);
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
      if (i >= this.bucketFirst.length) this.growBuckets(i);
      let c = this.bucketLast[i]!;
      let fill = this.bucketFill[i]!;
      if (this.bucketFirst[i]! < 0 || fill === CHUNK) {
        const fresh = this.takeChunk();
        if (this.bucketFirst[i]! < 0) this.bucketFirst[i] = fresh;
        else this.nextChunk[c] = fresh;
        this.bucketLast[i] = fresh;
        c = fresh;
        fill = 0;
      }
      const o = (c * CHUNK + fill) * REC;
      const slab = this.slab;
      slab[o] = time;
      slab[o + 1] = seq;
      slab[o + 2] = kind;
      slab[o + 3] = subject;
      slab[o + 4] = token;
      this.bucketFill[i] = fill + 1;
      this.farCount++;
      return;
    }
    this.heapPush(time, seq, kind, subject, token);
  }

  /** Moves the next non-empty bucket(s) into the heap; called only when the heap is empty. */
  private refill(): void {
    let i = Math.floor(this.nearEnd / this.bucketWidth) - this.firstBucket;
    while (this.n === 0 && this.farCount > 0) {
      this.nearEnd = (this.firstBucket + i + 1) * this.bucketWidth;
      let c = i < this.bucketFirst.length ? this.bucketFirst[i]! : -1;
      if (c >= 0) {
        const last = this.bucketLast[i]!;
        const lastFill = this.bucketFill[i]!;
        this.bucketFirst[i] = -1;
        const slab = this.slab;
        for (;;) {
          const m = c === last ? lastFill : CHUNK;
          const o = c * CHUNK * REC;
          for (let k = o; k < o + m * REC; k += REC) this.heapPush(slab[k]!, slab[k + 1]!, slab[k + 2]!, slab[k + 3]!, slab[k + 4]!);
          this.farCount -= m;
          this.freeChunks[this.freeTop++] = c;
          if (c === last) break;
          c = this.nextChunk[c]!;
        }
      }
      i++;
    }
  }

  /** A chunk for far events: an emptied one, or a new one (the slab doubles when full). */
  private takeChunk(): number {
    if (this.freeTop > 0) return this.freeChunks[--this.freeTop]!;
    if (this.chunksUsed === this.nextChunk.length) {
      const chunks = this.nextChunk.length * 2;
      const slab = new Float64Array(chunks * CHUNK * REC);
      slab.set(this.slab);
      this.slab = slab;
      const next = new Int32Array(chunks);
      next.set(this.nextChunk);
      this.nextChunk = next;
      this.freeChunks = new Int32Array(chunks);
    }
    return this.chunksUsed++;
  }

  private growBuckets(i: number): void {
    const size = Math.max(i + 1, this.bucketFirst.length * 2);
    const grow = (a: Int32Array, empty: number): Int32Array => {
      const b = new Int32Array(size).fill(empty);
      b.set(a);
      return b;
    };
    this.bucketFirst = grow(this.bucketFirst, -1);
    this.bucketLast = grow(this.bucketLast, 0);
    this.bucketFill = grow(this.bucketFill, 0);
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
    this.bucketFirst.fill(-1);
    this.freeTop = 0;
    this.chunksUsed = 0;
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
