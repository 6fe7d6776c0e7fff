import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli as cli } from '../helpers.js';

/** Issue #15, items 7, 8 and 10: no hangs, no internal errors, nothing accepted that is wrong. Each test is named after its item. */
const ROOT = path.resolve('.');
const BASE = path.join(ROOT, 'scenarios/england/baseline.yaml');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'ehsim-refusals-'));
const quick = ['--scale', '0.003', '-n', '1', '--workers', '1'];
/** A one-year model of a few hundred children (no areas): for what does not depend on the England model. */
const TINY = path.join(ROOT, 'tests/fixtures/theory/absorbing.yaml');
const tiny = ['--scale', '0.01', '-n', '1', '--workers', '1'];
const H = 'tests/fixtures/hang';

describe('item 7: no hangs', () => {
  it('a loop of states that take no time ends with one line naming the model file (exit 2), not a hang', async () => {
    const r = await cli(['run', 'tests/fixtures/hang/zero-time-loop.yaml', '-n', '1', '--workers', '1', '--out', path.join(tmp, 'never-loop')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^ehsim: tests\/fixtures\/hang\/zero-time-loop\.model\.yaml: the simulation stopped moving on 2019-\d\d-\d\d: more than 20,000,000 events within one unit of time/);
    expect(r.err.split('\n')).toHaveLength(1);
    expect(existsSync(path.join(tmp, 'never-loop'))).toBe(false);
  }, 60_000);

  it('extends naming a device or a FIFO is refused before reading it', async () => {
    const dir = mkdtempSync(path.join(tmp, 'devices-'));
    writeFileSync(path.join(dir, 'zero.yaml'), 'name: zero\nextends: /dev/zero\n');
    const fifo = path.join(dir, 'pipe.yaml');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    writeFileSync(path.join(dir, 'fifo.yaml'), `name: fifo\nextends: ${fifo}\n`);
    for (const f of ['zero.yaml', 'fifo.yaml']) {
      const r = await cli(['validate', path.join(dir, f)]);
      expect(r.code, f).toBe(2);
      expect(r.err, f).toMatch(/:2:10: extends: cannot read '.*': is not a regular file \(a device, pipe or socket\)/);
    }
  });
});

describe('item 7: static checks and bounds', () => {
  it.each([
    ['closed-zero-time', /closed-zero-time\.model\.yaml:7:5: states\.ping: children who reach 'ping', 'pong' loop there for ever without time passing/],
    ['closed-decision', /closed-decision\.model\.yaml:12:5: states\.decide: children who reach 'decide' loop there for ever without time passing/],
    ['closed-timed', /closed-timed\.model\.yaml:14:5: states\.review: children who reach 'review', 'plan' can never leave: .* no age limit/],
    ['rare-decision-exit', /rare-decision-exit\.model\.yaml: the simulation stopped moving on 2019-\d\d-\d\d: more than 1,000,000 decisions in a row for one child/],
  ])('%s: one line naming the model file, exit 2, nothing written', async (name, message) => {
    const out = path.join(tmp, `never-${name}`);
    const r = await cli(['run', `${H}/${name}.yaml`, '-n', '1', '--workers', '1', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.split('\n')).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
  });

  it('a --trace of more children than the run simulates is refused before simulating', async () => {
    const r = await cli(['run', TINY, ...tiny, '--trace', '100000', '--out', path.join(tmp, 'never-trace')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--trace 100000 is more children than the run has: a replicate of absorbing at scale 0\.01 simulates about 400 children/);
  });

  it('a mapping of more than 10,000 parameters is refused at its line, in seconds (half a million took 17 s by hand)', async () => {
    const file = path.join(tmp, 'many-parameters.yaml');
    const lines = ['name: many', `extends: ${TINY}`, 'parameters:'];
    for (let i = 0; i <= 10_000; i++) lines.push(`  p${i}: { value: 1 }`);
    writeFileSync(file, lines.join('\n') + '\n');
    const r = await cli(['validate', file]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/many-parameters\.yaml:4:3: parameters: holds 10,001 entries: at most 10,000 are allowed in one mapping/);
  });
});

describe('item 7: the kernel watchdog', () => {
  it('stops a loop that keeps the clock still, and lets a busy clock that moves run on', async () => {
    const { Simulator, StalledError } = await import('../../src/kernel/simulator.js');
    const still = new Simulator(0);
    still.schedule(0, 0, 0, 0);
    expect(() => still.runUntil(10, (_k, _s, _t, time) => still.schedule(time, 0, 0, 0), 1000)).toThrow(StalledError);
    const busy = new Simulator(0);
    busy.schedule(0, 0, 0, 0);
    let n = 0;
    busy.runUntil(10, (_k, _s, _t, time) => {
      n++;
      busy.schedule(time + 0.001, 0, 0, 0);
    }, 1000);
    expect(n).toBeGreaterThan(9000);
  });
});

describe('item 8: inputs that used to end in an internal error get one line and exit 2', () => {
  const D = 'tests/fixtures/damaged';
  it.each([
    ['undefined-alias.yaml', /undefined-alias\.yaml:3:14: YAML alias error: Unresolved alias/],
    ['alias-bomb.yaml', /alias-bomb\.yaml:\d+:\d+: too many aliases/],
    ['ramp-million-years.yaml', /ramp-million-years\.yaml:8:16: policy\.0\.rampYears: must be <= 50/],
    ['duration-1e15-months.yaml', /duration-1e15-months\.yaml: its starting stocks would hold [\d.e+]+ simulated children .* a duration or count parameter is far too large/],
  ])('%s', async (file, message) => {
    const r = await cli(['run', `${D}/${file}`, ...quick, '--out', path.join(tmp, `never-${file}`)]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/internal error|\n\s+at /);
    expect(existsSync(path.join(tmp, `never-${file}`))).toBe(false);
  });

  it('an empirical table of 100,000 bins is refused at its list', async () => {
    const file = path.join(tmp, 'bins.yaml');
    const n = 100_000;
    const breaks = Array.from({ length: n + 1 }, (_, i) => (18 * i) / n);
    const weights = new Array(n).fill(1);
    writeFileSync(file, `name: bins\nextends: ${BASE}\nparameters:\n  referralAgeYears:\n    value: { breaks: [${breaks.join(', ')}], weights: [${weights.join(', ')}] }\n    unit: years\n    source: { title: test, year: 2026 }\n`);
    const r = await cli(['validate', file]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bins\.yaml:5:\d+: parameters\.referralAgeYears\.value\.breaks: holds 100,001 entries: at most 10,000/);
  });

  it('a full or read-only disk is found before simulating, with nothing written', async () => {
    const out = path.join(tmp, 'never-full');
    process.env.EHSIM_MIN_FREE_MB = '1e12';
    try {
      const r = await cli(['run', TINY, ...tiny, '--out', out]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/never-full: cannot write: the disk holding .* has \d+ MiB free, and ehsim wants at least 1000000000000 MiB before it simulates/);
    } finally {
      delete process.env.EHSIM_MIN_FREE_MB;
    }
    expect(existsSync(out)).toBe(false);
    // /sys refuses new files even to root (a read-only or locked place to write).
    const ro = await cli(['run', TINY, ...tiny, '--out', '/sys/ehsim-never']);
    expect(ro.code).toBe(2);
    expect(ro.err).toMatch(/^ehsim: \/sys\/ehsim-never: cannot write in \/sys: (permission denied|operation not permitted|the file system is read-only)$/);
    const { writeFailure } = await import('../../src/outputs/writable.js');
    expect(writeFailure(Object.assign(new Error('x'), { code: 'ENOSPC', path: 'out/annual.csv' }))?.message).toBe('out/annual.csv: cannot write: no space left on the disk');
  });

  it('diagram --write into a missing folder, and report on a folder whose files are damaged', async () => {
    const d = await cli(['diagram', BASE, '--write', path.join(tmp, 'missing', 'd.md')]);
    expect(d.code).toBe(2);
    expect(d.err).toMatch(/d\.md: cannot read it to write the diagram into \(ENOENT\)/);
    const dir = path.join(tmp, 'damaged-run');
    expect((await cli(['run', TINY, ...tiny, '--out', dir])).code).toBe(0);
    writeFileSync(path.join(dir, 'manifest.json'), '{"broken');
    const r = await cli(['report', dir]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/manifest\.json: is damaged \(.*\): run the command that wrote this folder again/);
  }, 60_000);
});

describe('item 10: accepted-when-wrong inputs', () => {
  const D = 'tests/fixtures/item10';
  it('JSON with a byte-order mark is read; Latin-1 bytes and 30 February are refused at their line', async () => {
    expect((await cli(['validate', `${D}/bom.json`])).code).toBe(0);
    const latin = await cli(['validate', `${D}/latin1.yaml`]);
    expect(latin.code).toBe(2);
    expect(latin.err).toMatch(/latin1\.yaml:3:17: is not UTF-8 text \(byte 0xe9\)/);
    const feb = await cli(['validate', `${D}/feb-30.yaml`]);
    expect(feb.code).toBe(2);
    expect(feb.err).toMatch(/feb-30\.yaml:7:11: policy\.0\.from: lever 'later': '2029-02-30' is not a date/);
  });

  it("a parameter named 'min' is refused in one line; 'appraisal' naming a model file, or no file, is refused at its line", async () => {
    const min = await cli(['validate', `${D}/param-named-min.yaml`]);
    expect(min.code).toBe(2);
    expect(min.err).toMatch(/^ehsim: tests\/fixtures\/item10\/param-named-min\.yaml:5:3: parameters\.min: invalid name 'min': .* not one of the functions formulas call \(min, max/);
    expect(min.err.split('\n')).toHaveLength(1);
    const appraisal = await cli(['validate', `${D}/appraisal-model.yaml`]);
    expect(appraisal.code).toBe(2);
    expect(appraisal.err).toMatch(/appraisal-model\.yaml:4:12: appraisal: '\.\.\/theory\/absorbing\.model\.yaml' is not a discount-rate schedule/);
    const missing = await cli(['validate', `${D}/appraisal-missing.yaml`]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/appraisal-missing\.yaml:4:12: appraisal: cannot read 'no-such-schedule\.yaml': file not found/);
  });

  it('validate checks each file as its own kind; --values -1e9 is a value, not options', async () => {
    const ok = await cli(['validate', 'scenarios/england/psa-correlations.yaml', 'scenarios/england/psa-groups.yaml', 'scenarios/england/targets-2024-25.yaml', 'scenarios/england/population-0-17.yaml']);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/psa-correlations\.yaml \(correlations file\)\nok: .*psa-groups\.yaml \(parameter groups file\)\nok: .*targets-2024-25\.yaml \(targets file\)\nok: .*population-0-17\.yaml \(population file\)/);
    const self = await cli(['validate', `${D}/correlations-self.yaml`]);
    expect(self.err).toMatch(/correlations-self\.yaml:3:20: correlations\.0\.b: a parameter cannot be correlated with itself/);
    const sweep = await cli(['sweep', TINY, `${D}/absorbing-again.yaml`, '--param', 'pPlan', '--values', '-1e9,0.5', '-n', '1', '--out', path.join(tmp, 'never-sweep')]);
    expect(sweep.code).toBe(2);
    expect(sweep.err).toBe('ehsim: pPlan = -1000000000 is impossible: a probability must be between 0 and 1, got -1000000000');
  });

  it('a target observing 0 with a relative tolerance is refused, not reported as Infinity%', async () => {
    const { loadTargets } = await import('../../src/scenario/loadTargets.js');
    expect(() => loadTargets(`${D}/targets-observed-zero.yaml`)).toThrow(/targets-observed-zero\.yaml:7:\d+: targets\.0\.tolerance: target 'referrals' for 2024-25 observes 0: give it an absolute tolerance/);
  });

  it('explain and the briefing escape HTML and pipes, and keep each description on one line', async () => {
    const md = await cli(['explain', `${D}/hostile-text.yaml`]);
    expect(md.code).toBe(0);
    expect(md.out).not.toContain('<img');
    expect(md.out).toContain('&lt;img src=x onerror=alert(1)> \\| a \\| b');
    const row = md.out.split('\n').find((l) => l.startsWith('| `stepDown`'))!;
    expect(row.split(/(?<!\\)\|/).length).toBe(md.out.split('\n').find((l) => l.startsWith('| Parameter'))!.split('|').length);
    const { escapeMarkdown } = await import('../../src/report/briefingMarkdown.js');
    expect(escapeMarkdown('First line\n# Not a heading\n- not a bullet')).toBe('First line # Not a heading - not a bullet');
  });
});
