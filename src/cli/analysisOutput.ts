import path from 'node:path';
import type { Chart } from '../report/charts.js';
import { renderChart } from '../report/render.js';
import { sha256 } from '../scenario/loadScenario.js';
import { readFileSync } from 'node:fs';
import { defaultOutputDir, writeFolderAtomically, type FileContent } from '../results/outputFolder.js';
import { TOOL, VERSION } from '../version.js';
import { parseReplicates, parseScale, parseSeed, parseWorkers } from './options.js';
import { defaultWorkers } from '../parallel/replicatePool.js';

/** Options of the analysis commands (sensitivity, sweep, calibrate). */
export function analysisOptions(replicates: string, scale: string) {
  return {
    replicates: { alias: 'n', type: 'string', default: replicates, describe: 'paired Monte Carlo replicates per run (>= 1)' },
    seed: { type: 'string', default: '1', describe: 'random seed (non-negative integer); every run of the analysis uses it (common random numbers)' },
    scale: { type: 'string', default: scale, describe: 'fraction of children simulated, in (0, 1]' },
    workers: { type: 'string', describe: 'worker threads (default: all cores); results do not depend on it' },
    out: { type: 'string', describe: 'output folder (default output/<analysis>-<timestamp>)' },
  } as const;
}

export interface AnalysisSettings {
  seed: number;
  replicates: number;
  scale: number;
  workers: number;
}

export function parseAnalysisSettings(a: { seed: unknown; replicates: unknown; scale: unknown; workers?: unknown }): AnalysisSettings {
  return { seed: parseSeed(a.seed), replicates: parseReplicates(a.replicates), scale: parseScale(a.scale), workers: parseWorkers(a.workers, defaultWorkers()) };
}

/** What every analysis folder's manifest.json records, so the result can be reproduced. */
export function analysisManifest(kind: string, argv: string[], files: string[], settings: AnalysisSettings, started: Date, extra: Record<string, unknown>) {
  return {
    tool: TOOL,
    version: VERSION,
    analysis: kind,
    command: ['ehsim', ...argv].join(' '),
    files: files.map((file) => ({ file, sha256: sha256(readFileSync(file, 'utf8')) })),
    seed: settings.seed,
    replicates: settings.replicates,
    scale: settings.scale,
    common_random_numbers: true,
    ...extra,
    started: started.toISOString(),
    finished: new Date().toISOString(),
  };
}

/** Renders the charts (vega-lite spec, SVG, PNG each) and writes the whole folder atomically. */
export async function writeAnalysisFolder(out: string | undefined, kind: string, started: Date, files: Map<string, FileContent>, charts: Chart[], print: (s: string) => void): Promise<string> {
  const dir = out ?? defaultOutputDir(kind, started);
  for (const chart of charts) {
    const { svg, png } = await renderChart(chart.spec);
    files.set(`${chart.name}.vl.json`, JSON.stringify(chart.spec, null, 2) + '\n');
    files.set(`${chart.name}.svg`, svg);
    files.set(`${chart.name}.png`, png);
  }
  writeFolderAtomically(dir, files);
  print(`\nWrote ${path.relative(process.cwd(), path.resolve(dir)) || dir}/ (${[...files.keys()].filter((f) => !/\.(svg|png|vl\.json)$/.test(f)).join(', ')}; charts: ${charts.map((c) => c.name).join(', ')})`);
  return dir;
}
