import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backtest } from '../../src/results/backtest.js';
import { runCli } from '../helpers.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'ehsim-backtest-'));

describe('backtest', () => {
  it('naive forecasts use only the years to the origin', () => {
    const values = new Map([['2015-16', 100], ['2016-17', 110], ['2017-18', 120], ['2018-19', 130], ['2019-20', 140], ['2020-21', 150], ['2021-22', 100]]);
    const results = { scenario: 's', years: ['2019-20', '2020-21', '2021-22'], metrics: ['m'], byReplicate: [[[140], [155], [120]].map((r) => Float64Array.from(r))] };
    const got = backtest(results, [{ metric: 'm', label: 'M', values }], '2019-20');
    if (typeof got === 'string') throw new Error(got);
    expect(got.rows.map((r) => r.year)).toEqual(['2020-21', '2021-22']);
    expect(got.rows.map((r) => r.last_value)).toEqual([140, 140]);
    expect(got.rows[0]!.linear_trend).toBeCloseTo(150, 9);
    expect(got.rows[1]!.linear_trend).toBeCloseTo(160, 9);
    expect(got.scores[0]!.mape.model).toBeCloseTo((5 / 150 + 20 / 100) / 2, 12);
    expect(got.scores[0]!.mape.last_value).toBeCloseTo((10 / 150 + 40 / 100) / 2, 12);
    expect(got.scores[0]!.best).toBe('model');
    expect(backtest(results, [{ metric: 'm', label: 'M', values: new Map([['2019-20', 1]]) }], '2019-20')).toMatch(/no published value for 2015-16/);
  });

  it('runs the shipped England back-test and prints each series, each forecast and its MAPE', async () => {
    const out = path.join(tmp, 'england');
    const r = await runCli(['backtest', '--scale', '0.01', '-n', '2', '--out', out]);
    expect(r.code, r.err).toBe(0);
    for (const label of ['Referrals', 'Children in need at 31 March', 'Child protection plans started', 'Child protection plans at 31 March', 'Children starting to be looked after', 'Children looked after at 31 March']) {
      expect(r.out).toContain(label);
    }
    expect(r.out).toMatch(/2020-21 +2021-22 +2022-23 +2023-24 +2024-25 +MAPE/);
    expect(r.out).toMatch(/linear trend/);
    const csv = readFileSync(path.join(out, 'backtest.csv'), 'utf8').split('\n');
    expect(csv[0]).toBe('metric,year,observed,model_mean,model_lo95,model_hi95,model_mcse,last_value,linear_trend,model_error,last_value_error,linear_trend_error');
    expect(csv.filter((l) => l.startsWith('referrals,2020-21,597760,'))).toHaveLength(1);
    const json = JSON.parse(readFileSync(path.join(out, 'backtest.json'), 'utf8'));
    expect(json.origin).toBe('2019-20');
    expect(json.scores).toHaveLength(6);
    for (const f of ['charts/backtest.svg', 'charts/backtest.png', 'charts/backtest-errors.svg', 'manifest.json', 'annual.csv']) expect(existsSync(path.join(out, f)), f).toBe(true);
    // The back-test runs on the population observed in every year.
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    expect(manifest.population.years.map((y: { kind: string }) => y.kind)).toEqual(Array(6).fill('observed'));
    expect(manifest.policy).toEqual([]);
  });

  it('refuses an origin the scenario does not report, with one line and exit 2', async () => {
    const r = await runCli(['backtest', '--origin', '2030-31', '--scale', '0.01', '-n', '1', '--out', path.join(tmp, 'never')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--origin must be a reported year/);
    expect(existsSync(path.join(tmp, 'never'))).toBe(false);
  });
});
