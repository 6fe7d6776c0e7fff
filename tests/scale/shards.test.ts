import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveShard, shardReplicates } from '../../src/cli/shard.js';
import { main } from '../../src/cli/main.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'ehsim-shards-'));
const quiet = { out: () => {}, err: () => {} };
const ehsim = (...args: string[]) => execFileSync(process.execPath, ['bin/ehsim.js', ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });

describe('cluster shards', () => {
  it('3 shard processes plus merge write exactly what one run writes', () => {
    const common = ['compare', 'scenarios/england/baseline.yaml', 'scenarios/england/funding-restoration.yaml', '--scale', '0.005', '--replicates', '5', '--workers', '1'];
    ehsim(...common, '--out', path.join(tmp, 'one'));
    for (const k of [0, 1, 2]) ehsim(...common, '--shard', `${k}/3`, '--out', path.join(tmp, `shard${k}`));
    ehsim('merge', ...[0, 1, 2].map((k) => path.join(tmp, `shard${k}`)), '--out', path.join(tmp, 'merged'));
    for (const f of ['annual.csv', 'replicates.csv', 'comparison.csv', 'summary.json', 'levers.csv']) {
      expect(readFileSync(path.join(tmp, 'merged', f), 'utf8'), f).toBe(readFileSync(path.join(tmp, 'one', f), 'utf8'));
    }
  });

  it('merge refuses missing replicates, duplicates and mismatched shards (exit 2)', async () => {
    const run = (...a: string[]) => main(['run', 'scenarios/england/baseline.yaml', '--scale', '0.002', '--replicates', '4', '--workers', '1', ...a], quiet);
    expect(await run('--shard', '0/2', '--out', path.join(tmp, 'r0'))).toBe(0);
    expect(await run('--shard', '1/2', '--out', path.join(tmp, 'r1'))).toBe(0);
    expect(await run('--shard', '1/2', '--seed', '9', '--out', path.join(tmp, 'r1-other-seed'))).toBe(0);
    const err: string[] = [];
    const merge = (...dirs: string[]) => main(['merge', ...dirs.map((d) => path.join(tmp, d)), '--out', path.join(tmp, 'm')], { out: () => {}, err: (s) => err.push(s) });
    expect(await merge('r0')).toBe(2);
    expect(err.pop()).toMatch(/missing england-baseline replicate 1, england-baseline replicate 3/);
    expect(await merge('r0', 'r0')).toBe(2);
    expect(err.pop()).toMatch(/replicate 0 of england-baseline is also in/);
    expect(await merge('r0', 'r1-other-seed')).toBe(2);
    expect(err.pop()).toMatch(/seed differs \(9 vs 1\)/);
    writeFileSync(path.join(tmp, 'not-a-shard.txt'), 'x');
    expect(await merge('r0', 'not-a-shard.txt')).toBe(2);
    expect(await merge('r0', 'r1')).toBe(0);
  });
});

describe('which shard a process runs', () => {
  it('takes --shard first, then EHSIM_SHARD_*, Kubernetes, Slurm and AWS Batch variables', () => {
    expect(resolveShard('2/5', { SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_COUNT: '3' })).toMatchObject({ index: 2, count: 5 });
    expect(resolveShard(undefined, { EHSIM_SHARD_INDEX: '1', EHSIM_SHARD_COUNT: '4', JOB_COMPLETION_INDEX: '3' })).toMatchObject({ index: 1, count: 4 });
    expect(resolveShard(undefined, { JOB_COMPLETION_INDEX: '3', EHSIM_SHARD_COUNT: '7' })).toMatchObject({ index: 3, count: 7 });
    expect(resolveShard(undefined, { SLURM_ARRAY_TASK_ID: '5', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_STEP: '2', SLURM_ARRAY_TASK_COUNT: '3' })).toMatchObject({ index: 2, count: 3 });
    expect(resolveShard(undefined, { AWS_BATCH_JOB_ARRAY_INDEX: '4', AWS_BATCH_JOB_ARRAY_SIZE: '10' })).toMatchObject({ index: 4, count: 10 });
    expect(resolveShard(undefined, {})).toBeNull();
  });

  it('rejects shards that cannot be placed', () => {
    expect(() => resolveShard('3/3', {})).toThrow(/not valid/);
    expect(() => resolveShard('a/b', {})).toThrow(/--shard must be k\/n/);
    expect(() => resolveShard(undefined, { JOB_COMPLETION_INDEX: '1' })).toThrow(/EHSIM_SHARD_COUNT/);
    expect(() => resolveShard(undefined, { SLURM_ARRAY_TASK_ID: '4', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_STEP: '2', SLURM_ARRAY_TASK_COUNT: '3' })).toThrow(/--shard/);
  });

  it('assigns replicate r to shard r mod n', () => {
    expect(shardReplicates(10, { index: 1, count: 3, from: 'test' })).toEqual([1, 4, 7]);
    expect(shardReplicates(3, null)).toEqual([0, 1, 2]);
  });
});
