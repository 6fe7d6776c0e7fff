/**
 * Issue #4's benchmarks, each in its own process so peak memory is its own.
 * Usage: npm run bench            (all; about 10 minutes on 2 cores)
 *        npm run bench -- quick   (skips the 1,000-replicate memory run)
 *        npm run bench -- psa     (also issue #6's 200-draw PSA at scale 0.05; about 11 more minutes)
 * Results are recorded in docs/benchmarks.md with the command that produced them.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';

const quick = process.argv.includes('quick');
const node = process.execPath;
const tsx = ['--import', 'tsx'];

function timed(args: string[]): { seconds: number; maxRssMb: number; out: string } {
  // /usr/bin/time is not assumed: the child reports its own peak RSS.
  const t0 = performance.now();
  const out = execFileSync(node, args, { encoding: 'utf8', env: { ...process.env, CI: 'true', EHSIM_REPORT_RSS: '1' }, maxBuffer: 1 << 26 });
  const seconds = (performance.now() - t0) / 1000;
  const rss = /peak RSS: (\d+) MB/.exec(out);
  return { seconds, maxRssMb: rss ? Number(rss[1]) : NaN, out };
}

console.log(`node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} x ${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB\n`);

const full = timed([...tsx, 'tests/bench/engine.bench.ts', '1', '1']);
const events = Number(/events: ([\d,]+)/.exec(full.out)![1]!.replace(/,/g, ''));
const perRep = Number(/seconds: ([\d.]+)/.exec(full.out)![1]);
console.log(`1. events per second per core, scale 1: ${(events / perRep / 1e6).toFixed(2)} million (target >= 10)`);
console.log(`2. seconds for one full-scale replicate (18-year warm-up + 11 reported years): ${perRep.toFixed(1)} s (target <= 5)`);
console.log(`3. peak memory at full scale: ${full.maxRssMb} MB (target <= 1024)`);

const run = (workers: number, replicates: number, scale: string) =>
  timed([...tsx, 'src/cli.ts', 'run', 'scenarios/england/baseline.yaml', '--scale', scale, '--replicates', String(replicates), '--workers', String(workers), '--out', `output/bench-w${workers}-r${replicates}`]);
for (const [replicates, scale] of [[4, '0.05'], [8, '0.1']] as const) {
  const one = run(1, replicates, scale);
  const two = run(2, replicates, scale);
  console.log(
    `4. 2 workers against 1 (${replicates} replicates at scale ${scale}, whole command): ${one.seconds.toFixed(1)} s / ${two.seconds.toFixed(1)} s = ${(one.seconds / two.seconds).toFixed(2)}x (target >= 1.8)`,
  );
}

if (!quick) {
  const ten = run(2, 10, '0.01');
  const thousand = run(2, 1000, '0.01');
  console.log(
    `5. peak memory, scale 0.01, 2 workers: 10 replicates ${ten.maxRssMb} MB, 1,000 replicates ${thousand.maxRssMb} MB (${(thousand.maxRssMb / ten.maxRssMb).toFixed(2)}x; target: within the memory of 10); 1,000 replicates took ${thousand.seconds.toFixed(0)} s`,
  );
}

if (process.argv.includes('psa')) {
  const psa = timed([
    ...tsx,
    'src/cli.ts',
    'sensitivity',
    'scenarios/england/baseline.yaml',
    'scenarios/england/funding-restoration.yaml',
    '--psa',
    '200',
    '--scale',
    '0.05',
    '--out',
    'output/bench-psa-200',
  ]);
  console.log(`6. 200-draw PSA at scale 0.05 (funding restoration, 2 workers): ${(psa.seconds / 60).toFixed(1)} min, peak ${psa.maxRssMb} MB (target <= 10 min)`);
}
