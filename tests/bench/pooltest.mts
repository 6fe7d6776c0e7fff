import { openPool } from '../../src/runs/pool.ts';
const w = Number(process.argv[2]); const n = Number(process.argv[3]);
const pool = openPool(w);
const tasks = Array.from({ length: n }, (_, r) => ({ files: ['scenarios/england/baseline.yaml'] as [string], overrides: [], replicate: r, seed: 1, scale: 0.1, traceChildren: 0, streamSalt: '' }));
// warm the workers: one small task each
await pool.run(Array.from({ length: w }, (_, r) => ({ ...tasks[0]!, replicate: 100 + r, scale: 0.001 })), () => {});
const t0 = performance.now();
await pool.run(tasks, () => {});
console.log(`workers ${w}, ${n} tasks: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
await pool.close();
