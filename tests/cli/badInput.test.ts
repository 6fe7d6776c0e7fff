import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareScenario } from '../../src/runs/prepare.js';
import { runCli } from '../helpers.js';

const dir = 'tests/fixtures/bad';


/** Runs `ehsim run` on a bad file: exit 2, one short located message, no stack trace, nothing written. */
async function expectRejected(file: string, pattern: RegExp) {
  const before = existsSync('output') ? readdirSync('output') : [];
  const target = path.join(mkdtempSync(path.join(os.tmpdir(), 'ehsim-bad-')), 'run');
  const { code, err, out } = await runCli(['run', file, '--replicates', '1', '--scale', '0.001', '--out', target]);
  expect(code).toBe(2);
  expect(err).toMatch(pattern);
  expect(err).not.toMatch(/\n\s+at /); // no stack trace
  expect(err.split('\n').length).toBe(1);
  expect(out).toBe('');
  expect(existsSync(target)).toBe(false);
  expect(existsSync('output') ? readdirSync('output') : []).toEqual(before);
  // validate says the same
  const v = await runCli(['validate', file]);
  expect(v.code).toBe(2);
  expect(v.err).toMatch(pattern);
}

const baselineParameters = prepareScenario('scenarios/england/baseline.yaml').parameters;
const f = (name: string) => path.join(dir, name).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('bad input files are rejected with file:line:col, exit 2 and nothing written', () => {
  it('missing file', () => expectRejected(`${dir}/does-not-exist.yaml`, /does-not-exist\.yaml: file not found/));
  it('empty file', () => expectRejected(`${dir}/empty.yaml`, new RegExp(`${f('empty.yaml')}: file is empty`)));
  it('a directory', () => expectRejected(`${dir}/a-directory.yaml`, /a-directory\.yaml: is a directory/));
  it('YAML syntax error', () => expectRejected(`${dir}/yaml-syntax.yaml`, new RegExp(`${f('yaml-syntax.yaml')}:\\d+:\\d+: YAML syntax error`)));
  it('JSON syntax error', () => expectRejected(`${dir}/json-syntax.json`, new RegExp(`${f('json-syntax.json')}:5:\\d+: JSON syntax error`)));
  it('duplicate key', () => expectRejected(`${dir}/duplicate-key.yaml`, new RegExp(`${f('duplicate-key.yaml')}:5:3: duplicate key`)));
  it('unknown key', () => expectRejected(`${dir}/unknown-key.yaml`, new RegExp(`${f('unknown-key.yaml')}:4:46: parameters.stepDown.sorce: unknown key 'sorce' \\(expected one of: .*source`)));
  it('wrong type', () => expectRejected(`${dir}/wrong-type.yaml`, new RegExp(`${f('wrong-type.yaml')}:5:12: parameters.stepDown.value: expected number or object, got string`)));
  it('NaN value', () => expectRejected(`${dir}/nan-value.yaml`, new RegExp(`${f('nan-value.yaml')}:4:22: .*finite number, got NaN`)));
  it('infinite value', () => expectRejected(`${dir}/infinite-value.yaml`, new RegExp(`${f('infinite-value.yaml')}:4:\\d+: .*finite number, got Infinity`)));
  it('probability outside [0, 1]', () => expectRejected(`${dir}/probability-out-of-range.yaml`, new RegExp(`${f('probability-out-of-range.yaml')}:4:22: .*between 0 and 1, got 1.4`)));
  it('negative duration', () => expectRejected(`${dir}/negative-duration.yaml`, new RegExp(`${f('negative-duration.yaml')}:4:\\d+: .*days must not be negative`)));
  it('negative cost', () => expectRejected(`${dir}/negative-cost.yaml`, new RegExp(`${f('negative-cost.yaml')}:4:\\d+: .*GBP per assessment must not be negative`)));
  it('uncertainty distribution with impossible parameters', () =>
    expectRejected(`${dir}/impossible-distribution.yaml`, new RegExp(`${f('impossible-distribution.yaml')}:8:\\d+: .*beta distribution needs alpha > 0`)));
  it('model distribution made impossible by a scenario value', () =>
    expectRejected(
      `${dir}/impossible-model-distribution.yaml`,
      new RegExp(`model\\.yaml:\\d+:\\d+: states.earlyHelp.duration: impossible distribution: triangular.*earlyHelpModeMonths = 20 \\(${f('impossible-model-distribution.yaml')}:4:3\\)`),
    ));
  it('modifier reading an undeclared attribute', () =>
    expectRejected(`${dir}/unknown-attribute.yaml`, new RegExp(`${f('unknown-attribute.model.yaml')}:16:30: states.assess.transitions.0.modifiers.0.if.attribute: unknown attribute 'familyNeed'`)));
  it('extends a missing file', () => expectRejected(`${dir}/extends-missing.yaml`, new RegExp(`${f('extends-missing.yaml')}:2:10: extends: cannot read .*file not found`)));
  it('extends cycle', () => expectRejected(`${dir}/extends-cycle-a.yaml`, /extends-cycle-[ab]\.yaml:2:10: extends: cycle of scenarios/));
  it('formula naming an unknown parameter', () => expectRejected(`${dir}/formula-unknown.yaml`, new RegExp(`${f('formula-unknown.yaml')}:4:\\d+: .*unknown parameter 'costPerPlace'`)));
  it('cyclic formula', () => expectRejected(`${dir}/formula-cycle.yaml`, new RegExp(`${f('formula-cycle.yaml')}:4:\\d+: .*cyclic formula: earlyHelpMeanYears -> earlyHelpCostPerPlaceYear -> earlyHelpMeanYears`)));
  it('forbidden function in a formula', () => expectRejected(`${dir}/formula-forbidden.yaml`, new RegExp(`${f('formula-forbidden.yaml')}:4:\\d+: .*function 'import' is not allowed`)));
  it('transition probabilities summing above 1', () => {
    // 0.95 plus the baseline's own probabilities of the other listed transitions out of assessment
    // (child protection, and care: one transition for babies and one for older children).
    const p = (name: string) => baselineParameters.get(name)!.value as number;
    const sum = Math.round((0.95 + p('pAssessmentToChildProtection') + 2 * p('pAssessmentToCare')) * 1e6) / 1e6;
    return expectRejected(
      `${dir}/transition-sum.yaml`,
      new RegExp(`model\\.yaml:\\d+:\\d+: states.assessment.transitions: transition probabilities sum to ${String(sum).replace('.', '\\.')}, above 1.*pAssessedNotInNeed = 0.95 \\(${f('transition-sum.yaml')}:4:3\\)`),
    );
  });
  it('calibration target naming an unknown metric', () =>
    expectRejected(`${dir}/targets-unknown-metric.yaml`, new RegExp(`${f('targets-unknown-metric.targets.yaml')}:8:13: targets.1.metric: unknown metric 'refferals'`)));
  it('outcome declaration naming a metric the model no longer has', () =>
    expectRejected(`${dir}/outcome-renamed-metric.yaml`, new RegExp(`${f('outcome-renamed-metric.model.yaml')}:17:15: outcomes.effects.0.metric: unknown metric 'starts'`)));
  it('referral state without its counters', () =>
    expectRejected(`${dir}/referral-uncounted.yaml`, new RegExp(`${f('referral-uncounted.model.yaml')}:7:5: states.referral: missing required key 'referralCount'`)));
  it('money without a price year', () =>
    expectRejected(`${dir}/money-no-price-year.yaml`, new RegExp(`${f('money-no-price-year.yaml')}:4:\\d+: parameters.costFosteringPerWeek: missing 'priceYear'`)));
  it('a price year the deflator does not hold', () =>
    expectRejected(`${dir}/price-year-unknown.yaml`, new RegExp(`${f('price-year-unknown.yaml')}:4:\\d+: parameters.costFosteringPerWeek.priceYear: 2004-05 is not in the price index`)));
  it('money in a scenario with no deflator', () => expectRejected(`${dir}/money-no-prices.yaml`, new RegExp(`${f('money-no-prices.yaml')}:1:1: missing 'prices'`)));
  it('a deflator file with a missing year', () =>
    expectRejected(`${dir}/prices-gap.yaml`, new RegExp(`${f('prices-gap.prices.yaml')}:8:\\d+: years.1.year: expected 2023-24 after 2022-23`)));
  it('calibration target without a tolerance', () =>
    expectRejected(`${dir}/targets-no-tolerance.yaml`, new RegExp(`${f('targets-no-tolerance.targets.yaml')}:3:\\d+: targets.0: missing required key 'tolerance'`)));
});

describe('bad command-line values are rejected with exit 2', () => {
  const baseline = 'scenarios/england/baseline.yaml';
  it.each([
    [['--replicates', '0'], /--replicates must be a whole number from 1 to 100,000, got '0'/],
    [['--replicates', '2.5'], /--replicates must be a whole number/],
    [['--scale', '0'], /--scale must be a number in \(0, 1\], got '0'/],
    [['--scale', '1.5'], /--scale must be a number in \(0, 1\], got '1.5'/],
    [['--scale', 'half'], /--scale must be a number in \(0, 1\]/],
    [['--seed', '-1'], /--seed must be a non-negative integer, got '-1'/],
    [['--seed', '1.5'], /--seed must be a non-negative integer, got '1.5'/],
    [['--seed', 'abc'], /--seed must be a non-negative integer, got 'abc'/],
    // Issue #15, item 8: twenty-digit numbers are refused, not attempted.
    [['--replicates', '12345678901234567890'], /--replicates must be a whole number from 1 to 100,000, got '12345678901234567890'/],
    [['--workers', '12345678901234567890'], /--workers must be a whole number from 1 to 256/],
    [['--trace', '12345678901234567890'], /--trace must be a whole number of children, at most 100,000/],
  ])('%j', async (flags, pattern) => {
    const before = existsSync('output') ? readdirSync('output') : [];
    const { code, err } = await runCli(['run', baseline, ...flags]);
    expect(code).toBe(2);
    expect(err).toMatch(pattern);
    expect(existsSync('output') ? readdirSync('output') : []).toEqual(before);
  });

  it('an unknown command or option is a usage error (exit 2)', async () => {
    expect((await runCli(['rnu', baseline])).code).toBe(2);
    expect((await runCli(['run', baseline, '--replicate', '3'])).code).toBe(2);
  });

  it('an option given twice is a usage error naming it, not a crash (exit 2, nothing written)', async () => {
    const target = path.join(mkdtempSync(path.join(os.tmpdir(), 'ehsim-twice-')), 'run');
    const { code, err } = await runCli(['run', baseline, '--scale', '0.001', '--out', target, '--out', `${target}2`]);
    expect(code).toBe(2);
    expect(err).toBe(`ehsim: --out was given 2 times ('${target}', '${target}2'): give it once`);
    expect(existsSync(target) || existsSync(`${target}2`)).toBe(false);
    expect((await runCli(['compare', baseline, baseline, '--replicates', '2', '-n', '3'])).err).toMatch(/^ehsim: --replicates was given 2 times/);
  });
});
