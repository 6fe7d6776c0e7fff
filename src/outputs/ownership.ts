import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../scenario/inputError.js';
import { processAlive } from '../runs/liveProcess.js';

/**
 * Every folder ehsim writes holds this marker: the tool's name and every file it wrote there. A
 * folder is replaced only when the marker is ehsim's and the folder holds nothing it does not list,
 * so a folder a user made, or one where a user added files, is never deleted.
 */
export const MARKER = '.ehsim-output.json';

interface Marker {
  tool: 'ehsim';
  files: string[];
}

/** Every file under dir, relative to it, with '/' separators (the marker included). */
function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    return e.isDirectory() ? filesUnder(path.join(dir, e.name), rel) : [rel];
  });
}

function readMarker(dir: string): Marker | null {
  try {
    const m = JSON.parse(readFileSync(path.join(dir, MARKER), 'utf8')) as Partial<Marker>;
    return m.tool === 'ehsim' && Array.isArray(m.files) && m.files.every((f) => typeof f === 'string') ? (m as Marker) : null;
  } catch {
    return null;
  }
}

/** Writes dir's marker, listing every file now under it. */
export function writeMarker(dir: string): void {
  const files = filesUnder(dir).filter((f) => f !== MARKER).sort();
  writeFileSync(path.join(dir, MARKER), JSON.stringify({ tool: 'ehsim', files } satisfies Marker, null, 2) + '\n');
}

/** Adds files just written into an ehsim folder (a report added to a run) to its marker. */
export function recordFiles(dir: string, names: string[]): void {
  const m = readMarker(dir);
  if (!m) return;
  const files = [...new Set([...m.files, ...names])].sort();
  writeFileSync(path.join(dir, MARKER), JSON.stringify({ tool: 'ehsim', files } satisfies Marker, null, 2) + '\n');
}

/**
 * Throws (exit 2) unless `target` may be replaced: it must not be the working folder or one of its
 * parents, and must be a folder ehsim wrote and nothing else (its marker lists every file in it).
 */
export function checkReplaceable(dir: string, target: string): void {
  const cwd = process.cwd();
  const rel = path.relative(target, cwd);
  if (rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))) {
    throw new InputError(dir, 'is the working folder or holds it: ehsim never replaces it; choose another --out');
  }
  if (!statSync(target).isDirectory()) throw new InputError(dir, 'exists and is not a folder; choose another --out');
  const m = readMarker(target);
  if (!m) throw new InputError(dir, `output folder exists and is not one ehsim wrote (no ${MARKER}); choose another --out`);
  const listed = new Set([...m.files, MARKER]);
  const foreign = filesUnder(target).filter((f) => !listed.has(f));
  if (foreign.length) throw new InputError(dir, `holds files ehsim did not write (${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', …' : ''}); ehsim replaces only its own output: choose another --out`);
}

/** The temporary siblings ehsim makes while writing (see folder.ts): `.<name>.tmp-<pid>-<ms>` and its `-old`. */
const TEMPORARY = /^\..+\.tmp-(\d+)-\d+(-old)?$/;

/**
 * Removes temporary siblings left in `parent` by ehsim processes that no longer run (killed while
 * writing): only names of ehsim's own pattern whose process is gone, never anything else.
 */
export function removeStaleTemporaries(parent: string): void {
  if (!existsSync(parent)) return;
  for (const name of readdirSync(parent)) {
    const m = TEMPORARY.exec(name);
    if (m && Number(m[1]) !== process.pid && !processAlive(Number(m[1]))) rmSync(path.join(parent, name), { recursive: true, force: true });
  }
}
