import { checkSchema } from './schemaCheck.js';
import { readSourceFile } from './sourceFile.js';

type Source = { title: string; year: number | string; url?: string; table?: string; note?: string };

/** Published figures by area that a run with those areas must reproduce within a relative tolerance. */
export interface AreaTargetsFile {
  file: string;
  name: string;
  tolerance: number;
  targets: { area: string; metric: string; year: string; observed: number; source: Source }[];
}

export function loadAreaTargets(file: string): AreaTargetsFile {
  const source = readSourceFile(file);
  checkSchema(source, 'areaTargets');
  const d = source.data as Omit<AreaTargetsFile, 'file'>;
  return { file, name: d.name, tolerance: d.tolerance, targets: d.targets };
}
