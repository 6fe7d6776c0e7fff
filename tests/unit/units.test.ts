import { describe, expect, it } from 'vitest';
import { explainScenario } from '../../src/analysis/explain.js';
import { prepareScenario } from '../../src/runs/prepare.js';
import { convertUnit, parseUnit } from '../../src/scenario/units.js';
import { runCli } from '../helpers.js';

/**
 * Issue #14, units that mean something: a value is converted into the unit its parameter is
 * declared in, or rejected at the line the user wrote (never at the shipped file's).
 */
describe('units', () => {
  it('convert scale, period and percent; refuse other kinds of quantity', () => {
    expect(convertUnit(1, 'GBP billion per year', 'GBP per year')).toBe(1e9);
    expect(convertUnit(250, 'GBP million', 'GBP')).toBe(2.5e8);
    expect(convertUnit(60, 'percent', 'probability')).toBe(0.6);
    expect(convertUnit(2, 'weeks', 'days')).toBe(14);
    expect(convertUnit(100, 'GBP per week', 'GBP per year')).toBeCloseTo((100 * 365.25) / 7, 9);
    expect(convertUnit(5, 'GBP per place per year', 'GBP per year per place')).toBe(5);
    expect(convertUnit(1, 'GBP billion', 'GBP per year')).toMatch(/cannot be converted/);
    expect(convertUnit(3, 'working days', 'days')).toMatch(/cannot be converted/);
    expect(convertUnit(1, 'quid', 'GBP')).toMatch(/not a unit ehsim knows/);
    expect(parseUnit('rate per 10,000 children')).not.toBeNull();
  });

  it('every unit in the shipped scenarios is one ehsim knows', () => {
    const p = prepareScenario('scenarios/england/duty-and-funding.yaml');
    for (const [name, q] of p.parameters) expect(parseUnit(q.unit), `${name}: ${q.unit}`).not.toBeNull();
  });

  it('£1bn written in billions a year is £1bn a year (converted, priced like the value it replaces)', () => {
    const base = prepareScenario('scenarios/england/funding-restoration.yaml').parameters.get('restorationFunding')!;
    const billion = prepareScenario('tests/fixtures/units/billion.yaml').parameters.get('restorationFunding')!;
    expect(billion.unit).toBe('GBP per year');
    expect((billion.value as number) / (base.value as number)).toBeCloseTo(1 / 1.93, 12);
    expect(billion.declared.entry.statedAs).toEqual({ value: 1, unit: 'GBP billion per year' });
  });

  it('60 percent for a probability is 0.6', () => {
    expect(prepareScenario('tests/fixtures/units/percent.yaml').parameters.get('stepDown')!.value).toBe(0.6);
  });

  it('a lever setting money in millions says so with its unit, and without one is refused', () => {
    const p = prepareScenario('tests/fixtures/units/lever-millions.yaml');
    const total = p.areas!.areas.reduce((acc, a) => acc + a.share * a.levers.find((l) => l.lever.entry.name === 'more-money')!.newValue, 0);
    expect(total).toBeCloseTo(1e9, 0);
  });

  it.each([
    ['billion-no-period', /billion-no-period\.yaml:7:11: .*'GBP billion' cannot be converted to 'GBP per year'.*restorationFunding is in 'GBP per year'/],
    ['percent-too-big', /percent-too-big\.yaml:6:12: .*a probability must be between 0 and 1, got 1\.6 \(160 percent as written\)/],
    ['lever-millions-no-unit', /lever-millions-no-unit\.yaml:7:10: .*lever 'more-money': 1000 of what\? Give the lever a unit/],
    ['unknown-unit', /unknown-unit\.yaml:6:11: .*'quid' is not a unit ehsim knows/],
    ['other-kind', /other-kind\.yaml:6:11: .*'days' cannot be converted to 'probability'/],
  ])('%s is exit 2 at the user\'s file:line:col', async (name, message) => {
    const r = await runCli(['validate', `tests/fixtures/units/${name}.yaml`]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.split('\n')).toHaveLength(1);
  });

  it('explain shows a value written in another unit, and every parameter a lever reaches through formulas', () => {
    const percent = explainScenario(prepareScenario('tests/fixtures/units/percent.yaml')).find((r) => r.parameter === 'stepDown')!;
    expect(percent.unit).toBe('probability (written as 60 percent)');
    const rows = explainScenario(prepareScenario('scenarios/england/funding-restoration.yaml'));
    expect(rows.find((r) => r.parameter === 'earlyHelpPlaces')!.levers).toContain('restore-funding (through additionalEarlyInterventionFunding)');
  });
});
