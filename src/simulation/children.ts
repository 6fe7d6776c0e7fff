import { BIRTH_DAY, LAST_CLOSURE, LAST_REFERRAL_DAY, PENDING_DAY, RNG_WORDS, STATE, TOKEN } from '../model/childLayout.js';

/**
 * The children alive in one replicate. Each child's fields sit together in one
 * stride of a Float64Array, laid out by the model (model/childLayout.ts: the
 * core fields, the declared attributes, then the child's random streams),
 * because an event reads several of them at once. Slots of children who
 * leave are reused; the token keeps counting across reuse so that stale events
 * and queue entries never match a new child.
 */

export class Children {
  capacity: number;
  size = 0;
  /** Doubles per child. */
  readonly stride: number;
  /**
   * Where in a child's record its own random streams start, two per child
   * (alea state s0, s1, s2, c each): one for its path (choices, durations,
   * patience) and one for whether and when it comes back after a case closes.
   * Seeded from the seeded stream of the process that created the child, so
   * under common random numbers the same child draws the same numbers in every
   * scenario; keeping returns apart means a child a policy moves onto another
   * path still faces the same return draws, so only the policy's own effect
   * separates the scenarios.
   */
  readonly rngAt: number;
  f: Float64Array;
  /** Creation order, for sampling and tracing. */
  serial: Float64Array;
  /** Per in-year group: the last year index in which this child was counted. */
  yearMark: Int16Array[];
  private free: Int32Array;
  private freeCount = 0;
  private nextSerial = 0;

  /** `stride` and `rngAt` as the model's layout gives them (ChildLayout). */
  constructor(initial: number, markGroups: number, stride: number, rngAt: number) {
    if (rngAt + RNG_WORDS > stride) throw new RangeError(`a record of ${stride} doubles has no room for random streams at ${rngAt}`);
    this.stride = stride;
    this.rngAt = rngAt;
    this.capacity = Math.max(1024, initial);
    this.f = new Float64Array(this.capacity * stride);
    this.serial = new Float64Array(this.capacity);
    this.yearMark = Array.from({ length: markGroups }, () => new Int16Array(this.capacity));
    this.free = new Int32Array(this.capacity);
  }

  /**
   * A new child; returns its slot. `seed` is a seeded uniform stream that seeds the child's own
   * stream. Attributes start at 0 (flags clear); the caller sets their starting values.
   */
  add(birthDay: number, seed: () => number): number {
    let id: number;
    if (this.freeCount > 0) id = this.free[--this.freeCount]!;
    else {
      if (this.size === this.capacity) this.grow();
      id = this.size++;
    }
    const b = id * this.stride;
    const f = this.f;
    const token = f[b + TOKEN]!;
    f.fill(0, b, b + this.rngAt);
    f[b + TOKEN] = token;
    f[b + BIRTH_DAY] = birthDay;
    f[b + LAST_REFERRAL_DAY] = -Infinity;
    f[b + STATE] = -1;
    f[b + LAST_CLOSURE] = -1;
    f[b + PENDING_DAY] = NaN;
    this.serial[id] = this.nextSerial++;
    for (const m of this.yearMark) m[id] = -32768;
    const r = b + this.rngAt;
    for (let k = 0; k < RNG_WORDS; k += 4) {
      f[r + k] = seed();
      f[r + k + 1] = seed();
      f[r + k + 2] = seed();
      f[r + k + 3] = 1;
    }
    return id;
  }

  /** Next uniform in [0, 1) from child `id`'s path stream. */
  draw(id: number): number {
    return this.step(id * this.stride + this.rngAt);
  }

  /** Next uniform in [0, 1) from child `id`'s return stream. */
  drawReturn(id: number): number {
    return this.step(id * this.stride + this.rngAt + 4);
  }

  /** The alea recurrence (as in seedrandom's alea) on the state at offset r. */
  private step(r: number): number {
    const g = this.f;
    const t = 2091639 * g[r]! + g[r + 3]! * 2.3283064365386963e-10;
    g[r] = g[r + 1]!;
    g[r + 1] = g[r + 2]!;
    const c = t | 0;
    g[r + 3] = c;
    return (g[r + 2] = t - c);
  }

  release(id: number): void {
    const b = id * this.stride;
    this.f[b + STATE] = -1;
    this.f[b + TOKEN]!++;
    this.free[this.freeCount++] = id;
  }

  private grow(): void {
    const c = this.capacity * 2;
    const f = new Float64Array(c * this.stride);
    f.set(this.f);
    this.f = f;
    const serial = new Float64Array(c);
    serial.set(this.serial);
    this.serial = serial;
    this.yearMark = this.yearMark.map((a) => {
      const b = new Int16Array(c);
      b.set(a);
      return b;
    });
    const free = new Int32Array(c);
    free.set(this.free);
    this.free = free;
    this.capacity = c;
  }
}
