import type { DeclaredParameter, Scenario, Table } from '../scenario/loadScenario.js';
import { yearsCovered } from '../scenario/loadPrices.js';

/** Money is a unit starting "GBP" (or "£"): "GBP per week", "GBP per year". */
export function isMoney(unit: string): boolean {
  return /^(GBP|£)/i.test(unit.trim());
}

/**
 * The factor that turns a parameter's value, stated in its own price year, into the scenario's
 * price year: index[scenario's year] / index[parameter's year] of the scenario's price index.
 * It is 1 for what is not money and for a formula (computed from converted parameters, so already
 * in the scenario's price year). Checks the declaration, located at the parameter: money given as
 * a value must state a `priceYear` the index holds; a formula and what is not money must not state
 * one; and a scenario with money must name a price index (`prices`).
 */
export function priceFactor(scenario: Scenario, d: DeclaredParameter): number {
  const e = d.entry;
  const at = ['parameters', d.name];
  if (!isMoney(e.unit)) {
    if (e.priceYear !== undefined) throw d.origin.error([...at, 'priceYear'], `a price year is for money (a unit starting GBP), not ${e.unit}`);
    return 1;
  }
  if (e.formula === undefined && e.priceYear === undefined) {
    throw d.origin.error(at, `missing 'priceYear': ${e.unit} is money, so its value needs the financial year it is priced in (such as 2019-20)`);
  }
  const prices = scenario.prices;
  if (!prices) {
    const { line } = d.origin.locate(at);
    throw scenario.source.error([], `missing 'prices': parameter '${d.name}' (${d.origin.file}:${line}) is money (${e.unit}), so the scenario needs a price index to convert it with (prices: a file such as ../prices/hmt-gdp-deflator-2026-03.yaml)`);
  }
  if (e.formula !== undefined) {
    if (e.priceYear !== undefined) throw d.origin.error([...at, 'priceYear'], `a formula's money is in the scenario's price year (${prices.priceYear}), computed from converted parameters: remove priceYear`);
    return 1;
  }
  const own = prices.index.index.get(e.priceYear!);
  if (own === undefined) throw d.origin.error([...at, 'priceYear'], `${e.priceYear} is not in the price index ${prices.index.file} (${yearsCovered(prices.index)})`);
  return prices.index.index.get(prices.priceYear)! / own;
}

/** A value, or a table's breaks (the values it spreads weight over), times the price factor. */
export function convertValue(value: number | Table, factor: number): number | Table {
  if (factor === 1) return value;
  return typeof value === 'number' ? value * factor : { breaks: value.breaks.map((b) => b * factor), weights: value.weights };
}
