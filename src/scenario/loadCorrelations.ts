import { checkSchema } from './schemaCheck.js';
import { readSourceFile } from './sourceFile.js';
import { sha256 } from './loadScenario.js';

export interface CorrelationsFile {
  file: string;
  sha256: string;
  correlations: { a: string; b: string; rho: number; source: { title: string; year: number | string } }[];
}

/**
 * Reads a correlations file (schemas/correlations.schema.json) and checks each pair against the
 * parameters being varied: both known, different, each pair once.
 */
export function loadCorrelations(file: string, varied: string[]): CorrelationsFile {
  const source = readSourceFile(file);
  checkSchema(source, 'correlations');
  const d = source.data as Omit<CorrelationsFile, 'file' | 'sha256'>;
  const seen = new Set<string>();
  d.correlations.forEach((c, i) => {
    for (const k of ['a', 'b'] as const) {
      if (!varied.includes(c[k])) throw source.error(['correlations', i, k], `'${c[k]}' is not one of the parameters being varied (${varied.join(', ')})`);
    }
    if (c.a === c.b) throw source.error(['correlations', i, 'b'], 'a parameter cannot be correlated with itself');
    const key = [c.a, c.b].sort().join('|');
    if (seen.has(key)) throw source.error(['correlations', i], `the pair ${c.a}, ${c.b} is given twice`);
    seen.add(key);
  });
  return { file, sha256: sha256(source.text), correlations: d.correlations };
}
