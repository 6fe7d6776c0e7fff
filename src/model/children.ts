/**
 * The children alive in one replicate, as parallel typed arrays indexed by a
 * slot number. Slots of children who leave are reused; `token` keeps counting
 * across reuse so that stale events and queue entries never match a new child.
 */
export class Children {
  capacity: number;
  size = 0;
  birthDay: Float64Array;
  lastReferralDay: Float64Array;
  stateEntryDay: Float64Array;
  serial: Float64Array;
  token: Int32Array;
  state: Int16Array;
  previousReferrals: Int16Array;
  hadEarlyHelp: Uint8Array;
  lastClosure: Int16Array;
  /** Per in-year group: the last year index in which this child was counted. */
  yearMark: Int16Array[];
  private free: Int32Array;
  private freeCount = 0;
  private nextSerial = 0;

  constructor(initial: number, markGroups: number) {
    this.capacity = Math.max(1024, initial);
    const c = this.capacity;
    this.birthDay = new Float64Array(c);
    this.lastReferralDay = new Float64Array(c);
    this.stateEntryDay = new Float64Array(c);
    this.serial = new Float64Array(c);
    this.token = new Int32Array(c);
    this.state = new Int16Array(c);
    this.previousReferrals = new Int16Array(c);
    this.hadEarlyHelp = new Uint8Array(c);
    this.lastClosure = new Int16Array(c);
    this.yearMark = Array.from({ length: markGroups }, () => new Int16Array(c));
    this.free = new Int32Array(c);
  }

  /** A new child; returns its slot. */
  add(birthDay: number, previousReferrals: number, hadEarlyHelp: boolean): number {
    let id: number;
    if (this.freeCount > 0) id = this.free[--this.freeCount]!;
    else {
      if (this.size === this.capacity) this.grow();
      id = this.size++;
    }
    this.birthDay[id] = birthDay;
    this.lastReferralDay[id] = -Infinity;
    this.serial[id] = this.nextSerial++;
    this.state[id] = -1;
    this.previousReferrals[id] = previousReferrals;
    this.hadEarlyHelp[id] = hadEarlyHelp ? 1 : 0;
    this.lastClosure[id] = -1;
    for (const m of this.yearMark) m[id] = -32768;
    return id;
  }

  release(id: number): void {
    this.state[id] = -1;
    this.token[id] = this.token[id]! + 1;
    this.free[this.freeCount++] = id;
  }

  isAlive(id: number): boolean {
    return this.state[id]! >= 0;
  }

  private grow(): void {
    const c = this.capacity * 2;
    const g64 = (a: Float64Array) => {
      const b = new Float64Array(c);
      b.set(a);
      return b;
    };
    const g32 = (a: Int32Array) => {
      const b = new Int32Array(c);
      b.set(a);
      return b;
    };
    const g16 = (a: Int16Array) => {
      const b = new Int16Array(c);
      b.set(a);
      return b;
    };
    this.birthDay = g64(this.birthDay);
    this.lastReferralDay = g64(this.lastReferralDay);
    this.stateEntryDay = g64(this.stateEntryDay);
    this.serial = g64(this.serial);
    this.token = g32(this.token);
    this.state = g16(this.state);
    this.previousReferrals = g16(this.previousReferrals);
    const h = new Uint8Array(c);
    h.set(this.hadEarlyHelp);
    this.hadEarlyHelp = h;
    this.lastClosure = g16(this.lastClosure);
    this.yearMark = this.yearMark.map(g16);
    this.free = g32(this.free);
    this.capacity = c;
  }
}
