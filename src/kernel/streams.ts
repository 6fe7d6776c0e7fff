import seedrandom from 'seedrandom';

/** A source of uniform draws in [0, 1). */
export type Stream = () => number;

/**
 * Independent random streams keyed by (seed, replicate, stream name). Each
 * stream is a seedrandom xor4096 generator seeded from that key alone, so a
 * process that draws more (or a new process) never shifts another's draws,
 * and a replicate's numbers do not depend on which worker or shard runs it.
 */
export class StreamFactory {
  private readonly cache = new Map<string, Stream>();
  /** Generator states saved by `at`, by stream name and position. */
  private readonly saved = new Map<string, seedrandom.State.Xor4096>();

  /**
   * `salt` is empty for common random numbers (every scenario of a comparison
   * draws the same numbers); a scenario-specific salt gives independent streams.
   */
  constructor(
    readonly seed: number,
    readonly replicate: number,
    readonly salt = '',
  ) {}

  /**
   * A new, uncached stream for `name` after `position` draws: replayed from its first number, or,
   * when this factory has brought the stream to that position before, restored from the
   * generator's state then (the forks of one run, made on one day, all continue their arrival
   * streams from the same positions). The numbers are the same either way.
   */
  at(name: string, position: number): Stream {
    const key = `${name}\0${position}`;
    const state = this.saved.get(key);
    if (state) return seedrandom.xor4096(this.key(name), { state });
    const s = seedrandom.xor4096(this.key(name), { state: true });
    for (let i = 0; i < position; i++) s();
    this.saved.set(key, s.state());
    return s;
  }

  private key(name: string): string {
    return `ehsim|${this.seed}|${this.replicate}|${this.salt ? `${this.salt}|` : ''}${name}`;
  }

  stream(name: string): Stream {
    let s = this.cache.get(name);
    if (!s) {
      s = seedrandom.xor4096(this.key(name));
      this.cache.set(name, s);
    }
    return s;
  }
}
