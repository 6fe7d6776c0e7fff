import { readFileSync } from 'node:fs';
import { loadScenario, sha256 } from '../scenario/loadScenario.js';
import { defaultOutputDir, writeFolderAtomically, wroteFolder, type FileContent } from './folder.js';
import { manifestHeader, pricesForManifest } from './manifest.js';

/** What every analysis (sensitivity, sweep, calibrate) runs with. */
export interface AnalysisSettings {
  seed: number;
  replicates: number;
  scale: number;
  workers: number;
}

/** manifest.json of an analysis folder: the common fields, then the analysis's own (`extra`), then the times. */
export type AnalysisManifest = ReturnType<typeof manifestHeader> & {
  analysis: string;
  files: { file: string; sha256: string }[];
  seed: number;
  replicates: number;
  scale: number;
  common_random_numbers: boolean;
  started: string;
  finished: string;
} & Record<string, unknown>;

/**
 * What every analysis folder's manifest.json records, so the result can be reproduced. The first
 * file is the (baseline) scenario: its price year, which the analysis's money is in, is recorded.
 */
export function analysisManifest(kind: string, argv: string[], files: string[], settings: AnalysisSettings, started: Date, extra: Record<string, unknown>): AnalysisManifest {
  const { tool, version, command } = manifestHeader(argv);
  const prices = loadScenario(files[0]!).prices;
  return {
    tool,
    version,
    analysis: kind,
    command,
    files: files.map((file) => ({ file, sha256: sha256(readFileSync(file, 'utf8')) })),
    seed: settings.seed,
    replicates: settings.replicates,
    scale: settings.scale,
    common_random_numbers: true,
    ...(prices ? { prices: pricesForManifest(prices) } : {}),
    ...extra,
    started: started.toISOString(),
    finished: new Date().toISOString(),
  };
}

/**
 * Writes an analysis folder atomically (default output/<kind>-<timestamp>): its tables and
 * manifest, then the rendered charts. Returns the folder and the line that says what it holds.
 */
export function writeAnalysisFolder(
  out: string | undefined,
  kind: string,
  started: Date,
  files: Map<string, FileContent>,
  charts: { names: string[]; files: Map<string, FileContent> },
): { dir: string; message: string } {
  const dir = out ?? defaultOutputDir(kind, started);
  writeFolderAtomically(dir, new Map([...files, ...charts.files]));
  return { dir, message: `\n${wroteFolder(dir, [`${[...files.keys()].join(', ')}; charts: ${charts.names.join(', ')}`])}` };
}
