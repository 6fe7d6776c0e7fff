import { prepareScenario } from '../runs/prepare.js';
import { argumentError } from '../scenario/inputError.js';
import { statedValue } from './uncertainty.js';

/**
 * The parameter an analysis varies, as the scenarios declare it: a number that the model or a lever
 * reads (one nothing reads would give a flat line). Its value is as stated, money in its own price
 * year (which the unit names): the terms every override is given in.
 */
export function checkVariedParameter(files: string[], name: string): { unit: string; value: number } {
  let found: { unit: string; value: number } | null = null;
  let read = false;
  for (const file of files) {
    const p = prepareScenario(file);
    const r = p.parameters.get(name);
    if (!r) continue;
    if (typeof r.value !== 'number') throw argumentError(`parameter '${name}' is a table; only numbers can be varied`);
    if (r.formula) throw argumentError(`parameter '${name}' is a formula (${r.formula}); vary the parameters it uses`);
    found ??= statedValue(r);
    const amounts = p.scenario.levers.flatMap((l) => [l.entry.set, l.entry.add, l.entry.scale]);
    if (p.readersOf(name).length > 0 || amounts.includes(name)) read = true;
  }
  if (!found) throw argumentError(`no parameter '${name}' in ${files.join(' or ')} (ehsim explain lists them)`);
  if (!read) throw argumentError(`parameter '${name}' is read by neither the model nor a lever, so varying it changes nothing`);
  return found;
}
