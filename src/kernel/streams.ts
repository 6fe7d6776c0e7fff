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

  /**
   * `salt` is empty for common random numbers (every scenario of a comparison
   * draws the same numbers); a scenario-specific salt gives independent streams.
   */
  constructor(
    readonly seed: number,
    readonly replicate: number,
    readonly salt = '',
  ) {}

  /** A new, uncached stream for `name`, from its first number (for replaying a stream to a position). */
  freshStream(name: string): Stream {
    return seedrandom.xor4096(this.key(name));
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
