import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ageBandLabels } from '../../src/model/compileModel.js';
import { prepareScenario } from '../../src/runs/prepare.js';
import { checkTargetsAgainst, loadTargets } from '../../src/scenario/loadTargets.js';
import { simulateReplicate } from '../../src/simulation/simulateReplicate.js';
import type { TraceRow } from '../../src/simulation/trace.js';
import { runCli } from '../helpers.js';

const YEAR_DAYS = 365.25;
const BANDS = [0, 1, 5, 16];
const bandOf = (age: number) => BANDS.filter((b) => age >= b).length - 1;

/**
 * Every count of the metrics fixture, recounted from the full trace of one replicate (every child
 * traced): the engine's counters must agree exactly.
 */
function recount(rows: TraceRow[], bounds: number[]) {
  const years = bounds.length - 1;
  const yearOf = (day: number) => bounds.findIndex((b, y) => y < years && day >= b && day < bounds[y + 1]!);
  const zero = () => new Array<number>(years).fill(0);
  const zeroBands = () => Array.from({ length: years }, () => new Array<number>(BANDS.length).fill(0));
  const r = {
    referrals: zero(), rereferrals: zero(), referred: zero(), rereferred: zero(), starts: zero(), repeat: zero(), infants: zero(),
    ends: zero(), agedOut: zero(), stock: zero(), startsByBand: zeroBands(), stockByBand: zeroBands(),
  };
  const byChild = new Map<number, TraceRow[]>();
  for (const row of rows) byChild.set(row.child, [...(byChild.get(row.child) ?? []), row]);
  for (const history of byChild.values()) {
    const arrival = history[0]!;
    expect(arrival.event).toBe('arrival');
    const ageAt = (day: number) => Number(/age=([\d.]+)/.exec(arrival.attributes)![1]) + (day - arrival.day) / YEAR_DAYS;
    const referredIn = new Set<number>();
    const rereferredIn = new Set<number>();
    let lastReferral = -Infinity;
    let plans = 0;
    for (const row of history) {
      const y = yearOf(row.day);
      if (row.to === 'referral') {
        const again = row.day - lastReferral <= 365;
        lastReferral = row.day;
        if (y >= 0) {
          r.referrals[y]!++;
          referredIn.add(y);
          if (again) {
            r.rereferrals[y]!++;
            rereferredIn.add(y);
          }
        }
      }
      if (row.to === 'plan' && row.from !== 'plan') {
        plans++;
        if (y < 0) continue;
        r.starts[y]!++;
        r.startsByBand[y]![bandOf(ageAt(row.day))]!++;
        if (plans >= 2) r.repeat[y]!++;
        if (ageAt(row.day) < 1) r.infants[y]!++;
      }
      if (row.from === 'plan' && row.to !== 'plan' && y >= 0) {
        r.ends[y]!++;
        if (row.event === 'age-out') r.agedOut[y]!++;
      }
    }
    for (const y of referredIn) r.referred[y]!++;
    for (const y of rereferredIn) r.rereferred[y]!++;
    for (let y = 0; y < years; y++) {
      const end = bounds[y + 1]!;
      const last = history.filter((row) => row.day < end).at(-1);
      if (last?.to !== 'plan') continue;
      r.stock[y]!++;
      r.stockByBand[y]![bandOf(ageAt(end))]!++;
    }
  }
  return r;
}

describe('counts of distinct children, conditional counts, group ends and age bands', () => {
  const prepared = prepareScenario('tests/fixtures/model/metrics.yaml');
  const out = simulateReplicate({ epochs: prepared.epochs, grid: prepared.grid, seed: 7, replicate: 0, scale: 1, traceChildren: 100_000 });
  const metric = (name: string) => {
    const m = prepared.metrics.indexOf(name);
    expect(m, name).toBeGreaterThanOrEqual(0);
    return out.values.map((row) => row[m]!);
  };
  const r = recount(out.trace, prepared.grid.bounds);
  const bands = (prefix: string) => ['under_1', '1_4', '5_15', '16_plus'].map((b) => metric(`${prefix}_age_${b}`));
  const byYear = (perBand: number[][]) => perBand[0]!.map((_, y) => perBand.map((b) => b[y]!));

  it('agree exactly with a recount from every child’s history', () => {
    expect(metric('referrals')).toEqual(r.referrals);
    expect(metric('rereferrals')).toEqual(r.rereferrals);
    expect(metric('children_referred')).toEqual(r.referred);
    expect(metric('children_rereferred')).toEqual(r.rereferred);
    expect(metric('plan_starts')).toEqual(r.starts);
    expect(metric('plan_repeat')).toEqual(r.repeat);
    expect(metric('plan_infants')).toEqual(r.infants);
    expect(metric('plan_infants_again')).toEqual(r.infants);
    expect(metric('plan_ends')).toEqual(r.ends);
    expect(metric('plan_aged_out')).toEqual(r.agedOut);
    expect(metric('plan_31_march')).toEqual(r.stock);
    expect(byYear(bands('plan_starts'))).toEqual(r.startsByBand);
    expect(byYear(bands('plan_31_march'))).toEqual(r.stockByBand);
  });

  it('are not trivially zero or equal to the totals', () => {
    const [y0, y1] = [0, 1];
    expect(r.referred[y1]!).toBeLessThan(r.referrals[y1]!);
    expect(r.rereferred[y1]!).toBeLessThan(r.rereferrals[y1]!);
    expect(r.rereferred[y1]!).toBeGreaterThan(0);
    expect(r.repeat[y1]!).toBeGreaterThan(0);
    expect(r.agedOut[y0]!).toBeGreaterThan(0);
    expect(r.ends[y0]!).toBeGreaterThan(r.agedOut[y0]!);
    for (const perBand of [...r.startsByBand, ...r.stockByBand]) expect(perBand.every((n) => n > 0)).toBe(true);
  });

  it('add up: stock = starts - ends from an empty start, bands sum to totals, ends = every way out', () => {
    const [starts, ends, stock] = [metric('plan_starts'), metric('plan_ends'), metric('plan_31_march')];
    expect(stock[0]).toBe(starts[0]! - ends[0]!);
    expect(stock[1]).toBe(stock[0]! + starts[1]! - ends[1]!);
    for (const [prefix, total] of [['plan_starts', starts], ['plan_31_march', stock]] as const) {
      const sums = byYear(bands(prefix)).map((b) => b.reduce((a, x) => a + x, 0));
      expect(sums).toEqual(total);
    }
    expect(metric('plan_repeat_share').map((x, y) => x * starts[y]!)).toEqual(metric('plan_repeat').map((x) => expect.closeTo(x, 9)));
  });
});

describe('age band names', () => {
  const fail = (msg: string) => new Error(msg);
  it('derive from the breaks', () => {
    expect(ageBandLabels([0, 1, 5, 10, 16], fail)).toEqual(['under_1', '1_4', '5_9', '10_15', '16_plus']);
    expect(ageBandLabels([0, 1, 2, 18], fail)).toEqual(['under_1', '1', '2_17', '18_plus']);
  });
  it('need whole, increasing years from 0', () => {
    expect(() => ageBandLabels([1, 5], fail)).toThrow(/starts at age 0/);
    expect(() => ageBandLabels([0, 5, 5], fail)).toThrow(/must increase/);
    expect(() => ageBandLabels([0, 2.5], fail)).toThrow(/whole years/);
  });
});

describe('the new model-file fields are checked at their line', () => {
  const model = readFileSync('tests/fixtures/model/metrics.model.yaml', 'utf8');
  async function rejected(from: string, to: string): Promise<string> {
    expect(model).toContain(from);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ehsim-metrics-'));
    writeFileSync(path.join(dir, 'metrics.model.yaml'), model.replace(from, to));
    writeFileSync(path.join(dir, 'metrics.yaml'), readFileSync('tests/fixtures/model/metrics.yaml', 'utf8'));
    const v = await runCli(['validate', path.join(dir, 'metrics.yaml')]);
    expect(v.code).toBe(2);
    return v.err;
  }
  it('age bands that do not start at 0', async () =>
    expect(await rejected('breaks: [0, 1, 5, 16]', 'breaks: [1, 5, 16]')).toMatch(/metrics\.model\.yaml:21:\d+: groups\.inPlan\.ageBands\.breaks: the first band starts at age 0, got 1/));
  it('counting referred children in a state that is not a referral', async () =>
    expect(await rejected('    count: plan_entries\n', '    count: plan_entries\n    childrenCount: plan_children\n')).toMatch(/metrics\.model\.yaml:\d+:\d+: states\.plan\.childrenCount: 'childrenCount' counts referrals: it needs 'referral: true'/));
  it('a conditional count naming an undeclared attribute', async () =>
    expect(await rejected('attribute: plans, atLeast: 2', 'attribute: plan, atLeast: 2')).toMatch(/metrics\.model\.yaml:\d+:\d+: states\.plan\.countIf\.0\.if\.attribute: unknown attribute 'plan'/));
  it('a conditional count without its counter', async () =>
    expect(await rejected('        count: plan_repeat\n', '')).toMatch(/metrics\.model\.yaml:\d+:\d+: states\.plan\.countIf\.0: missing required key 'count'/));
});

describe('targets-2024-25.yaml', () => {
  it('loads, is all for 2024-25, and names only metrics of the England model', () => {
    const targets = loadTargets('scenarios/england/targets-2024-25.yaml');
    const england = prepareScenario('scenarios/england/baseline.yaml');
    expect(targets.targets.length).toBeGreaterThan(20);
    for (const t of targets.targets) expect(t.year, t.metric).toBe('2024-25');
    expect(() => checkTargetsAgainst(targets, england.metrics, england.grid.labels)).not.toThrow();
  });
});
