import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, utimesSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { fileURLToPath } from 'node:url';
import { packagePath } from '../packageRoot.js';
import type { ReplicateSettings } from '../simulation/replicate.js';
import type { ModelEpoch, WarmStart } from '../simulation/simulateReplicate.js';

/** Where warm starts are kept and how much disk they may take. */
export interface WarmCache {
  dir: string;
  maxBytes: number;
}

const MAGIC = 'ehsim-warm-start 1\n';
const SUFFIX = '.warm';

/** The cache in force: EHSIM_CACHE_DIR (default ~/.cache/ehsim/warm-start) holding at most EHSIM_CACHE_MB (default 2048). */
export function defaultWarmCache(): WarmCache {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  const dir = process.env.EHSIM_CACHE_DIR || path.join(base, 'ehsim', 'warm-start');
  const mb = Number(process.env.EHSIM_CACHE_MB ?? 2048);
  return { dir: path.resolve(dir), maxBytes: (Number.isFinite(mb) && mb >= 0 ? mb : 2048) * 2 ** 20 };
}

/** The cache commands use (set by the command line: --no-cache sets none); none unless set. */
let active: WarmCache | null = null;
export function useWarmCache(cache: WarmCache | null): void {
  active = cache;
}
export function activeWarmCache(): WarmCache | null {
  return active;
}

let toolHash: string | null = null;

/**
 * A hash of the code now running (every file of the tree this module is in: src/ under tsx or the
 * tests, or the compiled copy bin/ehsim.js runs) and package.json: a stored state is never used by
 * other code, not even by a compiled copy made from other sources run beside these (a state saved
 * by code with another record layout would be read wrongly, not refused), package.json, and the
 * Node version (states are stored with v8.serialize, whose format belongs to one V8: `npm start`
 * runs the Node 22 npm installs, plain `node` may be another).
 */
function toolFingerprint(): string {
  if (toolHash) return toolHash;
  const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
  const h = createHash('sha256');
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|js|mjs|cjs)$/.test(e.name)) h.update(path.relative(root, p)).update('\0').update(readFileSync(p)).update('\0');
    }
  };
  walk(root);
  h.update(readFileSync(packagePath('package.json'))).update('\0').update(process.version);
  return (toolHash = h.digest('hex'));
}

/**
 * The key of a replicate's state on `day`: ehsim's code, the replicate's seed, number, scale and
 * streams, the calendar, and the fingerprint of every model in force before `day` (model file,
 * parameter values, population). Everything that decides the state, and nothing after it.
 */
export function warmKey(settings: ReplicateSettings, epochs: ModelEpoch[], day: number): string {
  const { grid } = settings;
  const before = epochs.filter((e, i) => i === 0 || e.start < day).map((e) => [Number.isFinite(e.start) ? e.start : null, e.model.fingerprint()]);
  const what = [toolFingerprint(), settings.seed, settings.replicate, settings.scale, settings.countScale ?? settings.scale, settings.streamSalt ?? '', grid.warmupStart, grid.bounds, day, before];
  return createHash('sha256').update(JSON.stringify(what)).digest('hex');
}

/** A warm start for the replicate on `day`, kept in `cache` (read and written by this process only). */
export function warmStart(cache: WarmCache, settings: ReplicateSettings, epochs: ModelEpoch[], day: number): WarmStart {
  const key = warmKey(settings, epochs, day);
  const file = path.join(cache.dir, key + SUFFIX);
  return { day, load: () => load(file, key), save: (stored) => save(cache, file, key, stored) };
}

/** The stored state under `key`, or null: a missing, damaged, truncated or foreign entry is ignored, never trusted. */
function load(file: string, key: string): unknown {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return null;
  }
  try {
    if (bytes.subarray(0, MAGIC.length).toString('latin1') !== MAGIC) return null;
    const end = bytes.indexOf(10, MAGIC.length);
    const header = JSON.parse(bytes.subarray(MAGIC.length, end).toString('utf8')) as { key?: string; bytes?: number; sha256?: string };
    const payload = bytes.subarray(end + 1);
    if (header.key !== key || header.bytes !== payload.length) return null;
    if (createHash('sha256').update(payload).digest('hex') !== header.sha256) return null;
    const now = new Date();
    utimesSync(file, now, now); // recently used: evicted last
    return deserialize(payload);
  } catch {
    return null;
  }
}

function save(cache: WarmCache, file: string, key: string, stored: unknown): void {
  try {
    const payload = serialize(stored);
    if (payload.length > cache.maxBytes) return;
    mkdirSync(cache.dir, { recursive: true });
    const header = JSON.stringify({ key, bytes: payload.length, sha256: createHash('sha256').update(payload).digest('hex') });
    const tmp = `${file}.tmp-${process.pid}-${Date.now()}`;
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, MAGIC + header + '\n');
      writeSync(fd, payload);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
    evict(cache, file);
  } catch {
    // A cache that cannot be written (a full or read-only disk) only costs the next run its warm start.
  }
}

/** Removes the least recently used entries (and temporaries older than an hour) until the cache fits its bound; never `keep`. */
function evict(cache: WarmCache, keep: string): void {
  const entries = readdirSync(cache.dir).flatMap((name) => {
    if (!name.endsWith(SUFFIX) && !/\.warm\.tmp-\d+-\d+$/.test(name)) return [];
    try {
      // Only files that begin as ehsim writes them are ever removed (the folder may be the user's).
      const st = statSync(path.join(cache.dir, name));
      const temporary = !name.endsWith(SUFFIX);
      if (!(temporary && st.size === 0) && !ours(path.join(cache.dir, name))) return [];
      return [{ file: path.join(cache.dir, name), size: st.size, used: st.mtimeMs, temporary }];
    } catch {
      return [];
    }
  });
  const hourAgo = Date.now() - 3_600_000;
  for (const e of entries) if (e.temporary && e.used < hourAgo) rmSync(e.file, { force: true });
  const kept = entries.filter((e) => !e.temporary).sort((a, b) => a.used - b.used);
  let total = kept.reduce((a, e) => a + e.size, 0);
  for (const e of kept) {
    if (total <= cache.maxBytes) break;
    if (e.file === keep) continue;
    rmSync(e.file, { force: true });
    total -= e.size;
  }
}

function ours(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(MAGIC.length);
    readSync(fd, head, 0, MAGIC.length, 0);
    return head.toString('latin1') === MAGIC;
  } finally {
    closeSync(fd);
  }
}
