import path from 'node:path';
import { readPopulationFile, type PopulationFile } from './loadPopulation.js';
import { InputError } from './inputError.js';
import { checkSchema } from './schemaCheck.js';
import { readSourceFile, type SourceFile } from './sourceFile.js';

type Source = { title: string; year: number | string; url?: string; table?: string; note?: string };

/** How an area's parameter differs from the national value: a value of its own, or a multiple of England's. */
export interface AreaOverride {
  parameter: string;
  set?: number;
  scale?: number;
  source: Source;
}

/** One place: its population, its share of the national model and the parameters that differ there. */
export interface DeclaredArea {
  code: string;
  name: string;
  population: PopulationFile;
  /** Children aged 0-17 in the share year. */
  children: number;
  /** The area's share of the national model: its children over the country's, in that year. */
  share: number;
  overrides: AreaOverride[];
  /** Position in the areas file (errors about it are located there). */
  index: number;
}

export interface AreasFile {
  file: string;
  name: string;
  version: string;
  source: Source;
  /** The year the areas' shares are measured in (shareYear, or the last year every population file holds). */
  shareYear: string;
  /** Children in the whole country in that year (the areas' sum unless the file states it). */
  nationalChildren: number;
  areas: DeclaredArea[];
  origin: SourceFile;
}

interface RawAreas {
  name: string;
  version: string;
  description?: string;
  source: Source;
  shareYear?: string;
  nationalPopulation?: number;
  areas: { code: string; name: string; population: string; parameters?: Record<string, { set?: number; scale?: number; source: Source }> }[];
}

/** Reads an areas file and every population file it names; codes and names must be unique, each override either `set` or `scale`. */
export function readAreasFile(file: string): AreasFile {
  const source = readSourceFile(file);
  checkSchema(source, 'areas');
  const raw = source.data as RawAreas;
  const codes = new Set<string>();
  const names = new Set<string>();
  const read = raw.areas.map((a, index) => {
    if (codes.has(a.code)) throw source.error(['areas', index, 'code'], `area code '${a.code}' is used twice`);
    if (names.has(a.name)) throw source.error(['areas', index, 'name'], `area name '${a.name}' is used twice`);
    codes.add(a.code);
    names.add(a.name);
    const overrides = Object.entries(a.parameters ?? {}).map(([parameter, o]): AreaOverride => {
      if ((o.set === undefined) === (o.scale === undefined)) throw source.error(['areas', index, 'parameters', parameter], `give 'set' or 'scale' for ${parameter}, not ${o.set === undefined ? 'neither' : 'both'}`);
      return { parameter, ...(o.set !== undefined ? { set: o.set } : { scale: o.scale! }), source: o.source };
    });
    const target = path.isAbsolute(a.population) ? a.population : path.join(path.dirname(file), a.population);
    let population: PopulationFile;
    try {
      population = readPopulationFile(target);
    } catch (e) {
      if (e instanceof InputError && e.line === undefined && e.file === target) throw source.error(['areas', index, 'population'], `cannot read '${a.population}': ${e.detail}`);
      throw e;
    }
    return { a, index, overrides, population };
  });
  const common = read.map((r) => r.population.years).reduce((acc, ys) => acc.filter((y) => ys.includes(y)));
  const shareYear = raw.shareYear ?? common.at(-1);
  if (shareYear === undefined) throw source.error(['areas'], "the areas' population files have no year in common, in which to measure each area's share");
  const childrenOf = (r: (typeof read)[number]): number => {
    const row = r.population.years.indexOf(shareYear);
    if (row < 0) throw source.error(['areas', r.index, 'population'], `the population file has no ${shareYear} row (the year every area's share is measured in: shareYear)`);
    return r.population.counts[row]!.reduce((x, y) => x + y, 0);
  };
  const children = read.map(childrenOf);
  const total = children.reduce((x, y) => x + y, 0);
  const nationalChildren = raw.nationalPopulation ?? total;
  if (total > nationalChildren * 1.000001) throw source.error(['nationalPopulation'], `the areas hold ${total} children in ${shareYear}, more than nationalPopulation (${nationalChildren})`);
  const areas = read.map((r, i): DeclaredArea => ({ code: r.a.code, name: r.a.name, population: r.population, children: children[i]!, share: children[i]! / nationalChildren, overrides: r.overrides, index: r.index }));
  return { file, name: raw.name, version: raw.version, source: raw.source, shareYear, nationalChildren, areas, origin: source };
}
