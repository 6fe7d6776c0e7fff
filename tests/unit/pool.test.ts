import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readResult, resultsFolder, writeResult } from '../../src/runs/resultFiles.js';
import { openPool } from '../../src/runs/pool.js';
import { prepareScenario } from '../../src/runs/prepare.js';
import type { ReplicateTask } from '../../src/runs/runner.js';

/**
 * Issue #16: a pool of N simulating processes is this process and N - 1 worker processes. This
 * process runs tasks too, while the workers hold a second task each; whichever process runs a
 * task, the results come back in task order and are the same numbers.
 */
const FILE = 'tests/fixtures/prestart/base.yaml';
const task = (replicate: number, scale = 0.01): ReplicateTask => ({ files: [FILE], overrides: [], replicate, seed: 3, scale, traceChildren: 0, streamSalt: '' });

async function runAll(workers: number, batches: ReplicateTask[][]): Promise<{ order: number[]; values: number[][] }[]> {
  const pool = openPool(workers, undefined, [{ file: FILE, prepared: prepareScenario(FILE) }]);
  try {
    const out = [];
    for (const tasks of batches) {
      const order: number[] = [];
      const values: number[][] = [];
      await pool.run(tasks, (i, outputs) => {
        order.push(i);
        values.push(Array.from(outputs[0]!.values.flatMap((row) => Array.from(row))));
      });
      out.push({ order, values });
    }
    return out;
  } finally {
    await pool.close();
  }
}

describe('a pool that includes this process (issue #16)', () => {
  it('gives results in task order, equal to one process alone, batch after batch and with fewer tasks than processes', async () => {
    const batches = [Array.from({ length: 7 }, (_, r) => task(r)), [task(20)], [], Array.from({ length: 3 }, (_, r) => task(30 + r, 0.005))];
    const one = await runAll(1, batches);
    const three = await runAll(3, batches);
    expect(one.map((b) => b.order)).toEqual([[0, 1, 2, 3, 4, 5, 6], [0], [], [0, 1, 2]]);
    expect(three).toEqual(one);
  }, 120_000);
});

describe("workers' results handed over in files (issue #16)", () => {
  it('are read back whole and removed; folders of commands that have gone are removed, those of live ones kept', () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.pid'], { encoding: 'utf8' }).pid!;
    const stale = path.join(os.tmpdir(), `ehsim-results-${gone}-test`);
    const live = path.join(os.tmpdir(), `ehsim-results-${process.pid}-test`);
    mkdirSync(stale, { recursive: true });
    mkdirSync(live, { recursive: true });
    try {
      const folder = resultsFolder();
      expect(existsSync(stale)).toBe(false);
      expect(existsSync(live)).toBe(true);
      const result = { impossible: 'pPlan + pCare > 1' };
      const file = writeResult(folder, result);
      expect(path.dirname(file)).toBe(folder);
      expect(readResult(file)).toEqual(result);
      expect(existsSync(file)).toBe(false);
      rmSync(folder, { recursive: true });
    } finally {
      rmSync(live, { recursive: true, force: true });
      rmSync(stale, { recursive: true, force: true });
    }
  });
});
