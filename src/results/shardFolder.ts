import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { TraceRow } from '../simulation/trace.js';
import { InputError } from '../scenario/inputError.js';

/** One replicate of one scenario, stored losslessly (JSON numbers round-trip doubles exactly). */
export interface StoredReplicate {
  scenario: number;
  replicate: number;
  values: (number | null)[][];
  entries: number[];
  events: number;
  trace: TraceRow[];
}

/** What a shard was run with: everything merge must check is the same across shards. */
export interface ShardManifest {
  tool: string;
  version: string;
  kind: 'run' | 'compare';
  command: string;
  shard: { index: number; count: number; from: string };
  seed: number;
  replicates: number;
  scale: number;
  traceChildren: number;
  crn: boolean;
  scenarios: { file: string; name: string; files: { file: string; sha256: string }[] }[];
  started: string;
  finished: string;
}

export interface ShardData {
  manifest: ShardManifest;
  results: StoredReplicate[];
}

export function storeReplicate(scenario: number, replicate: number, out: { values: Float64Array[]; entriesByEpoch: Float64Array; events: number; trace: TraceRow[] }): StoredReplicate {
  return {
    scenario,
    replicate,
    values: out.values.map((row) => Array.from(row, (v) => (Number.isNaN(v) ? null : v))),
    entries: Array.from(out.entriesByEpoch),
    events: out.events,
    trace: out.trace,
  };
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
