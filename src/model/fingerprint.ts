import { createHash } from 'node:crypto';
import type { ResolvedParameters } from '../parameters/resolveParameters.js';
import type { ModelFile } from './modelFile.js';
import type { YearPopulations } from './population.js';

const textHashes = new WeakMap<ModelFile, string>();

/**
 * A hash of everything a compiled model is made from: the model file's text, every parameter's
 * value and the population it follows. Two models with the same fingerprint simulate the same
 * way, so a stored state simulated under one can be continued under the other (warm starts).
 */
export function modelFingerprint(model: ModelFile, params: ResolvedParameters, population: YearPopulations | null): string {
  let text = textHashes.get(model);
  if (text === undefined) textHashes.set(model, (text = createHash('sha256').update(model.source.text).digest('hex')));
  const values = [...params].map(([name, p]) => [name, p.value]);
  return createHash('sha256').update(JSON.stringify([text, values, population])).digest('hex');
}
