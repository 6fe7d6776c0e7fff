import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { simulateWithForks } from '../../src/runs/fork.js';
import { prepareScenario } from '../../src/runs/prepare.js';
import { runVariants } from '../../src/runs/runVariants.js';
import { useWarmCache, type WarmCache } from '../../src/runs/warmCache.js';
import { runCli } from '../helpers.js';

/** Issue #16: warm starts give the same bytes as simulating from the warm-up, and a bad entry is never trusted. */
const BASE = 'tests/fixtures/warm/base.yaml';
const POLICY = 'tests/fixtures/warm/policy.yaml';
const fresh = (maxMb = 64): WarmCache => ({ dir: mkdtempSync(path.join(os.tmpdir(), 'ehsim-warm-')), maxBytes: maxMb * 2 ** 20 });
const entries = (c: WarmCache) => readdirSync(c.dir).filter((n) => n.endsWith('.warm'));
const bytes = (outs: { values: Float64Array[]; events: number }[]) => outs.map((o) => [o.events, ...o.values.map((v) => [...v])]);

afterEach(() => useWarmCache(null));

describe('warm starts (issue #16)', () => {
  const base = prepareScenario(BASE);
  const policy = prepareScenario(POLICY);
  const common = { grid: base.grid, seed: 3, replicate: 1, scale: 0.2 };

  it('a comparison restored from the cache, stored cold or read warm, equals one simulated from the warm-up', () => {
    const cache = fresh();
    const none = simulateWithForks(base, [policy], common, null);
    const cold = simulateWithForks(base, [policy], common, cache);
    expect(entries(cache)).toHaveLength(1);
    const warm = simulateWithForks(base, [policy], common, cache);
    expect(bytes(cold)).toEqual(bytes(none));
    expect(bytes(warm)).toEqual(bytes(none));
    // The policy alone, as `run` would: stored on the base date, not the fork's day.
    const alone = simulateWithForks(policy, [], common, null);
    expect(bytes(simulateWithForks(policy, [], common, cache))).toEqual(bytes(alone));
    expect(bytes(simulateWithForks(policy, [], common, cache))).toEqual(bytes(alone));
    expect(entries(cache)).toHaveLength(2);
  });

  it('a damaged, truncated or foreign entry is ignored and replaced, never trusted', () => {
    const cache = fresh();
    const none = simulateWithForks(base, [policy], common, null);
    simulateWithForks(base, [policy], common, cache);
    simulateWithForks(base, [], { ...common, replicate: 2 }, cache);
    const [a, b] = entries(cache).map((n) => path.join(cache.dir, n)) as [string, string];
    const damage = (file: string, how: (buf: Buffer) => Buffer) => writeFileSync(file, how(readFileSync(file)));
    for (const how of [(buf: Buffer) => (buf[buf.length - 100]! ^= 0xff, buf), (buf: Buffer) => buf.subarray(0, buf.length >> 1), () => readFileSync(b)]) {
      damage(a, how);
      expect(bytes(simulateWithForks(base, [policy], common, cache))).toEqual(bytes(none));
    }
    expect(bytes(simulateWithForks(base, [policy], common, cache))).toEqual(bytes(none));
  });

  it('PSA draws (parameter overrides) and the cache bound: each draw its own entry, the oldest evicted', async () => {
    const draws = [120, 150, 200, 240].map((d) => new Map([['meanDelayDays', d]]));
    const settings = { seed: 1, replicates: 1, scale: 0.2, workers: 1 };
    const none = await runVariants([BASE, POLICY], draws, settings);
    const cache = fresh();
    useWarmCache(cache);
    expect(await runVariants([BASE, POLICY], draws, settings)).toEqual(none);
    expect(entries(cache)).toHaveLength(4);
    expect(await runVariants([BASE, POLICY], draws, settings)).toEqual(none);
    const size = Math.max(...entries(cache).map((n) => statSync(path.join(cache.dir, n)).size));
    const small = { dir: cache.dir, maxBytes: Math.floor(size * 2.5) };
    writeFileSync(path.join(cache.dir, 'mine.warm'), 'a file ehsim did not write');
    // Eviction comes with a write: a new seed's entry.
    useWarmCache(null);
    const seed2 = await runVariants([BASE, POLICY], draws.slice(0, 1), { ...settings, seed: 2 });
    useWarmCache(small);
    expect(await runVariants([BASE, POLICY], draws.slice(0, 1), { ...settings, seed: 2 })).toEqual(seed2);
    const total = entries(cache).filter((n) => n !== 'mine.warm').reduce((acc, n) => acc + statSync(path.join(cache.dir, n)).size, 0);
    expect(total).toBeLessThanOrEqual(small.maxBytes);
    expect(entries(cache).filter((n) => n !== 'mine.warm').length).toBe(2);
    expect(readFileSync(path.join(cache.dir, 'mine.warm'), 'utf8')).toBe('a file ehsim did not write');
  });

  it('run writes the same files cold, warm and with --no-cache', async () => {
    const cache = fresh();
    process.env.EHSIM_CACHE_DIR = cache.dir;
    const out = mkdtempSync(path.join(os.tmpdir(), 'ehsim-warm-run-'));
    try {
      for (const [name, extra] of [['cold', []], ['warm', []], ['none', ['--no-cache']]] as const) {
        const r = await runCli(['run', POLICY, '-n', '2', '--scale', '0.2', '--workers', '1', '--out', path.join(out, name), ...extra]);
        expect(r.code, r.err).toBe(0);
      }
    } finally {
      delete process.env.EHSIM_CACHE_DIR;
    }
    expect(entries(cache)).toHaveLength(2);
    for (const f of ['annual.csv', 'replicates.csv']) {
      const cold = readFileSync(path.join(out, 'cold', f), 'utf8');
      expect(readFileSync(path.join(out, 'warm', f), 'utf8')).toBe(cold);
      expect(readFileSync(path.join(out, 'none', f), 'utf8')).toBe(cold);
    }
    expect(existsSync(path.join(out, 'none'))).toBe(true);
  });
});
