import { readModelFile } from '../model/modelFile.js';
import { fileKind, type FileKind } from '../scenario/fileKind.js';
import { loadAreaTargets } from '../scenario/loadAreaTargets.js';
import { readAreasFile } from '../scenario/loadAreas.js';
import { loadCorrelations } from '../scenario/loadCorrelations.js';
import { readDiscountSchedule } from '../scenario/loadDiscounting.js';
import { loadGroups } from '../scenario/loadGroups.js';
import { readPopulationFile } from '../scenario/loadPopulation.js';
import { loadPrices } from '../scenario/loadPrices.js';
import { readSeriesFile } from '../scenario/loadSeries.js';
import { loadTargets } from '../scenario/loadTargets.js';
import { readSourceFile } from '../scenario/sourceFile.js';
import { prepareScenario } from './prepare.js';

/** Every parameter a correlations or groups file names: alone, a file is checked in itself; the names are checked against a scenario when it is used. */
function namedIn(file: string, kind: 'correlations' | 'parameter groups'): string[] {
  const d = readSourceFile(file).data as { correlations?: unknown; groups?: unknown };
  const strings = (v: unknown): string[] => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.flatMap(strings) : v && typeof v === 'object' ? Object.values(v).flatMap(strings) : []);
  return strings(kind === 'correlations' ? d.correlations : d.groups);
}

/**
 * Reads and checks any input file against its own kind's schema and rules (a scenario is prepared:
 * every file it names is read and its model compiled); throws InputError on the first problem.
 * Returns the kind it checked the file as.
 */
export function checkInputFile(file: string): FileKind {
  const kind = fileKind(file);
  switch (kind) {
    case 'model': readModelFile(file); break;
    case 'areas': readAreasFile(file); break;
    case 'correlations': loadCorrelations(file, namedIn(file, kind)); break;
    case 'parameter groups': loadGroups(file, namedIn(file, kind)); break;
    case 'discount rates': readDiscountSchedule(file); break;
    case 'price index': loadPrices(file); break;
    case 'population': readPopulationFile(file); break;
    case 'published series': readSeriesFile(file); break;
    case 'targets': loadTargets(file); break;
    case 'regional targets': loadAreaTargets(file); break;
    case 'scenario': prepareScenario(file); break;
  }
  return kind;
}
