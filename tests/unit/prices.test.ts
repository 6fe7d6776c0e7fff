import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { drawParameters } from '../../src/analysis/psa.js';
import { uncertainParameters } from '../../src/analysis/uncertainty.js';
import { checkVariedParameter } from '../../src/analysis/variedParameter.js';
import { parametersOf, scenarioForManifest } from '../../src/outputs/manifest.js';
import { planPolicy } from '../../src/parameters/levers.js';
import { prepareScenario } from '../../src/runs/prepare.js';
import { loadPrices } from '../../src/scenario/loadPrices.js';
import { runCli } from '../helpers.js';

/**
 * Issue #12 part 3, "One price year": every money parameter states its price year and is converted
 * to the scenario's (2024-25) with the HM Treasury GDP deflator, exactly once, whichever way its
 * value arrives (the file, a lever, an analysis's override).
 */
const BASE = 'scenarios/england/baseline.yaml';
const FUNDING = 'scenarios/england/funding-restoration.yaml';
const DEFLATOR = 'scenarios/prices/hmt-gdp-deflator-2026-03.yaml';
const BAD = 'tests/fixtures/bad';
const tmp = mkdtempSync(path.join(os.tmpdir(), 'ehsim-prices-'));
const factor1920 = 100 / 80.8738; // HM Treasury GDP deflator, 2019-20 to 2024-25 (DATA.md §8.5)

/** A scenario extending the baseline, written to a temporary file. */
function overlay(name: string, body: string): string {
  const file = path.join(tmp, `${name}.yaml`);
  writeFileSync(file, `name: ${name}\nextends: ${path.resolve(BASE)}\n${body}`);
  return file;
}

/** The last period of constant parameters of a scenario's policy, with an analysis's fixed values. */
function epochAfterLevers(file: string, fixed: ReadonlyMap<string, number> = new Map()) {
  const p = prepareScenario(file, fixed);
  return planPolicy(p.scenario, p.parameters, p.grid.bounds.at(-1)!, () => true, fixed).epochs.at(-1)!;
}

const value = (file: string, name: string, overrides?: Map<string, number>) => prepareScenario(file, overrides).parameters.get(name)!.value as number;

describe('the deflator file', () => {
  it('holds every financial year 2010-11 to 2030-31, 2024-25 = 100, forecasts marked as the OBR’s', () => {
    const p = loadPrices(DEFLATOR);
    expect([...p.index.keys()]).toEqual(Array.from({ length: 21 }, (_, i) => `${2010 + i}-${String((11 + i) % 100).padStart(2, '0')}`));
    expect(p.index.get('2024-25')).toBe(100);
    expect(p.index.get('2019-20')).toBe(80.8738);
    expect([...p.basis].filter(([, b]) => b === 'OBR forecast').map(([y]) => y)).toEqual(['2025-26', '2026-27', '2027-28', '2028-29', '2029-30', '2030-31']);
    expect(p.title).toBe('HM Treasury GDP deflator, March 2026');
  });

  it('turns £1.93bn (2019-20 prices) into £2.39bn (2024-25 prices) within £0.01bn, through the baseline', () => {
    const r = prepareScenario(BASE).parameters.get('restorationFunding')!;
    expect(r.stated).toEqual({ value: 1.93e9, priceYear: '2019-20', convertedTo: '2024-25' });
    expect(Math.abs((r.value as number) - 2.39e9)).toBeLessThanOrEqual(0.01e9);
    expect(r.value).toBeCloseTo(1.93e9 * factor1920, 0);
  });

  it('a bad deflator file is one located error, exit 2', async () => {
    const v = await runCli(['validate', `${BAD}/prices-gap.yaml`]);
    expect(v.code).toBe(2);
    expect(v.err).toMatch(/prices-gap\.prices\.yaml:8:\d+: years\.1\.year: expected 2023-24 after 2022-23/);
    expect(v.err.split('\n').length).toBe(1);
  });
});

describe('money parameters must state a price year the deflator holds', () => {
  it('a money parameter with no price year is rejected with file:line:col (validate: exit 2, one line)', async () => {
    const v = await runCli(['validate', `${BAD}/money-no-price-year.yaml`]);
    expect(v.code).toBe(2);
    expect(v.err).toMatch(/^ehsim: tests\/fixtures\/bad\/money-no-price-year\.yaml:4:\d+: parameters\.costFosteringPerWeek: missing 'priceYear'/);
    expect(v.err.split('\n').length).toBe(1);
  });

  it('a price year absent from the deflator file is rejected at that field', async () => {
    const v = await runCli(['validate', `${BAD}/price-year-unknown.yaml`]);
    expect(v.code).toBe(2);
    expect(v.err).toMatch(/price-year-unknown\.yaml:4:\d+: parameters\.costFosteringPerWeek\.priceYear: 2004-05 is not in the price index .*hmt-gdp-deflator-2026-03\.yaml \(2010-11 to 2030-31\)/);
  });

  it("a scenario with money and no deflator is rejected, naming its 'prices' field", async () => {
    const v = await runCli(['validate', `${BAD}/money-no-prices.yaml`]);
    expect(v.code).toBe(2);
    expect(v.err).toMatch(/money-no-prices\.yaml:1:1: missing 'prices': parameter 'one' \(.*money-no-prices\.yaml:7\) is money/);
  });

  it('a formula states no price year (its money is the scenario’s), nor does what is not money', async () => {
    const formula = overlay('formula-price-year', 'parameters:\n  costEarlyHelpPerDay: { formula: earlyHelpCostPerPlaceYear / 365.25, unit: GBP per day, priceYear: 2024-25, source: { title: test, year: 2026 } }\n');
    expect((await runCli(['validate', formula])).err).toMatch(/formula-price-year\.yaml:4:\d+: parameters\.costEarlyHelpPerDay\.priceYear: a formula's money is in the scenario's price year \(2024-25\)/);
    const share = overlay('share-price-year', 'parameters:\n  stepDown: { value: 0.2, unit: probability, priceYear: 2024-25, source: { title: test, year: 2026 } }\n');
    expect((await runCli(['validate', share])).err).toMatch(/share-price-year\.yaml:4:\d+: parameters\.stepDown\.priceYear: a price year is for money/);
  });

  it("the scenario's price year must be one the deflator holds", async () => {
    const far = overlay('far-price-year', 'priceYear: "2040-41"\n');
    expect((await runCli(['validate', far])).err).toMatch(/far-price-year\.yaml:3:\d+: priceYear: price year 2040-41 is not in the price index/);
  });
});

describe('conversion to the scenario’s price year', () => {
  it('keeps 2024-25 values, deflates older ones, and formulas compute from converted inputs', () => {
    const p = prepareScenario(BASE).parameters;
    const v = (n: string) => p.get(n)!.value as number;
    expect(v('costFosteringPerWeek')).toBe(735);
    expect(v('costOtherPlacementPerWeek')).toBeCloseTo(300 * factor1920, 9);
    expect(v('costPerReferral')).toBeCloseTo((200 * 100) / 73.0337, 9);
    expect(v('costCareOtherPerDay')).toBeCloseTo(((1 - v('shareFostering') - v('shareResidential')) * 300 * factor1920) / 7, 9);
    expect(p.get('costCareOtherPerDay')!.stated).toMatchObject({ priceYear: '2024-25' });
  });

  it('an overlay stating another price year converts every cost to it (and inherits the deflator)', () => {
    const in1920 = overlay('in-2019-20', 'priceYear: "2019-20"\n');
    expect(value(in1920, 'restorationFunding')).toBe(1.93e9);
    expect(value(in1920, 'costFosteringPerWeek')).toBeCloseTo(735 / factor1920, 9);
  });

  it('a lever’s number on a money parameter is in that parameter’s price year, converted once', () => {
    // costOtherPlacementPerWeek is priced in 2019-20; the model reads it through costCareOtherPerDay.
    const set = overlay('lever-set', 'policy:\n  - { name: dearer, parameter: costOtherPlacementPerWeek, set: 400, unit: GBP per week, onlyIfBelow: 350, from: "2027-04-01", source: { title: test, year: 2026 } }\n');
    const p = prepareScenario(set);
    expect(p.levers.at(-1)!.oldValue).toBeCloseTo(300 * factor1920, 9);
    expect(p.levers.at(-1)!.newValue).toBeCloseTo(400 * factor1920, 9);
    // The epoch from the lever's date resolves the lever's value as it is, and formulas from it.
    const after = epochAfterLevers(set).parameters;
    expect(after.get('costOtherPlacementPerWeek')!.value).toBeCloseTo(400 * factor1920, 9);
    const shares = 1 - (after.get('shareFostering')!.value as number) - (after.get('shareResidential')!.value as number);
    expect(after.get('costCareOtherPerDay')!.value).toBeCloseTo((shares * 400 * factor1920) / 7, 9);
    const add = overlay('lever-add', 'policy:\n  - { name: dearer, parameter: costOtherPlacementPerWeek, add: 100, unit: GBP per week, from: "2027-04-01", source: { title: test, year: 2026 } }\n');
    expect(prepareScenario(add).levers.at(-1)!.newValue).toBeCloseTo(400 * factor1920, 9);
    // A lever naming a parameter takes its converted value: restoration funding in 2024-25 prices.
    const funding = prepareScenario(FUNDING).levers.at(-1)!;
    expect(funding.newValue).toBeCloseTo(1.93e9 * factor1920, 0);
  });

  it('an analysis’s override (a PSA draw, a sweep point) is in the parameter’s own price year, converted once', () => {
    // The shipped funding marks restorationFunding a policy's dose (never sampled); this fixture makes it uncertain.
    const uncertain = 'tests/fixtures/analysis/funding-restoration-uncertain.yaml';
    expect(uncertainParameters([prepareScenario(BASE), prepareScenario(FUNDING)]).map((q) => q.name)).not.toContain('restorationFunding');
    const [param] = uncertainParameters([prepareScenario(BASE), prepareScenario(uncertain)]).filter((q) => q.name === 'restorationFunding');
    expect(param).toMatchObject({ value: 1.93e9, unit: 'GBP per year (2019-20 prices)' });
    const [draw] = drawParameters([param!], 1, 1);
    const drawn = draw!.get('restorationFunding')!;
    expect(drawn).toBeGreaterThanOrEqual(1.7e9);
    expect(drawn).toBeLessThanOrEqual(2.2e9);
    // The runner prepares each variant with its overrides: the value, and the lever that reads it, once converted.
    const p = prepareScenario(FUNDING, draw);
    expect(p.parameters.get('restorationFunding')!.value).toBeCloseTo(drawn * factor1920, 0);
    expect(p.parameters.get('restorationFunding')!.stated).toMatchObject({ value: drawn, priceYear: '2019-20' });
    expect(p.levers.at(-1)!.newValue).toBeCloseTo(drawn * factor1920, 0);
    const after = epochAfterLevers(FUNDING, draw).parameters;
    expect(after.get('restorationFunding')!.value).toBeCloseTo(drawn * factor1920, 0);
    expect(after.get('additionalEarlyInterventionFunding')!.value).toBeCloseTo(drawn * factor1920, 0);
    expect(checkVariedParameter([BASE, FUNDING], 'restorationFunding')).toEqual({ unit: 'GBP per year (2019-20 prices)', value: 1.93e9 });
  });
});

describe('what outputs record', () => {
  it('the manifest says the price year and keeps each money parameter as stated, with its converted value', () => {
    const p = prepareScenario(BASE);
    expect(scenarioForManifest(p).prices).toMatchObject({ priceYear: '2024-25', file: DEFLATOR, name: 'hmt-gdp-deflator', version: '2026-03', title: 'HM Treasury GDP deflator, March 2026' });
    const m = parametersOf(p);
    expect(m.restorationFunding).toMatchObject({ value: 1.93e9, priceYear: '2019-20', converted: { priceYear: '2024-25' } });
    expect(m.restorationFunding!.converted!.value).toBeCloseTo(1.93e9 * factor1920, 0);
    expect(m.stepDown!.priceYear).toBeUndefined();
  });
});
