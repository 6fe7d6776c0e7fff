/**
 * Ctrl-C: run the registered clean-ups (stop workers, remove a half-written
 * temporary folder), say so, and exit with 130. Outputs are only ever renamed
 * into place complete, so an interrupted run leaves no output folder.
 */
const cleanups = new Set<() => void>();
let installed = false;

export function onInterrupt(cleanup: () => void): () => void {
  if (!installed) {
    installed = true;
    process.once('SIGINT', () => {
      for (const c of cleanups) {
        try {
          c();
        } catch {
          // keep cleaning up
        }
      }
      process.stderr.write('\nehsim: interrupted; no output folder was written\n');
      process.exit(130);
    });
  }
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}
