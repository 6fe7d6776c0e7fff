import cliProgress from 'cli-progress';

/**
 * A progress bar on stderr for runs longer than about two seconds. Silent when
 * stderr is not a terminal or under CI, so logs and pipes stay clean.
 */
export function progressBar(total: number, label: string): { tick(): void; stop(): void } {
  const enabled = process.stderr.isTTY === true && !process.env.CI;
  let done = 0;
  let bar: cliProgress.SingleBar | null = null;
  const timer = enabled
    ? setTimeout(() => {
        bar = new cliProgress.SingleBar(
          { stream: process.stderr, format: `${label} [{bar}] {percentage}% | {value}/{total} replicates | ETA {eta_formatted}`, clearOnComplete: true, hideCursor: true },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, done);
      }, 2000)
    : null;
  return {
    tick() {
      done++;
      (bar as cliProgress.SingleBar | null)?.update(done);
    },
    stop() {
      if (timer) clearTimeout(timer);
      (bar as cliProgress.SingleBar | null)?.stop();
    },
  };
}
