/**
 * A capacity-limited resource with a first-come-first-served waiting line.
 * Subjects that leave the line early (they give up, or are removed) are
 * dropped lazily: the line stores (subject, ticket) pairs and the caller says
 * whether a ticket is still live when it reaches the front.
 */
export class Resource {
  busy = 0;
  /** Number of live subjects waiting (maintained by the caller through join/leave). */
  waiting = 0;
  private ids: Int32Array;
  private tickets: Int32Array;
  private head = 0;
  private tail = 0;

  constructor(public capacity: number) {
    this.ids = new Int32Array(1024);
    this.tickets = new Int32Array(1024);
  }

  /** Takes a free unit if there is one. */
  tryAcquire(): boolean {
    if (this.busy < this.capacity && this.waiting === 0) {
      this.busy++;
      return true;
    }
    return false;
  }

  join(subject: number, ticket: number): void {
    const cap = this.ids.length;
    if (this.tail - this.head === cap) this.grow();
    const mask = this.ids.length - 1;
    this.ids[this.tail & mask] = subject;
    this.tickets[this.tail & mask] = ticket;
    this.tail++;
    this.waiting++;
  }

  /** A waiting subject left the line without being served. */
  leave(): void {
    this.waiting--;
  }

  /**
   * Frees one unit; while there is free capacity and a live subject waiting,
   * hands a unit to the next one by calling `admit`. `isLive(subject, ticket)` says
   * whether a queued entry is still waiting.
   */
  release(isLive: (subject: number, ticket: number) => boolean, admit: (subject: number) => void): void {
    this.busy--;
    this.admitWaiting(isLive, admit);
  }

  /** Changes capacity (units in use above a reduced capacity finish normally). */
  setCapacity(capacity: number, isLive: (subject: number, ticket: number) => boolean, admit: (subject: number) => void): void {
    this.capacity = capacity;
    this.admitWaiting(isLive, admit);
  }

  private admitWaiting(isLive: (subject: number, ticket: number) => boolean, admit: (subject: number) => void): void {
    const mask = this.ids.length - 1;
    while (this.busy < this.capacity && this.head < this.tail) {
      const id = this.ids[this.head & mask]!;
      const ticket = this.tickets[this.head & mask]!;
      this.head++;
      if (!isLive(id, ticket)) continue;
      this.waiting--;
      this.busy++;
      admit(id);
    }
    if (this.head === this.tail) {
      this.head = 0;
      this.tail = 0;
    }
  }

  private grow(): void {
    const oldMask = this.ids.length - 1;
    const n = this.tail - this.head;
    const ids = new Int32Array(this.ids.length * 2);
    const tickets = new Int32Array(this.ids.length * 2);
    for (let i = 0; i < n; i++) {
      ids[i] = this.ids[(this.head + i) & oldMask]!;
      tickets[i] = this.tickets[(this.head + i) & oldMask]!;
    }
    this.ids = ids;
    this.tickets = tickets;
    this.head = 0;
    this.tail = n;
  }
}
