/**
 * The children alive in one replicate. Each child's hot fields sit together
 * in one 64-byte stride of a Float64Array (one cache line), because an event
 * reads several of them at once; integers are stored exactly as doubles.
 * Slots of children who leave are reused; the token keeps counting across
 * reuse so that stale events and queue entries never match a new child.
 */
export const STRIDE = 8;
export const BIRTH_DAY = 0;
export const LAST_REFERRAL_DAY = 1;
export const STATE_ENTRY_DAY = 2;
export const TOKEN = 3;
/** Current state index, -1 when the slot is free. */
export const STATE = 4;
export const PREVIOUS_REFERRALS = 5;
/** Bit 0: had (completed) early help; bit 1: waiting for a service place. */
export const FLAGS = 6;
export const LAST_CLOSURE = 7;
export const HAD_EARLY_HELP_BIT = 1;
export const WAITING_BIT = 2;

export class Children {
  capacity: number;
  size = 0;
  f: Float64Array;
  /** Creation order, for sampling and tracing. */
  serial: Float64Array;
  /** Per in-year group: the last year index in which this child was counted. */
  yearMark: Int16Array[];
  private free: Int32Array;
  private freeCount = 0;
  private nextSerial = 0;

  constructor(initial: number, markGroups: number) {
    this.capacity = Math.max(1024, initial);
    this.f = new Float64Array(this.capacity * STRIDE);
    this.serial = new Float64Array(this.capacity);
    this.yearMark = Array.from({ length: markGroups }, () => new Int16Array(this.capacity));
    this.free = new Int32Array(this.capacity);
  }

  /** A new child; returns its slot. */
  add(birthDay: number, previousReferrals: number, hadEarlyHelp: boolean): number {
    let id: number;
    if (this.freeCount > 0) id = this.free[--this.freeCount]!;
    else {
      if (this.size === this.capacity) this.grow();
      id = this.size++;
    }
    const b = id * STRIDE;
    const f = this.f;
    f[b + BIRTH_DAY] = birthDay;
    f[b + LAST_REFERRAL_DAY] = -Infinity;
    f[b + STATE_ENTRY_DAY] = 0;
    f[b + STATE] = -1;
    f[b + PREVIOUS_REFERRALS] = previousReferrals;
    f[b + FLAGS] = hadEarlyHelp ? HAD_EARLY_HELP_BIT : 0;
    f[b + LAST_CLOSURE] = -1;
    this.serial[id] = this.nextSerial++;
    for (const m of this.yearMark) m[id] = -32768;
    return id;
  }

  release(id: number): void {
    const b = id * STRIDE;
    this.f[b + STATE] = -1;
    this.f[b + TOKEN]!++;
    this.free[this.freeCount++] = id;
  }

  private grow(): void {
    const c = this.capacity * 2;
    const f = new Float64Array(c * STRIDE);
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
