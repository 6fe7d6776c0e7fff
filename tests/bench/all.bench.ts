/**
 * Issue #16's benchmarks, each whole command in its own process so its peak memory is its own.
 * Usage: npm run bench           (all; about 20 minutes on 2 cores, the machine quiet)
 *        npm run bench -- quick  (skips the full-scale replicates and the 200-draw PSA)
 *        npm run bench -- engine (only 1 and 2: the replicates at scale 1 and 0.1, cold and warm, and the bare loop)
 * Every cache is a fresh temporary folder: "cold" starts empty, "warm" is the same command again.
 * Results are recorded in docs/benchmarks.md with the command that produced them.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bareLoop } from './bareLoop.js';

const quick = process.argv.includes('quick');
const engineOnly = process.argv.includes('engine');
const node = process.execPath;
const tsx = ['--import', 'tsx'];
const caches: string[] = [];
const freshCache = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ehsim-bench-cache-'));
  caches.push(dir);
  return dir;
};

/** Runs a command, timing it; the child reports its own peak memory (EHSIM_REPORT_RSS). */
function timed(args: string[], env: Record<string, string> = {}): { seconds: number; peakMb: number; out: string } {
  const t0 = performance.now();
  const out = execFileSync(node, args, { encoding: 'utf8', env: { ...process.env, CI: 'true', EHSIM_REPORT_RSS: '1', ...env }, maxBuffer: 1 << 26 });
  const seconds = (performance.now() - t0) / 1000;
  const rss = /peak RSS: (\d+) MB/.exec(out);
  return { seconds, peakMb: rss ? Number(rss[1]) : NaN, out };
}

interface Engine {
  seconds: number;
  events: number;
  days: number;
  areas: { events: number; pending: number }[];
  peakMb: number;
}
const engine = (scale: string, cache?: string): Engine => JSON.parse(timed([...tsx, 'tests/bench/engine.bench.ts', scale, '1', ...(cache ? [cache] : [])]).out.trim().split('\n').at(-1)!) as Engine;

/** The same events, area by area, through the bare loop: how close the model's hot path is to the loop's limit. */
function yardstick(e: Engine): { seconds: number; events: number } {
  const runs = e.areas.map((a) => bareLoop(a.pending, a.events, e.days));
  return { seconds: runs.reduce((s, r) => s + r.seconds, 0), events: runs.reduce((s, r) => s + r.events, 0) };
}

const rate = (events: number, seconds: number) => `${(events / seconds / 1e6).toFixed(2)} M events/s`;
console.log(`node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} x ${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB\n`);

for (const scale of quick ? ['0.1'] : ['1', '0.1']) {
  const cold = engine(scale);
  const bare = yardstick(cold);
  console.log(`1. scale ${scale}: one replicate, ${cold.events.toLocaleString('en-GB')} events in ${cold.seconds.toFixed(1)} s = ${rate(cold.events, cold.seconds)}; the bare loop ${rate(bare.events, bare.seconds)}; model / bare = ${(bare.events / bare.seconds / (cold.events / cold.seconds)).toFixed(2)}x slower (target <= 3); peak ${cold.peakMb} MB (target <= 1024 at scale 1)`);
  const cache = freshCache();
  engine(scale, cache);
  const warm = engine(scale, cache);
  console.log(`2. scale ${scale}: one replicate with a warm cache (the projection years only): ${warm.seconds.toFixed(1)} s against ${cold.seconds.toFixed(1)} s cold = ${(cold.seconds / warm.seconds).toFixed(2)}x (target <= 15 s at scale 1)`);
}

// As users run it: bin/ehsim.js, which runs the compiled copy of src/ (bin/build.js).
const ehsim = ['bin/ehsim.js'];
const start = (cache: string) => timed([...ehsim, ...startArgs()], { EHSIM_CACHE_DIR: cache });
function startArgs(): string[] {
  // npm start's own command line (package.json), without a shell.
  const script = (JSON.parse(execFileSync(node, ['-e', "process.stdout.write(require('fs').readFileSync('package.json','utf8'))"], { encoding: 'utf8' })) as { scripts: { start: string } }).scripts.start;
  const words = [...script.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
  return [...words.slice(words.indexOf('bin/ehsim.js') + 1).map((w) => (w === 'output/england' ? 'output/bench-start' : w))];
}
if (!engineOnly) commands();
for (const dir of caches) rmSync(dir, { recursive: true, force: true });

/** 3 to 5: whole commands, as users run them. */
function commands(): void {
  const cache = freshCache();
  const cold = start(cache);
  const warm = start(cache);
  console.log(`3. npm start: cold ${cold.seconds.toFixed(1)} s (target <= 40), warm ${warm.seconds.toFixed(1)} s (target <= 15); peak ${cold.peakMb} MB cold, ${warm.peakMb} MB warm`);

  const run = (workers: number) => timed([...ehsim, 'run', 'scenarios/england/baseline.yaml', '--scale', '0.1', '--replicates', '8', '--workers', String(workers), '--no-cache', '--out', `output/bench-w${workers}`]);
  const one = run(1);
  const two = run(2);
  console.log(`4. 2 workers against 1 (8 replicates at scale 0.1, whole command, no cache): ${one.seconds.toFixed(1)} s / ${two.seconds.toFixed(1)} s = ${(one.seconds / two.seconds).toFixed(2)}x (target >= 1.8)`);

  if (!quick) {
    try {
      const psa = timed([...ehsim, 'sensitivity', 'scenarios/england/baseline.yaml', 'scenarios/england/funding-restoration.yaml', '--psa', '200', '--scale', '0.05', '--out', 'output/bench-psa-200'], { EHSIM_CACHE_DIR: freshCache() });
      console.log(`5. 200-draw PSA at scale 0.05 (funding restoration, 2 workers, cold cache): ${(psa.seconds / 60).toFixed(1)} min (target <= 3), peak ${psa.peakMb} MB`);
    } catch (e) {
      const err = e as { stderr?: string; message: string };
      console.log(`5. 200-draw PSA at scale 0.05: failed: ${(err.stderr || err.message).split('\n')[0]}`);
    }
  }
}
