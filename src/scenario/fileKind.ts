import { readSourceFile } from './sourceFile.js';

/** The kinds of input file ehsim reads, each with its schema in schemas/. */
export type FileKind = 'scenario' | 'model' | 'areas' | 'correlations' | 'parameter groups' | 'discount rates' | 'price index' | 'population' | 'published series' | 'targets' | 'regional targets';

/**
 * What kind of input a file is, from the top-level keys only its kind has (a scenario has none of
 * them): so `validate` checks each file against its own schema, whatever its name.
 */
export function fileKind(file: string): FileKind {
  const d = readSourceFile(file).data as Record<string, unknown>;
  const has = (k: string) => k in d;
  if (has('states')) return 'model';
  if (has('extends') || has('model')) return 'scenario';
  if (Array.isArray(d.areas)) return 'areas';
  if (has('correlations')) return 'correlations';
  if (has('groups')) return 'parameter groups';
  if (has('schedule')) return 'discount rates';
  if (has('baseYear')) return 'price index';
  if (has('years')) return 'population';
  if (has('series')) return 'published series';
  if (Array.isArray(d.targets)) return has('tolerance') ? 'regional targets' : 'targets';
  return 'scenario';
}
