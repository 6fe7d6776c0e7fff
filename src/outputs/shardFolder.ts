import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { PreparedScenario } from '../runs/prepare.js';
import type { TraceRow } from '../simulation/trace.js';
import { InputError } from '../scenario/inputError.js';
import { defaultOutputDir, writeFolderAtomically } from './folder.js';
import { manifestHeader, type RunRecord } from './manifest.js';

/** One replicate of one scenario, stored losslessly (JSON numbers round-trip doubles exactly). */
export interface StoredReplicate {
  scenario: number;
  replicate: number;
  values: (number | null)[][];
  entries: number[];
  events: number;
  trace: TraceRow[];
  /** The diagnostics' counts (run --diagnostics), losslessly. */
  diagnostics?: number[];
  /** With areas: each area's values, entries into states by epoch, and the days its epochs started (the first is null: -Infinity). */
  areas?: StoredArea[];
}

export interface StoredArea {
  values: (number | null)[][];
  entries: number[];
  epochStarts: (number | null)[];
}

/** Which shard of a run this process runs: replicates r with r mod count = index. */
export interface Shard {
  index: number;
  count: number;
  /** Where the shard came from, for messages and the manifest. */
  from: string;
}

/** What a shard was run with: everything merge must check is the same across shards. */
export interface ShardManifest {
  tool: string;
  version: string;
  kind: 'run' | 'compare';
  command: string;
  shard: Shard;
  seed: number;
  replicates: number;
  scale: number;
  traceChildren: number;
  /** Whether the shard counted diagnostics (absent: no). */
  diagnostics?: boolean;
  /** compare --title, carried to the merged comparison. */
  title?: string;
  crn: boolean;
  scenarios: { file: string; name: string; files: { file: string; sha256: string }[] }[];
  started: string;
  finished: string;
}

export interface ShardData {
  manifest: ShardManifest;
  results: StoredReplicate[];
}

type Output = { values: Float64Array[]; entriesByEpoch: Float64Array; epochStarts?: number[]; events: number; trace: TraceRow[]; diagnostics?: Float64Array | null; areas?: Output[] };

const storeValues = (values: Float64Array[]) => values.map((row) => Array.from(row, (v) => (Number.isNaN(v) ? null : v)));

export function storeReplicate(scenario: number, replicate: number, out: Output): StoredReplicate {
  return {
    scenario,
    replicate,
    values: out.values.map((row) => Array.from(row, (v) => (Number.isNaN(v) ? null : v))),
    entries: Array.from(out.entriesByEpoch),
    events: out.events,
    trace: out.trace,
    ...(out.diagnostics ? { diagnostics: Array.from(out.diagnostics) } : {}),
    ...(out.areas ? { areas: out.areas.map((a) => ({ values: storeValues(a.values), entries: Array.from(a.entriesByEpoch), epochStarts: (a.epochStarts ?? []).map((d) => (Number.isFinite(d) ? d : null)) })) } : {}),
  };
}

/** An area's values as stored (null: NaN). */
export function restoreAreaValues(a: StoredArea): Float64Array[] {
  return a.values.map((row) => Float64Array.from(row, (v) => (v === null ? NaN : v)));
}

export function restoreValues(stored: StoredReplicate): Float64Array[] {
  return stored.values.map((row) => Float64Array.from(row, (v) => (v === null ? NaN : v)));
}

export function readShardFolder(dir: string): ShardData {
  const manifestFile = path.join(dir, 'manifest.json');
  const dataFile = path.join(dir, 'shard.json');
  if (!existsSync(manifestFile) || !existsSync(dataFile)) throw new InputError(dir, 'not a shard folder (expected manifest.json and shard.json written by a --shard run)');
  let manifest: ShardManifest;
  let results: StoredReplicate[];
  try {
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as ShardManifest;
    results = (JSON.parse(readFileSync(dataFile, 'utf8')) as { results: StoredReplicate[] }).results;
  } catch (e) {
    throw new InputError(dir, `cannot read shard files: ${(e as Error).message}`);
  }
  if (!manifest.shard || !Array.isArray(results)) throw new InputError(dir, 'not a shard folder (its manifest has no shard)');
  return { manifest, results };
}

/** Writes a shard folder (manifest.json, shard.json): its replicates, losslessly, and what merge must check. Returns the folder. */
export function writeShardFolder(
  kind: 'run' | 'compare',
  outArg: string | undefined,
  scenarios: { file: string; prepared: PreparedScenario }[],
  stored: StoredReplicate[],
  shard: Shard,
  record: RunRecord,
  crn: boolean,
): string {
  const first = scenarios[0]!.prepared.scenario.name;
  const out = outArg ?? `${defaultOutputDir(kind === 'run' ? first : `compare-${first}`, record.started)}-shard-${shard.index}-of-${shard.count}`;
  const { tool, version, command } = manifestHeader(record.argv);
  const manifest: ShardManifest = {
    tool,
    version,
    kind,
    command,
    shard,
    seed: record.seed,
    replicates: record.replicates,
    scale: record.scale,
    traceChildren: record.traceChildren,
    ...(record.diagnostics ? { diagnostics: true } : {}),
    ...(record.title ? { title: record.title } : {}),
    crn,
    scenarios: scenarios.map((s) => ({ file: s.file, name: s.prepared.scenario.name, files: s.prepared.files })),
    started: record.started.toISOString(),
    finished: new Date().toISOString(),
  };
  const results = [...stored].sort((a, b) => a.scenario - b.scenario || a.replicate - b.replicate);
  writeFolderAtomically(
    out,
    new Map([
      ['manifest.json', JSON.stringify(manifest, null, 2) + '\n'],
      ['shard.json', JSON.stringify({ results }) + '\n'],
    ]),
  );
  return out;
}

/**
 * Reads shard folders and checks they make one whole run: the same version, kind, seed, scale,
 * replicate count, trace, pairing and scenario files, and every replicate exactly once.
 * Returns the first shard's manifest, every replicate, and when the earliest shard started.
 */
export function readShardFolders(dirs: string[]): { manifest: ShardManifest; stored: StoredReplicate[]; started: Date } {
  const shards = dirs.map((dir) => ({ dir, data: readShardFolder(dir) }));
  const first = shards[0]!;
  const m0 = first.data.manifest;
  for (const { dir, data } of shards.slice(1)) {
    const m = data.manifest;
    const fields: [string, unknown, unknown][] = [
      ['tool version', m.version, m0.version],
      ['command kind', m.kind, m0.kind],
      ['seed', m.seed, m0.seed],
      ['replicates', m.replicates, m0.replicates],
      ['scale', m.scale, m0.scale],
      ['trace', m.traceChildren, m0.traceChildren],
      ['diagnostics', m.diagnostics ?? false, m0.diagnostics ?? false],
      ['common random numbers', m.crn, m0.crn],
      ['shard count', m.shard.count, m0.shard.count],
      ['scenarios and their sha256', m.scenarios, m0.scenarios],
    ];
    for (const [field, a, b] of fields) {
      if (JSON.stringify(a) !== JSON.stringify(b)) throw new InputError(dir, `does not match ${first.dir}: ${field} differs (${JSON.stringify(a)} vs ${JSON.stringify(b)})`);
    }
  }
  const seen = new Map<string, string>();
  const stored: StoredReplicate[] = [];
  for (const { dir, data } of shards) {
    const { index, count } = data.manifest.shard;
    if (!Number.isFinite(Date.parse(data.manifest.started))) throw new InputError(dir, `manifest.json: started is not a date ('${data.manifest.started}')`);
    for (const s of data.results) {
      // A shard holds only its own replicates (r mod count = index) of the run's scenarios.
      if (!Number.isInteger(s.scenario) || s.scenario < 0 || s.scenario >= m0.scenarios.length) throw new InputError(dir, `shard.json: a result names scenario ${JSON.stringify(s.scenario)}, not one of the run's ${m0.scenarios.length}`);
      if (!Number.isInteger(s.replicate) || s.replicate < 0 || s.replicate >= m0.replicates || s.replicate % count !== index) {
        throw new InputError(dir, `shard.json: replicate ${JSON.stringify(s.replicate)} cannot be in shard ${index} of ${count} of a run of ${m0.replicates} replicates`);
      }
      const key = `${s.scenario}/${s.replicate}`;
      const other = seen.get(key);
      if (other) throw new InputError(dir, `replicate ${s.replicate} of ${m0.scenarios[s.scenario]?.name} is also in ${other}: each replicate must appear exactly once`);
      seen.set(key, dir);
      stored.push(s);
    }
  }
  const missing: string[] = [];
  m0.scenarios.forEach((sc, k) => {
    for (let r = 0; r < m0.replicates; r++) if (!seen.has(`${k}/${r}`)) missing.push(`${sc.name} replicate ${r}`);
  });
  if (missing.length) {
    throw new InputError('', `cannot merge: missing ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ` and ${missing.length - 10} more` : ''} (give every shard folder of the run)`);
  }
  return { manifest: m0, stored, started: new Date(Math.min(...shards.map((s) => Date.parse(s.data.manifest.started)))) };
}

/**
 * Every stored replicate must have the shape its scenario gives: a row per reported year, a value
 * (a number, or null for an undefined ratio) per metric, and each area's rows likewise.
 */
export function checkStoredShape(stored: StoredReplicate[], scenarios: { prepared: PreparedScenario }[]): void {
  const rowsOk = (values: unknown, years: number, metrics: number) =>
    Array.isArray(values) && values.length === years && values.every((row) => Array.isArray(row) && row.length === metrics && row.every((v) => v === null || (typeof v === 'number' && Number.isFinite(v))));
  for (const s of stored) {
    const p = scenarios[s.scenario]!.prepared;
    const [years, metrics] = [p.grid.labels.length, p.metrics.length];
    const where = `${p.scenario.name} replicate ${s.replicate}`;
    if (!rowsOk(s.values, years, metrics)) throw new InputError('', `cannot merge: ${where} does not have ${years} years of ${metrics} values (a shard.json was damaged or edited)`);
    if (!Array.isArray(s.entries) || !s.entries.every((v) => typeof v === 'number' && Number.isFinite(v)) || !(typeof s.events === 'number' && s.events >= 0)) throw new InputError('', `cannot merge: ${where} has damaged counts`);
    const areas = p.areas?.areas.length ?? 0;
    if ((s.areas?.length ?? 0) !== areas || !(s.areas ?? []).every((a) => rowsOk(a.values, years, metrics))) throw new InputError('', `cannot merge: ${where} does not have the values of its ${areas} areas`);
  }
}
