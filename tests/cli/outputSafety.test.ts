import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli as cli } from '../helpers.js';

/** Issue #15: nothing lost, nothing silently wrong. Each test is named after the item it checks. */
const ROOT = path.resolve('.');
const BIN = path.join(ROOT, 'bin', 'ehsim.js');
const BASE = path.join(ROOT, 'scenarios/england/baseline.yaml');
const DUTY = path.join(ROOT, 'scenarios/england/statutory-duty.yaml');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'ehsim-safety-'));
const quick = ['--scale', '0.003', '-n', '1', '--workers', '1'];
/** A one-year model of a few hundred children (no areas): for what does not depend on the England model. */
const TINY = path.join(ROOT, 'tests/fixtures/theory/absorbing.yaml');
const tiny = ['--scale', '0.01', '-n', '1', '--workers', '1'];

const leftovers = (dir: string) => readdirSync(dir).filter((n) => /\.tmp-\d+-\d+/.test(n));

describe('item 1: --out replaces only a folder that is provably ehsim output', () => {
  it('refuses a folder ehsim never wrote, even one with a manifest.json, and deletes nothing (exit 2)', async () => {
    const ext = path.join(tmp, 'ext');
    mkdirSync(path.join(ext, 'src'), { recursive: true });
    writeFileSync(path.join(ext, 'manifest.json'), '{"manifest_version":3}');
    writeFileSync(path.join(ext, 'src', 'a.js'), 'x');
    const r = await cli(['run', TINY, ...tiny, '--out', ext]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/ext: output folder exists and is not one ehsim wrote/);
    expect(readFileSync(path.join(ext, 'src', 'a.js'), 'utf8')).toBe('x');
  });

  it("replaces its own output, but not once a user has added a file to it, and never the working folder", async () => {
    const own = path.join(tmp, 'own');
    expect((await cli(['run', TINY, ...tiny, '--out', own])).code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(own, '.ehsim-output.json'), 'utf8')).files).toContain('annual.csv');
    expect((await cli(['run', TINY, ...tiny, '--seed', '2', '--out', own])).code).toBe(0);
    writeFileSync(path.join(own, 'notes.txt'), 'mine');
    const again = await cli(['run', TINY, ...tiny, '--out', own]);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/holds files ehsim did not write \(notes\.txt\)/);
    expect(readFileSync(path.join(own, 'notes.txt'), 'utf8')).toBe('mine');
    const here = spawnSync(process.execPath, [BIN, 'run', TINY, ...tiny, '--out', '.'], { cwd: own, encoding: 'utf8' });
    expect(here.status).toBe(2);
    expect(here.stderr).toMatch(/is the working folder or holds it/);
    expect(existsSync(path.join(own, 'notes.txt'))).toBe(true);
  }, 60_000);
});

describe('item 2: runs started together get folders of their own', () => {
  it('three runs with seeds 1, 2, 3 started at once each keep their default folder', async () => {
    const cwd = mkdtempSync(path.join(tmp, 'together-'));
    const runs = [1, 2, 3].map(
      (seed) =>
        new Promise<string>((resolve) => {
          const p = spawn(process.execPath, [BIN, 'run', TINY, ...tiny, '--seed', String(seed)], { cwd });
          let out = '';
          p.stdout.on('data', (d) => (out += d));
          p.on('close', () => resolve(out));
        }),
    );
    const outs = await Promise.all(runs);
    const folders = outs.map((o) => /Wrote (\S+)\//.exec(o)?.[1]);
    expect(new Set(folders).size).toBe(3);
    for (const f of folders) expect(existsSync(path.join(cwd, f!, 'annual.csv'))).toBe(true);
  }, 120_000);
});

describe('item 9: interrupted runs leave nothing behind', () => {
  it('after SIGKILL at several moments of compare, no partial folder is visible and the next run clears the temporaries', async () => {
    const parent = mkdtempSync(path.join(tmp, 'killed-'));
    const out = path.join(parent, 'cmp');
    for (const ms of [2000, 6000]) {
      const p = spawn(process.execPath, [BIN, 'compare', BASE, DUTY, ...quick, '--out', out], { stdio: 'ignore' });
      const closed = new Promise((r) => p.on('close', r));
      await Promise.race([closed, new Promise((r) => setTimeout(r, ms))]);
      p.kill('SIGKILL');
      await closed;
      // The folder is either absent or complete: tables, charts and briefing together.
      if (existsSync(out)) for (const f of ['summary.json', 'briefing.html', 'charts/index.json', '.ehsim-output.json']) expect(existsSync(path.join(out, f)), `${ms} ms: ${f}`).toBe(true);
    }
    // A temporary of a process that is gone (as SIGKILL mid-write leaves), beside a user's file of a like name.
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    mkdirSync(path.join(parent, `.cmp.tmp-${gone}-1764640000000`));
    writeFileSync(path.join(parent, `.cmp.tmp-${gone}-1764640000000`, 'annual.csv'), 'partial');
    writeFileSync(path.join(parent, '.notes.tmp-mine'), 'keep');
    const next = await cli(['run', TINY, ...tiny, '--out', path.join(parent, 'next')]);
    expect(next.code).toBe(0);
    expect(leftovers(parent)).toEqual([]);
    expect(readFileSync(path.join(parent, '.notes.tmp-mine'), 'utf8')).toBe('keep');
  }, 180_000);
});

describe('item 3: every input is read once, and worker processes are handed it', () => {
  it('editing a scenario file during a run with two workers changes neither the results nor what the manifest records', async () => {
    const { resetInputSnapshot, endInputSnapshot } = await import('../../src/scenario/sourceFile.js');
    const { prepareScenario } = await import('../../src/runs/prepare.js');
    const { runScenarios } = await import('../../src/runs/runScenarios.js');
    const overlay = (p: number) =>
      `name: edited\nextends: ${TINY}\nparameters:\n  arrivalsPerYear:\n    value: ${p}\n    unit: children per year\n    source: { title: "test", year: 2026 }\n`;
    const file = path.join(mkdtempSync(path.join(tmp, 'edit-')), 'edited.yaml');
    const referrals = async (workers: number, edit?: () => void) => {
      resetInputSnapshot();
      try {
        const prepared = prepareScenario(file);
        edit?.();
        const m = prepared.metrics.indexOf('absorbed_closed');
        const out: number[] = [];
        await runScenarios([{ file, prepared }], { seed: 1, scale: 0.01, replicates: [0, 1], workers }, (_k, r, o) => (out[r] = o.values[0]![m]!));
        return { out, sha: prepared.files[0]!.sha256 };
      } finally {
        endInputSnapshot();
      }
    };
    writeFileSync(file, overlay(40000));
    const asRead = await referrals(2, () => writeFileSync(file, overlay(400000)));
    writeFileSync(file, overlay(40000));
    const original = await referrals(1);
    writeFileSync(file, overlay(400000));
    const edited = await referrals(1);
    expect(asRead.out).toEqual(original.out);
    expect(asRead.sha).toBe(original.sha);
    expect(edited.out[0]).toBeGreaterThan(2 * original.out[0]!);
  }, 120_000);
});

describe('item 6: ehsim runs from outside the project with several workers', () => {
  it('finds its TypeScript loader from its own files, not the working folder', () => {
    const r = spawnSync(process.execPath, [BIN, 'run', TINY, '--scale', '0.01', '-n', '2', '--workers', '2', '--out', path.join(tmp, 'outside')], { cwd: os.tmpdir(), encoding: 'utf8' });
    expect(r.stderr).not.toMatch(/ERR_MODULE_NOT_FOUND|internal error/);
    expect(r.status).toBe(0);
    expect(existsSync(path.join(tmp, 'outside', 'annual.csv'))).toBe(true);
  }, 60_000);
});

describe('item 5: merge checks every replicate and every row it is given', () => {
  it('refuses a shard claiming a replicate it cannot hold, a truncated row or a bad date (exit 2, nothing written)', async () => {
    const dir = mkdtempSync(path.join(tmp, 'shards-'));
    const shard = (k: number) => path.join(dir, `s${k}`);
    for (const k of [0, 1]) expect((await cli(['run', TINY, '--scale', '0.01', '-n', '2', '--workers', '1', '--shard', `${k}/2`, '--out', shard(k)])).code).toBe(0);
    expect((await cli(['merge', shard(0), shard(1), '--out', path.join(dir, 'merged')])).code).toBe(0);
    const tamper = (name: string, edit: (data: { results: { replicate: number; values: unknown[][] }[] }, manifest: { started: string }) => void) => {
      const copy = path.join(dir, name);
      mkdirSync(copy);
      const data = JSON.parse(readFileSync(path.join(shard(1), 'shard.json'), 'utf8'));
      const manifest = JSON.parse(readFileSync(path.join(shard(1), 'manifest.json'), 'utf8'));
      edit(data, manifest);
      writeFileSync(path.join(copy, 'shard.json'), JSON.stringify(data));
      writeFileSync(path.join(copy, 'manifest.json'), JSON.stringify(manifest));
      return copy;
    };
    const cases: [string, Parameters<typeof tamper>[1], RegExp][] = [
      ['seven', (d) => (d.results[0]!.replicate = 7), /replicate 7 cannot be in shard 1 of 2 of a run of 2 replicates/],
      ['minus-one', (d) => (d.results[0]!.replicate = -1), /replicate -1 cannot be in shard 1 of 2/],
      ['truncated', (d) => d.results[0]!.values[0]!.pop(), /does not have 1 years of \d+ values/],
      ['bad-date', (_d, m) => (m.started = '2021-02-30T99:00:00Z'), /started is not a date/],
    ];
    for (const [name, edit, message] of cases) {
      const out = path.join(dir, `never-${name}`);
      const r = await cli(['merge', shard(0), tamper(name, edit), '--out', out]);
      expect(r.code, name).toBe(2);
      expect(r.err, name).toMatch(message);
      expect(existsSync(out), name).toBe(false);
    }
  }, 120_000);
});

describe('item 4: a scale too small to simulate is refused, and a swamped effect is flagged', () => {
  it('refuses --scale 1e-9 naming the smallest useful scale (exit 2, nothing written), and warns when Monte Carlo error swamps an effect', async () => {
    const out = path.join(tmp, 'never-tiny');
    for (const args of [['run', BASE], ['compare', BASE, DUTY], ['sensitivity', BASE, DUTY, '--tornado', '--params', 'stepDown']]) {
      const r = await cli([...args, '--scale', '1e-9', '-n', '1', '--out', out]);
      expect(r.code, args[0]).toBe(2);
      expect(r.err, args[0]).toMatch(/--scale 1e-9 is too small for england-baseline: the starting stock of '\w+' in [\w ]+ would expect fewer than one simulated child over the run; the smallest scale that simulates every stream is 0\.000\d+/);
      expect(existsSync(out)).toBe(false);
    }
    const small = await cli(['compare', BASE, DUTY, '--scale', '0.002', '-n', '2', '--no-briefing', '--out', path.join(tmp, 'noisy')]);
    expect(small.code).toBe(0);
    expect(small.out).toMatch(/Warning: statutory-duty: [a-z ]+ \(-?[\d,]+\) is within its Monte Carlo error \(1\.96 x MCSE = [\d,]+\) at scale 0\.002 with 2 replicates/);
  }, 120_000);
});
